import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const valid = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-secretvalue',
  SLACK_SIGNING_SECRET: 'signing-secret-value',
  OSPO_CHANNEL_ID: 'C0OSPO',
  OSPO_STAFF_IDS: 'U0STAFF1, U0STAFF2',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads a valid environment with the documented defaults', () => {
    const config = loadConfig(valid);
    expect(config.slack.appToken).toBeUndefined();
    expect(config.slack.apiUrl).toBe('https://slack.com/api/');
    expect(config.port).toBe(3000);
    expect(config.redisUrl).toBeUndefined();
    expect(config.databasePath).toBe('data/ospo-survey.db');
    expect(config.ospo.staffIds).toEqual(['U0STAFF1', 'U0STAFF2']);
    expect(config.ospo.timezone).toBe('UTC');
    expect(config.ospo.minGroup).toBe(3);
    expect(config.ospo.digest).toEqual({ weekday: 1, time: '09:00' });
  });

  it('lists every missing setting at once, saying where to get the tokens', () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^SLACK_BOT_TOKEN is missing: .*manifest\.yml/);
    expect(problems[1]).toMatch(/^SLACK_SIGNING_SECRET is missing: .*manifest\.yml/);
    expect(problems[2]).toMatch(/^OSPO_CHANNEL_ID is missing/);
    expect(problems[3]).toMatch(/^OSPO_STAFF_IDS is missing: nobody could run campaigns/);
  });

  it('names each malformed setting and what it should look like', () => {
    const problems = problemsOf({
      ...valid,
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      SLACK_APP_TOKEN: 'not-an-app-token',
      PORT: 'eighty',
      REDIS_URL: 'localhost:6379',
      OSPO_TIMEZONE: 'Mars/Olympus_Mons',
      OSPO_STAFF_IDS: 'U0OK,alice',
      OSPO_DIGEST_DAY: 'someday',
      OSPO_DIGEST_TIME: '9am',
    });
    expect(problems).toEqual([
      'SLACK_BOT_TOKEN must start with xoxb- (the Bot User OAuth Token)',
      'SLACK_APP_TOKEN must start with xapp- (an app-level token with connections:write)',
      'PORT must be a port number',
      'REDIS_URL must be a redis:// or rediss:// URL',
      'OSPO_TIMEZONE must be an IANA time zone such as Europe/Berlin',
      'OSPO_DIGEST_DAY must be a weekday name such as monday',
      'OSPO_DIGEST_TIME must be HH:MM, 24-hour',
      'OSPO_STAFF_IDS has "alice", which is not a Slack user ID (U…)',
    ]);
  });

  it('never prints a secret in its message', () => {
    try {
      loadConfig({ ...valid, SLACK_BOT_TOKEN: 'xoxp-very-secret-token', SLACK_SIGNING_SECRET: 'x7q!' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('very-secret');
      expect((err as Error).message).not.toContain('x7q!');
      expect((err as Error).message).toContain('SLACK_SIGNING_SECRET looks too short');
    }
  });

  it('accepts a staff user group instead of staff IDs, and Socket Mode with an app token', () => {
    const config = loadConfig({
      ...valid,
      OSPO_STAFF_IDS: '',
      OSPO_STAFF_GROUP_ID: 'S0OSPO',
      SLACK_APP_TOKEN: 'xapp-1-A',
    });
    expect(config.ospo.staffIds).toEqual([]);
    expect(config.ospo.staffGroupId).toBe('S0OSPO');
    expect(config.slack.appToken).toBe('xapp-1-A');
  });
});
