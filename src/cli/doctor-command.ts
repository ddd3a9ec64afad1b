import { performance } from 'node:perf_hooks';
import { defineCommand, renderUsage } from 'citty';
import { checkBotConfig } from '../bot/bot-config.ts';
import { commands, messageCommands } from '../bot/commands/index.ts';
import { fetchDiscordAccount, type DiscordAccount } from '../bot/discord-account.ts';
import { inviteUrl } from '../bot/invite.ts';
import { loadConfig, type Config } from '../config.ts';
import { loadModel } from '../embed/create.ts';
import { describeEmbedder } from '../embed/embedder.ts';
import { ModelError } from '../embed/model-errors.ts';
import { isUserError } from '../errors.ts';
import { listSeedFiles } from '../ingest/read.ts';
import { silentLogger } from '../log.ts';
import { openSearcher } from '../search/searcher.ts';

export type Status = 'ok' | 'note' | 'problem' | 'skipped';

/** One finding: printed as one line, `problem` lines say how to fix it. `note`: works, with less than it could. */
export interface Check {
  status: Status;
  name: string;
  text: string;
}

export const doctorCommand = defineCommand({
  meta: {
    name: 'doctor',
    description:
      "Check the configuration, the seeds, the index, the model and, when DISCORD_TOKEN is set, the bot's Discord account. Never starts the bot; exits 1 if anything needs fixing.",
  },
  args: {},
});

export interface DoctorOptions {
  args: string[];
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
  cwd?: string;
}

/**
 * `npm run doctor`. Not run through runCli: a configuration that does not validate is one of the
 * findings here, not a reason to stop. Returns the exit code.
 */
export async function runDoctor({ args, env, out, err, cwd = process.cwd() }: DoctorOptions): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    out(await renderUsage(doctorCommand));
    return 0;
  }
  if (args.length > 0) {
    err(`error: doctor takes no options or arguments, got ${args.join(' ')} (see --help).`);
    return 1;
  }
  out('Checking the configuration, the seeds, the index, the model and Discord (the bot is not started).');
  let problems = 0;
  try {
    for await (const check of runChecks(env, cwd)) {
      if (check.status === 'problem') problems += 1;
      out(formatCheck(check));
    }
  } catch (error) {
    err(`error: unexpected failure: ${error instanceof Error ? error.message : String(error)} (this is a bug).`);
    return 1;
  }
  out(
    problems === 0
      ? 'No problems found.'
      : `${problems} ${problems === 1 ? 'problem' : 'problems'}: fix ${problems === 1 ? 'it' : 'them'} and run npm run doctor again.`,
  );
  return problems === 0 ? 0 : 1;
}

export function formatCheck({ status, name, text }: Check): string {
  return `${status.padEnd(7)} ${name}: ${text}`;
}

/** Yields each check as it finishes, so a slow model load does not hide the lines before it. */
async function* runChecks(env: NodeJS.ProcessEnv, cwd: string): AsyncGenerator<Check> {
  let config: Config;
  try {
    config = loadConfig(env, cwd);
  } catch (error) {
    if (!isUserError(error)) throw error;
    yield { status: 'problem', name: 'configuration', text: `${error.message.split('\n').slice(1).join(' ')} Fix it in the environment or .env.` };
    for (const name of ['seeds', 'index', 'model', 'discord'])
      yield { status: 'skipped', name, text: 'not checked until the configuration is valid.' };
    return;
  }
  yield { status: 'ok', name: 'configuration', text: `valid (EMBEDDER=${config.embed.kind}, INDEX_DIR=${config.paths.indexDir}).` };
  yield await checkSeeds(config);
  yield await checkIndex(config);
  yield await checkModel(config);
  yield* checkDiscord(config);
}

/** Seeds matter only to `npm run index`: a bot serving a built index runs without them, hence a note. */
async function checkSeeds(config: Config): Promise<Check> {
  const { seedsDir } = config.paths;
  try {
    const files = await listSeedFiles(seedsDir);
    if (files.length === 0)
      return { status: 'note', name: 'seeds', text: `${seedsDir} holds no .txt or .md files: put articles there before npm run index.` };
    return { status: 'ok', name: 'seeds', text: `${seedsDir}: ${files.length} .txt/.md ${files.length === 1 ? 'file' : 'files'}.` };
  } catch (error) {
    return { status: 'note', name: 'seeds', text: failure(error, `check SEEDS_DIR (${seedsDir}).`) };
  }
}

async function checkIndex(config: Config): Promise<Check> {
  const indexDir = config.paths.indexDir;
  const started = performance.now();
  try {
    const stats = (await openSearcher({ indexDir, config, log: silentLogger })).stats();
    const ms = Math.round(performance.now() - started);
    return {
      status: 'ok',
      name: 'index',
      text: `${indexDir}: ${stats.passages} passages from ${stats.articles} articles in ${stats.files} files, ${describeEmbedder(stats.embedder)}, built ${stats.builtAt}, loaded in ${ms} ms.`,
    };
  } catch (error) {
    return { status: 'problem', name: 'index', text: failure(error, `rebuild it with npm run index (INDEX_DIR=${indexDir}).`) };
  }
}

async function checkModel(config: Config): Promise<Check> {
  const { embed, paths } = config;
  if (embed.kind === 'ngram')
    return {
      status: 'ok',
      name: 'model',
      text: 'none needed: EMBEDDER=ngram uses the built-in offline embedder (English questions will not match Arabic text).',
    };
  const started = performance.now();
  try {
    const embedder = await loadModel(embed, paths.modelsDir);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return { status: 'ok', name: 'model', text: `${describeEmbedder(embedder.info)} loads (${seconds} s).` };
  } catch (error) {
    if (embed.kind === 'auto' && error instanceof ModelError)
      return {
        status: 'note',
        name: 'model',
        text: `${error.problem}, so npm run index uses the offline n-gram embedder (English questions will not match). To use the model: ${error.fix}`,
      };
    return { status: 'problem', name: 'model', text: failure(error, 'set EMBEDDING_MODEL to a local model folder, or use EMBEDDER=ngram.') };
  }
}

async function* checkDiscord(config: Config): AsyncGenerator<Check> {
  const { token, clientId, guildId, registerOnStart } = config.bot;
  if (!token) {
    yield {
      status: 'skipped',
      name: 'discord',
      text: 'DISCORD_TOKEN is not set (npm start and npm run register need it; see README, "Run the bot").',
    };
    return;
  }
  try {
    checkBotConfig(config, 'start');
  } catch (error) {
    if (!isUserError(error)) throw error;
    for (const line of error.message.split('\n').slice(1)) yield { status: 'problem', name: 'discord', text: line };
    return;
  }
  let account: DiscordAccount;
  try {
    account = await fetchDiscordAccount(config);
  } catch (error) {
    yield { status: 'problem', name: 'discord', text: failure(error, 'check the network and DISCORD_API_URL.') };
    return;
  }
  const { user, application, guilds } = account;
  yield {
    status: 'ok',
    name: 'discord',
    text: `DISCORD_TOKEN accepted: bot ${printable(user.username)} (${user.id}) of application ${printable(application.name)} (${application.id}).`,
  };
  if (clientId && clientId !== application.id)
    yield {
      status: 'problem',
      name: 'client id',
      text: `DISCORD_CLIENT_ID=${clientId} is not this token's application: set DISCORD_CLIENT_ID=${application.id}.`,
    };
  else if (!clientId)
    yield {
      status: 'note',
      name: 'client id',
      text: `DISCORD_CLIENT_ID is not set; npm run register needs it: set DISCORD_CLIENT_ID=${application.id}.`,
    };

  const invite = inviteUrl(application.id);
  if (guilds.length === 0) yield { status: 'problem', name: 'servers', text: `the bot is in no server: invite it with ${invite}` };
  else if (guildId && !guilds.some((g) => g.id === guildId))
    yield {
      status: 'problem',
      name: 'servers',
      text: `the bot is not in DISCORD_GUILD_ID=${guildId} (it is in ${listGuilds(guilds)}): invite it there with ${invite}`,
    };
  else
    yield {
      status: 'ok',
      name: 'servers',
      text: `the bot is in ${guilds.length === 1 ? '1 server' : `${guilds.length} servers`}: ${listGuilds(guilds)}.`,
    };

  const registered = account.commands;
  if (registered === null || guilds.length === 0) return;
  if (!Array.isArray(registered)) {
    yield { status: 'skipped', name: 'commands', text: `the registered commands could not be read (${registered.unreadable}).` };
    return;
  }
  const scope = guildId ? `server ${guildId}` : 'globally';
  const missing = [...commands, ...messageCommands].map((c) => c.definition.name).filter((name) => !registered.includes(name));
  // Slash command names have no spaces; message commands ("Find sources") are shown quoted.
  const names = (list: string[]) => list.map((name) => (name.includes(' ') ? `"${name}"` : `/${name}`)).join(', ');
  if (missing.length === 0)
    yield {
      status: 'ok',
      name: 'commands',
      text: `${names(registered)} registered ${scope}${guildId ? '' : ' (new global commands can take up to an hour to appear)'}.`,
    };
  else if (registerOnStart)
    yield {
      status: 'note',
      name: 'commands',
      text: `${names(missing)} not registered ${scope} yet; npm start registers them (REGISTER_ON_START=1).`,
    };
  else yield { status: 'problem', name: 'commands', text: `${names(missing)} not registered ${scope}: run npm run register.` };
}

const SHOWN_GUILDS = 5;

function listGuilds(guilds: DiscordAccount['guilds']): string {
  const shown = guilds.slice(0, SHOWN_GUILDS).map((g) => `${printable(g.name)} (${g.id})`);
  return guilds.length > SHOWN_GUILDS ? `${shown.join(', ')} and ${guilds.length - SHOWN_GUILDS} more` : shown.join(', ');
}

/** A UserError already says what to do; anything else gets its message and `fix`. */
function failure(error: unknown, fix: string): string {
  if (isUserError(error)) return error.message;
  return `${error instanceof Error ? error.message : String(error)}: ${fix}`;
}

/** Names come from Discord users: no control characters (terminal escapes) reach the operator's terminal. */
function printable(text: string): string {
  return text.replace(/\p{Cc}/gu, '');
}
