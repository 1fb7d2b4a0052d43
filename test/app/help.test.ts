import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ background: false });
});
afterAll(() => h?.stop());

function responseTexts(): string[] {
  return h.emulator.callsTo('response_url').map((c) => JSON.stringify(c.args));
}

describe('the running app, spoken to as Slack does', () => {
  it('answers a signed /ospo-survey help with the command list, visible only to the caller', async () => {
    const before = h.emulator.callsTo('response_url').length;
    const res = await h.slack.command({ userId: h.staffId, text: 'help' });
    expect(res.status).toBe(200);
    const reply = await h.emulator.waitFor(
      (c) => c.method === 'response_url' && h.emulator.callsTo('response_url').indexOf(c) >= before,
    );
    const args = reply.args as { response_type?: string; text?: string; blocks?: unknown[] };
    expect(args.response_type).toBe('ephemeral');
    expect(JSON.stringify(args.blocks)).toContain('/ospo-survey help');
  });

  it('refuses a request with a wrong signature: 401 and no reply', async () => {
    const before = responseTexts().length;
    const res = await h.slack.command(
      { userId: h.staffId, text: 'help' },
      { secret: 'not-the-signing-secret' },
    );
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(responseTexts()).toHaveLength(before);
  });

  it('refuses a correctly signed request older than five minutes: 401 and no reply', async () => {
    const before = responseTexts().length;
    const res = await h.slack.command(
      { userId: h.staffId, text: 'help' },
      { timestamp: Math.floor(Date.now() / 1000) - 5 * 60 - 5 },
    );
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(responseTexts()).toHaveLength(before);
  });

  it('tells someone who mistypes a subcommand what it does not know and where to look', async () => {
    const before = h.emulator.callsTo('response_url').length;
    await h.slack.command({ userId: h.memberId, text: 'frobnicate <!channel>' });
    const reply = await h.emulator.waitFor(
      (c) => c.method === 'response_url' && h.emulator.callsTo('response_url').indexOf(c) >= before,
    );
    expect(JSON.stringify(reply.args)).toContain("I don't know `frobnicate`");
  });

  it('reports health: 200 while Redis and SQLite answer', async () => {
    const res = await fetch(h.appUrl.replace('/slack/events', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, sqlite: 'ok', redis: 'ok' });
  });

  it('reports health: 503 naming Redis while Redis is down, 200 again once it is back', async () => {
    const url = h.appUrl.replace('/slack/events', '/healthz');
    await h.redis.stop({ keepData: true });
    const down = await fetch(url);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false, sqlite: 'ok', redis: 'down' });
    await h.redis.restart();
    await expect.poll(async () => (await fetch(url)).status, { timeout: 10_000 }).toBe(200);
  });
});
