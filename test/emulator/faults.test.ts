import { afterEach, describe, expect, it } from 'vitest';
import {
  type Emulator,
  type EmulatorOptions,
  makeWorkspace,
  startEmulator,
} from '../../src/sandbox/emulator/index.js';
import { api } from './helpers.js';

const ws = makeWorkspace();
const user = ws.humanIds[0] as string;
const running: Emulator[] = [];
async function emulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startEmulator({ workspace: ws, rateLimits: false, ...opts });
  running.push(emu);
  return emu;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

describe('fault injection', () => {
  it('failNext fails exactly the next N calls of a method with HTTP 500, then answers normally', async () => {
    const emu = await emulator();
    emu.failNext('chat.postMessage', { status: 500, count: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await api(emu, 'chat.postMessage', { channel: user, text: `m${i}` })).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(emu.messagesTo(user).map((m) => m.text)).toEqual(['m2']);
    expect(emu.callsTo('chat.postMessage').map((c) => c.injected)).toEqual([
      'failNext',
      'failNext',
      undefined,
    ]);
    // Other methods are untouched.
    expect((await api(emu, 'auth.test')).status).toBe(200);
  });

  it('failNext can inject a 429 with Retry-After, or a Slack error with HTTP 200', async () => {
    const emu = await emulator();
    emu.failNext('views.open', { status: 429, retryAfterMs: 2500 });
    const limited = await api(emu, 'views.open', { trigger_id: emu.mintTriggerId(user), view: {} });
    expect([limited.status, limited.headers.get('retry-after'), limited.body.error]).toEqual([
      429,
      '3',
      'ratelimited',
    ]);
    emu.failNext('users.info', { status: 200, error: 'fatal_error' });
    const failed = await api(emu, 'users.info', { user });
    expect([failed.status, failed.body]).toEqual([200, { ok: false, error: 'fatal_error' }]);
  });

  it('random faults follow the seed: same seed, same failures', async () => {
    const outcomes = async (seed: number) => {
      const emu = await emulator({ faults: { method: 'users.info', rate: 0.3, status: 503 }, seed });
      const out: number[] = [];
      for (let i = 0; i < 40; i++) out.push((await api(emu, 'users.info', { user })).status);
      expect((await api(emu, 'auth.test')).status).toBe(200);
      return out;
    };
    const a = await outcomes(7);
    const b = await outcomes(7);
    const c = await outcomes(8);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const failures = a.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(3);
    expect(failures).toBeLessThan(25);
  });

  it('adds latency per method', async () => {
    const emu = await emulator({ delayMs: { 'users.info': 150 } });
    const t0 = performance.now();
    await api(emu, 'users.info', { user });
    const slow = performance.now() - t0;
    const t1 = performance.now();
    await api(emu, 'auth.test');
    const fast = performance.now() - t1;
    expect(slow).toBeGreaterThanOrEqual(145);
    expect(fast).toBeLessThan(100);
  });
});
