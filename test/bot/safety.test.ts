import { beforeAll, describe, expect, it } from 'vitest';
import { escapeUntrusted } from '../../src/bot/escape.ts';
import * as p from './fake-discord/payloads.ts';
import type { RecordedRequest } from './fake-discord/server.ts';
import { overrideSearcher } from './helpers/searcher.ts';
import { askCommand, isCallback, isEdit, liveBotPerTest, newUser } from './helpers/live-bot.ts';
import { buildTempIndex } from './helpers/temp-index.ts';

const ZWSP = '\u200B';
const ATTACKS = ['<@123>', '<@&456>', '@everyone', '@here', '```', '[masked](https://x)', '# heading', 'https://evil.example/x'];
const ANSWERABLE = 'كم عدد المركبات المدرعة التي سلمها الانفصاليون؟';

let index: Awaited<ReturnType<typeof buildTempIndex>>;

beforeAll(async () => {
  index = await buildTempIndex();
});
const live = liveBotPerTest(300);

/** Mentions, links, fences, masked links and headings that Discord would act on, unescaped. */
const LIVE = [/<@[!&]?\d/, /@(everyone|here)/, /https?:\/\//, /```/, /(?<!\\)\[[^\]]*\]\(/, /^\u200F?#/m];
function expectNothingLive(text: string): void {
  for (const pattern of LIVE) expect(text).not.toMatch(pattern);
}

/** Every request that carries message text must also carry allowed_mentions with nothing to parse. */
function expectNoPings(requests: RecordedRequest[]): void {
  const messages = requests.flatMap((r) => {
    const body = r.path.endsWith('/callback') ? r.body?.data : r.body;
    return body && (body.content !== undefined || body.embeds !== undefined) ? [body] : [];
  });
  expect(messages.length).toBeGreaterThan(0);
  for (const body of messages) expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
}

describe('untrusted text never pings and is shown literally', () => {
  it('escapes mentions, fences, masked links, headings and bare links in the echoed question; no payload can ping', async () => {
    // The question is echoed only in a confident answer: force confidence so the echo is always there.
    await live.start(index.indexDir, {
      wrap: (s) => overrideSearcher(s, { search: async (q, o) => ({ ...(await s.search(q, o)), confident: true }) }),
    });
    const sent = ATTACKS.map((attack) => ({ attack, d: askCommand(live.fake, `${attack}\n${ANSWERABLE}`) }));
    for (const { attack, d } of sent) {
      const edit = await live.fake.waitFor(isEdit(d));
      const content = edit.body.content as string;
      expect(content).toContain(escapeUntrusted(attack));
      expectNothingLive(content);
    }
    const contents = sent.map(({ d }) => live.fake.requests.find(isEdit(d))!.body.content as string).join('\n');
    expect(contents).toContain(`<@${ZWSP}123>`);
    expect(contents).toContain(`<@${ZWSP}&456>`);
    expect(contents).toContain(`@${ZWSP}everyone`);
    expect(contents).toContain(`@${ZWSP}here`);
    expect(contents).toContain('\\`\\`\\`');
    expect(contents).toContain(`\\[masked](https${ZWSP}://x)`);
    expect(contents).toContain('\\# heading');
    expect(contents).toContain(`https${ZWSP}://evil.example/x`);
    expectNoPings(live.fake.requests);
  });

  it('escapes passages, titles, outlets and file names from scraped pages, in /ask and /source', async () => {
    const hostile = 'تقرير <@&456> @everyone https://evil.example ```\n# عنوان\n[اضغط](https://x)';
    await live.start(index.indexDir, {
      wrap: (s) => {
        const poison = <T extends { text: string; article: object }>(passage: T): T => ({
          ...passage,
          text: `${hostile}\n${passage.text}`,
          article: { ...passage.article, title: '**@here** # t', publisher: '<@123> https://outlet.example', file: '__x__.txt' },
        });
        return overrideSearcher(s, {
          search: async (q, o) => {
            const response = await s.search(q, o);
            return { ...response, results: response.results.map((r) => ({ ...r, passage: poison(r.passage) })) };
          },
          source: (id) => {
            const view = s.source(id);
            return { ...view, passage: poison(view.passage) };
          },
        });
      },
    });
    const d = askCommand(live.fake, ANSWERABLE);
    const edit = await live.fake.waitFor(isEdit(d));
    const embed = edit.body.embeds[0];
    expectNothingLive(edit.body.content);
    for (const e of edit.body.embeds) expectNothingLive([e.title, e.description, ...e.fields.map((f: { value: string }) => f.value)].join('\n'));
    expect(embed.description).toContain('\\# عنوان');
    expect(embed.title).toContain(`\\*\\*@${ZWSP}here\\*\\*`);
    expect(embed.fields[1].value).toContain(`<@${ZWSP}123> https${ZWSP}://outlet.example`);
    expect(embed.fields[3].value).toContain('\\_\\_x\\_\\_.txt');

    const id = /`([a-z0-9]+)`/.exec(embed.fields[0].value)![1]!;
    const source = live.fake.dispatchInteraction(p.commandInteraction('source', { id }, newUser()));
    const reply = await live.fake.waitFor(isCallback(source));
    for (const e of reply.body.data.embeds) expectNothingLive([e.title, e.description, ...(e.fields ?? []).map((f: { value: string }) => f.value)].join('\n'));
    expectNoPings(live.fake.requests);
  });

  it('sends private replies (unknown id, bad question) with allowed_mentions too', async () => {
    await live.start(index.indexDir);
    const unknown = live.fake.dispatchInteraction(p.commandInteraction('source', { id: '@everyone' }, newUser()));
    const reply = await live.fake.waitFor(isCallback(unknown));
    expect(reply.body.data.content).toContain(`@${ZWSP}everyone`);
    const bad = askCommand(live.fake, '?!');
    await live.fake.waitFor(isCallback(bad));
    expectNoPings(live.fake.requests);
  });
});
