import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CONFIG_KEYS, ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('given no variables, runs the terminal default with no chat platform', () => {
    const c = loadConfig({});
    expect(c.dbPath).toBe('./data/newsdesk.db');
    expect(c.discord).toBeUndefined();
    expect(c.slack).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('given several bad variables, lists every one at once without echoing secrets', () => {
    let err: ConfigError | undefined;
    try {
      loadConfig({ DISCORD_TOKEN: 'secret-discord-token', SLACK_BOT_TOKEN: 'not-a-bot-token-123', NEWSDESK_TIME_ZONE: 'Mars/Olympus', SLACK_PORT: 'abc' });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const text = err!.message;
    for (const key of ['DISCORD_APPLICATION_ID', 'SLACK_BOT_TOKEN', 'NEWSDESK_TIME_ZONE', 'SLACK_PORT', 'SLACK_SIGNING_SECRET']) expect(text).toContain(key);
    expect(text).not.toContain('secret-discord-token');
    expect(text).not.toContain('not-a-bot-token-123');
  });

  it('given Slack credentials, enables Slack with the admin allow-list split', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_ADMIN_USERS: 'U1, U2' });
    expect(c.slack?.adminUsers).toEqual(['U1', 'U2']);
    expect(c.slack?.appToken).toBeUndefined();
  });

  it('given .env.example, it names every configuration key and nothing else', () => {
    const keys = [...readFileSync('.env.example', 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    expect([...keys].sort()).toEqual([...CONFIG_KEYS].sort());
  });

  it('given the README, its configuration table names every key', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const key of CONFIG_KEYS) expect(readme, key).toContain(`\`${key}\``);
  });
});
