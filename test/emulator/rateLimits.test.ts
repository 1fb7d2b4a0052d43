import { afterEach, describe, expect, it } from 'vitest';
import {
  type Emulator,
  type EmulatorOptions,
  makeWorkspace,
  minimumDurationMs,
  RETRY_AFTER_MS_HEADER,
  startEmulator,
} from '../../src/sandbox/emulator/index.js';
import { api, sleep } from './helpers.js';

const ws = makeWorkspace();
const running: Emulator[] = [];
async function emulator(opts: EmulatorOptions): Promise<Emulator> {
  const emu = await startEmulator({ workspace: ws, ...opts });
  running.push(emu);
  return emu;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

describe('rate limits (per method, per workspace, Slack tiers)', () => {
  it('answers a Tier 2 burst beyond the limit with 429, Retry-After in whole seconds and ratelimited', async () => {
    // Unscaled: Tier 2 is 20 per minute, so one call frees up every 3 s.
    const emu = await emulator({});
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof api>> | undefined;
    for (let i = 0; i < 5; i++) {
      const r = await api(emu, 'usergroups.users.list', { usergroup: ws.staffGroupId });
      statuses.push(r.status);
      if (r.status === 429) refused ??= r;
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(refused?.body).toEqual({ ok: false, error: 'ratelimited' });
    // The first refusal came well within a second of the burst, so about 3 s remain: "3" in whole seconds.
    const preciseMs = Number(refused?.headers.get(RETRY_AFTER_MS_HEADER));
    expect(preciseMs).toBeGreaterThan(2000);
    expect(preciseMs).toBeLessThanOrEqual(3000);
    expect(refused?.headers.get('retry-after')).toBe('3');
    expect(emu.callsTo('usergroups.users.list').filter((c) => c.rateLimited)).toHaveLength(2);
  });

  it('scales windows with timeScale, and a retry after the precise hint succeeds', async () => {
    // 2 per minute at 60× is 2 per second: one call frees up every 500 ms.
    const emu = await emulator({
      timeScale: 60,
      limits: { 'usergroups.users.list': { limit: 2, burst: 3 } },
    });
    for (let i = 0; i < 3; i++) await api(emu, 'usergroups.users.list', { usergroup: ws.staffGroupId });
    const refused = await api(emu, 'usergroups.users.list', { usergroup: ws.staffGroupId });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    const wait = Number(refused.headers.get(RETRY_AFTER_MS_HEADER));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(500);
    await sleep(wait);
    expect((await api(emu, 'usergroups.users.list', { usergroup: ws.staffGroupId })).status).toBe(200);
  });

  it('never refuses a client pacing exactly at the limit, and does refuse one pacing at twice the limit', async () => {
    // At 120×, 20 per minute is one call per 25 ms. The second run keeps the 25 ms pace against a limit of
    // half that, so it stays twice too fast even on a slow machine.
    const run = async (perMinute: number, n: number) => {
      const emu = await emulator({ timeScale: 120, limits: { 'users.list': { limit: perMinute } } });
      const intervalMs = 60_000 / 120 / 20;
      let lastSent = Number.NEGATIVE_INFINITY;
      let refused = 0;
      for (let i = 0; i < n; i++) {
        const wait = lastSent + intervalMs - performance.now();
        if (wait > 0) await sleep(wait);
        lastSent = performance.now();
        if ((await api(emu, 'users.list', { limit: 5 })).status === 429) refused++;
      }
      return refused;
    };
    expect(await run(20, 24)).toBe(0);
    expect(await run(10, 24)).toBeGreaterThan(0);
  });

  it('limits chat.postMessage per channel (1/s, burst 3) without blocking other channels', async () => {
    const emu = await emulator({});
    const dmStatuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      dmStatuses.push(
        (await api(emu, 'chat.postMessage', { channel: ws.humanIds[0], text: `m${i}` })).status,
      );
    }
    expect(dmStatuses).toEqual([200, 200, 200, 429]);
    const other = await api(emu, 'chat.postMessage', { channel: ws.humanIds[1], text: 'elsewhere' });
    expect(other.status).toBe(200);
    expect(emu.messagesTo(ws.humanIds[0] as string)).toHaveLength(3);
  });

  it('can be lifted entirely or per method', async () => {
    const off = await emulator({ rateLimits: false });
    const offStatuses = await Promise.all(
      Array.from({ length: 30 }, () => api(off, 'usergroups.users.list', { usergroup: ws.staffGroupId })),
    );
    expect(offStatuses.every((r) => r.status === 200)).toBe(true);
    const tuned = await emulator({
      limits: { 'usergroups.users.list': false, 'users.info': { limit: 1, burst: 1 } },
    });
    for (let i = 0; i < 10; i++) {
      expect((await api(tuned, 'usergroups.users.list', { usergroup: ws.staffGroupId })).status).toBe(200);
    }
    expect((await api(tuned, 'users.info', { user: ws.humanIds[0] })).status).toBe(200);
    expect((await api(tuned, 'users.info', { user: ws.humanIds[0] })).status).toBe(429);
  });
});

describe('minimumDurationMs', () => {
  it('is zero within the burst and (n - burst) × window / limit beyond it', () => {
    expect(minimumDurationMs('users.list', 3)).toBe(0);
    expect(minimumDurationMs('users.list', 23)).toBeCloseTo(20 * 3000, 6);
    expect(minimumDurationMs('users.list', 23, { timeScale: 60 })).toBeCloseTo(20 * 50, 6);
    expect(minimumDurationMs('views.open', 110)).toBeCloseTo(100 * 600, 6);
    expect(minimumDurationMs('users.list', 1000, { rateLimits: false })).toBe(0);
  });

  it('accounts for chat.postMessage’s per-channel limit and workspace cap', () => {
    expect(minimumDurationMs('chat.postMessage', 10)).toBeCloseTo(7 * 1000, 6);
    // 700 DMs to 100 people: 7 each is within reach per channel, the 600/min workspace cap decides.
    expect(minimumDurationMs('chat.postMessage', 700, { channels: 100 })).toBeCloseTo((700 - 20) * 100, 6);
  });

  it('is a floor the emulator really enforces: a client retrying on the precise hint cannot beat it', async () => {
    const emu = await emulator({ timeScale: 60 });
    const n = 13;
    const floor = minimumDurationMs('usergroups.users.list', n, { timeScale: 60 });
    expect(floor).toBeCloseTo(500, 6);
    let first = 0;
    let last = 0;
    for (let ok = 0; ok < n; ) {
      const sent = performance.now();
      const r = await api(emu, 'usergroups.users.list', { usergroup: ws.staffGroupId });
      if (r.status === 200) {
        if (ok === 0) first = sent;
        last = performance.now();
        ok++;
      } else {
        await sleep(Number(r.headers.get(RETRY_AFTER_MS_HEADER)));
      }
    }
    expect(last - first).toBeGreaterThanOrEqual(floor - 2);
    expect(last - first).toBeLessThan(floor + 1500);
  });
});
