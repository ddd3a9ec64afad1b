import { describe, expect, it } from 'vitest';
import { checkBotConfig } from '../../src/bot/bot-config.ts';
import { loadConfig } from '../../src/config.ts';

const config = (env: Record<string, string>) => loadConfig(env);
const problems = (env: Record<string, string>, purpose: 'start' | 'register') => {
  try {
    checkBotConfig(config(env), purpose);
    return [];
  } catch (error) {
    return (error as Error).message.split('\n').slice(1);
  }
};

describe('checkBotConfig', () => {
  it('needs only the token to start', () => {
    expect(problems({ DISCORD_TOKEN: 'abc.def' }, 'start')).toEqual([]);
    expect(problems({}, 'start')).toEqual([expect.stringMatching(/^DISCORD_TOKEN is not set/)]);
  });

  it('needs the client id to register, or to start with REGISTER_ON_START=1', () => {
    expect(problems({ DISCORD_TOKEN: 'abc' }, 'register')).toEqual([expect.stringMatching(/^DISCORD_CLIENT_ID is not set/)]);
    expect(problems({ DISCORD_TOKEN: 'abc', REGISTER_ON_START: '1' }, 'start')).toEqual([
      expect.stringMatching(/^DISCORD_CLIENT_ID is not set .*REGISTER_ON_START=1/),
    ]);
  });

  it('gives one line per problem', () => {
    expect(problems({ DISCORD_CLIENT_ID: 'my-app', DISCORD_GUILD_ID: '12' }, 'register')).toEqual([
      expect.stringMatching(/^DISCORD_TOKEN is not set/),
      expect.stringMatching(/^DISCORD_CLIENT_ID="my-app" is not an application id/),
      expect.stringMatching(/^DISCORD_GUILD_ID="12" is not a server id/),
    ]);
  });

  it('never repeats the token, even when it is malformed', () => {
    const token = 'Bot MTIz.secret value';
    const lines = problems({ DISCORD_TOKEN: token }, 'start');
    expect(lines).toEqual([expect.stringMatching(/^DISCORD_TOKEN contains spaces/)]);
    expect(lines.join('\n')).not.toContain('secret');
  });
});

describe('SHUTDOWN_GRACE_SECONDS', () => {
  it('defaults to 10 s and takes 0–600 whole seconds', () => {
    expect(config({}).bot.shutdownGraceMs).toBe(10_000);
    expect(config({ SHUTDOWN_GRACE_SECONDS: '0' }).bot.shutdownGraceMs).toBe(0);
    expect(config({ SHUTDOWN_GRACE_SECONDS: '600' }).bot.shutdownGraceMs).toBe(600_000);
  });

  it.each(['-1', '601', 'ten', '2.5'])('rejects %s naming the variable', (value) => {
    expect(() => config({ SHUTDOWN_GRACE_SECONDS: value })).toThrow(`SHUTDOWN_GRACE_SECONDS must be a whole number from 0 to 600, got '${value}'`);
  });
});
