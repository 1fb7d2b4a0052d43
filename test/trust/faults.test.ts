import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startDigestBackground } from '../../src/digest/worker.js';
import { startPrivacyBackground } from '../../src/privacy/worker.js';
import {
  type Emulator,
  type EmulatorOptions,
  makeWorkspace,
  startEmulator,
} from '../../src/sandbox/emulator/index.js';
import { createSlackSender } from '../../src/sandbox/signedRequests.js';
import { manifestBotScopes } from '../../src/sandbox/stack.js';
import { virtualClock } from '../../src/schedule/clock.js';
import { startInterviewBackground } from '../../src/schedule/interviewWorker.js';
import { listCampaigns } from '../../src/store/campaigns.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { listCampaignInterviews } from '../../src/store/interviews.js';
import { startTaggingBackground } from '../../src/tagging/worker.js';
import { campaignForm, dms, restartableClock, submitCampaign, until } from '../campaigns/helpers.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { type RedisHandle, startRedis } from '../helpers/redisServer.js';

/**
 * The world around the bot fails mid-campaign: Redis goes away, the bot process is killed, Slack answers 429 and 500,
 * another process locks the database. After each, with nobody stepping in: every interview is still there and was
 * invited exactly once, no message went out twice, and the app answers health checks and commands again.
 */

const PEOPLE = 24;
const workspace = makeWorkspace({
  users: 30,
  groups: [{ handle: 'everyone', name: 'Everyone', members: PEOPLE }],
});
// Everyone in London at noon on a Monday: every invitation is due the moment the campaign is saved.
for (const u of workspace.users) u.tz = 'Europe/London';
const EVERYONE = workspace.usergroups.find((g) => g.handle === 'everyone')!.id;
const START = new Date('2026-03-02T12:00:00Z');
/** The weekly digest falls three virtual minutes in (three real seconds at 60×), in the thick of each fault. */
const DIGEST_ENV = { OSPO_DIGEST_DAY: 'monday', OSPO_DIGEST_TIME: '12:03', OSPO_TIMEZONE: 'UTC' };
const BOT = fileURLToPath(new URL('../helpers/botProcess.ts', import.meta.url));
const LOCKER = fileURLToPath(new URL('./fixtures/holdLock.ts', import.meta.url));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function rows(db: Db) {
  const c = listCampaigns(db)[0];
  return c ? listCampaignInterviews(db, c.id) : [];
}

/** The promises every fault must keep. */
function expectNothingLostNothingTwice(db: Db, emulator: Emulator): void {
  const all = rows(db);
  expect(all).toHaveLength(PEOPLE);
  const posts = emulator
    .callsTo('chat.postMessage')
    .filter((c) => c.status === 200 && c.response.ok === true);
  for (const r of all) {
    expect(r.status).toBe('invited');
    const messages = dms(emulator, r.userId);
    expect(messages, `DMs to ${r.userId}`).toHaveLength(1);
    expect(r.dmTs).toBe(messages[0]!.ts);
    expect(
      posts.filter((c) => c.args.channel === r.userId),
      `posts to ${r.userId}`,
    ).toHaveLength(1);
  }
  expect(db.prepare(`SELECT count(*) FROM messages WHERE state = 'sending'`).pluck().get()).toBe(0);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
}

/** The week's digest reached the OSPO channel exactly once, picture included. */
async function expectDigestOnce(db: Db, emulator: Emulator): Promise<void> {
  await until(
    'the digest',
    () => db.prepare(`SELECT count(*) FROM digests WHERE state = 'posted'`).pluck().get() === 1,
    45_000,
  );
  await sleep(500);
  expect(db.prepare('SELECT count(*) FROM digests').pluck().get()).toBe(1);
  const channel = workspace.ospoChannelId;
  const posts = emulator
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === channel && c.response.ok === true);
  expect(posts).toHaveLength(1);
  const shared = emulator
    .callsTo('files.completeUploadExternal')
    .filter((c) => c.response.ok === true && JSON.stringify(c.args).includes(channel));
  expect(shared.length).toBeLessThanOrEqual(1);
}

async function health(appUrl: string): Promise<number> {
  try {
    return (await fetch(appUrl.replace('/slack/events', '/healthz'), { signal: AbortSignal.timeout(3000) }))
      .status;
  } catch {
    return 0;
  }
}

/**
 * The bot in this process with every background part, job locks shortened as in the crash tests: a job running when
 * Redis went away is taken up again within seconds instead of BullMQ's default 30 s lock plus 30 s stall check.
 */
async function startCampaignHarness(emulator: EmulatorOptions = {}, appendOnly = false): Promise<Harness> {
  const clock = restartableClock(START, 60);
  const h = await startHarness({
    workspace,
    clock,
    appendOnly,
    background: false,
    env: DIGEST_ENV,
    emulator: { now: () => clock.now().getTime(), ...emulator },
  });
  cleanups.push(() => h.stop());
  // The clock starts now, before the digest's scheduler reads it.
  clock.restart();
  const parts = [
    await startInterviewBackground(h.ctx, { lockDurationMs: 2_000, stalledIntervalMs: 1_000 }),
    await startTaggingBackground(h.ctx),
    await startDigestBackground(h.ctx),
    await startPrivacyBackground(h.ctx),
  ];
  cleanups.push(async () => {
    await Promise.allSettled(parts.map((p) => p.close()));
  });
  return h;
}

const invited = (db: Db) => rows(db).filter((r) => r.status === 'invited').length;

describe('faults mid-campaign', () => {
  it('Redis stopped and restarted: health says so meanwhile, then every invitation and the digest go out once', async () => {
    const h = await startCampaignHarness({ delayMs: { 'chat.postMessage': 40 } }, true);
    await submitCampaign(h.slack, h.emulator, h.staffId, campaignForm({ groups_contributor: [EVERYONE] }));
    await until('some invitations', () => invited(h.db) >= 4, 20_000);
    expect(invited(h.db)).toBeLessThan(PEOPLE);

    await h.redis.stop({ keepData: true });
    expect(await health(h.appUrl)).toBe(503);
    // Staff still get an answer while Redis is down.
    const help = await h.slack.command({ userId: h.staffId, text: 'help' });
    expect(help.status).toBe(200);
    await sleep(1500);
    await h.redis.restart();

    await expect.poll(() => health(h.appUrl), { timeout: 20_000, interval: 200 }).toBe(200);
    await until('every invitation', () => invited(h.db) === PEOPLE, 45_000);
    await sleep(500);
    expectNothingLostNothingTwice(h.db, h.emulator);
    await expectDigestOnce(h.db, h.emulator);
  }, 90_000);

  it('Slack answering 429 and 500 to a third of the sends: every invitation and the digest go out once', async () => {
    const h = await startCampaignHarness({
      seed: 7,
      faults: [
        { method: 'chat.postMessage', rate: 0.2, status: 429, retryAfterMs: 500 },
        { method: 'chat.postMessage', rate: 0.15, status: 500 },
        { method: 'conversations.history', rate: 0.2, status: 500 },
        { method: 'conversations.open', rate: 0.2, status: 503 },
      ],
    });
    await submitCampaign(h.slack, h.emulator, h.staffId, campaignForm({ groups_contributor: [EVERYONE] }));
    await until('every invitation', () => invited(h.db) === PEOPLE, 60_000);
    await sleep(500);
    const refused = h.emulator.callsTo('chat.postMessage').filter((c) => c.injected);
    expect(refused.filter((c) => c.status === 429).length).toBeGreaterThan(0);
    expect(refused.filter((c) => c.status === 500).length).toBeGreaterThan(0);
    expectNothingLostNothingTwice(h.db, h.emulator);
    await expectDigestOnce(h.db, h.emulator);
    expect(await health(h.appUrl)).toBe(200);
  }, 90_000);

  it('the database locked by another process past the busy timeout: work resumes, nothing twice, one digest', async () => {
    const h = await startCampaignHarness({ delayMs: { 'chat.postMessage': 40 } });
    await submitCampaign(h.slack, h.emulator, h.staffId, campaignForm({ groups_contributor: [EVERYONE] }));
    await until('some invitations', () => invited(h.db) >= 3, 20_000);

    const locker = spawn(process.execPath, ['--import', 'tsx', LOCKER], {
      env: { ...process.env, DATABASE_PATH: h.ctx.config.databasePath, HOLD_MS: '7000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(() => {
      if (locker.exitCode === null) locker.kill('SIGKILL');
    });
    // Listened for at once: the command below may take longer than the lock is held.
    const exited = new Promise<number | null>((resolve) => locker.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => locker.stdout!.once('data', () => resolve()));
    const lockedAt = Date.now();
    // A command typed while the lock is held is still answered.
    const from = h.emulator.calls.length;
    const sent = await h.slack.command({ userId: h.memberId, text: 'help' }, { timeoutMs: 15_000 });
    expect(sent.status).toBe(200);
    await h.emulator.waitFor((c) => c.seq >= from && c.method === 'response_url', 15_000);
    expect(await exited).toBe(0);
    expect(Date.now() - lockedAt).toBeGreaterThan(5_000);

    await until('every invitation', () => invited(h.db) === PEOPLE, 60_000);
    await sleep(500);
    expectNothingLostNothingTwice(h.db, h.emulator);
    await expectDigestOnce(h.db, h.emulator);
    expect(await health(h.appUrl)).toBe(200);
  }, 120_000);
});

describe('the bot process killed while sending', () => {
  let redis: RedisHandle;
  let emulator: Emulator;
  let dir: string;
  const children: ChildProcess[] = [];

  it('SIGKILLed twice mid-stream, each time restarted: every invitation and the digest once, healthy again', async () => {
    redis = await startRedis({ appendOnly: true });
    const clock = virtualClock({ start: START, speed: 60 });
    emulator = await startEmulator({
      scopes: manifestBotScopes(),
      workspace,
      timeScale: 60,
      now: () => clock.now().getTime(),
      delayMs: { 'chat.postMessage': 60 },
    });
    dir = mkdtempSync(join(tmpdir(), 'ospo-faults-'));
    cleanups.push(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await emulator.stop();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const signingSecret = randomBytes(16).toString('hex');
    const queuePrefix = `k${randomBytes(3).toString('hex')}`;
    const databasePath = join(dir, 'ospo.db');

    const startBot = async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', BOT], {
        env: {
          ...process.env,
          SLACK_BOT_TOKEN: workspace.bot.token,
          SLACK_SIGNING_SECRET: signingSecret,
          SLACK_API_URL: emulator.url,
          REDIS_URL: redis.url,
          DATABASE_PATH: databasePath,
          OSPO_CHANNEL_ID: workspace.ospoChannelId,
          OSPO_STAFF_IDS: workspace.staffIds[0]!,
          LOG_LEVEL: 'silent',
          QUEUE_PREFIX: queuePrefix,
          CLOCK_START: clock.now().toISOString(),
          CLOCK_SPEED: '60',
          SENDS_PER_SECOND: '5',
          ...DIGEST_ENV,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let out = '';
      let err = '';
      child.stderr!.on('data', (c: Buffer) => {
        err += c.toString();
      });
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout!.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /ready (\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.once('exit', (code) => reject(new Error(`bot exited (${code}) before it was ready: ${err}`)));
      });
      return { child, appUrl: `http://127.0.0.1:${port}/slack/events` };
    };
    const kill = async (child: ChildProcess) => {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    };
    const posted = () => emulator.callsTo('chat.postMessage').filter((c) => c.response.ok === true).length;

    const first = await startBot();
    const db = openDatabase(databasePath);
    cleanups.push(() => {
      db.close();
    });
    const staff = workspace.staffIds[0]!;
    await submitCampaign(
      createSlackSender({ appUrl: first.appUrl, signingSecret, emulator }),
      emulator,
      staff,
      campaignForm({ groups_contributor: [EVERYONE] }),
    );
    await until('a few sends', () => posted() >= 4, 20_000);
    await kill(first.child);
    const afterFirstKill = posted();
    expect(afterFirstKill).toBeLessThan(PEOPLE);

    const second = await startBot();
    await until('more sends', () => posted() >= afterFirstKill + 4, 30_000);
    await kill(second.child);
    expect(posted()).toBeLessThan(PEOPLE);

    const third = await startBot();
    await until('every invitation', () => invited(db) === PEOPLE, 60_000);
    await sleep(500);
    expectNothingLostNothingTwice(db, emulator);
    await expectDigestOnce(db, emulator);
    expect(await health(third.appUrl)).toBe(200);
    const slack = createSlackSender({ appUrl: third.appUrl, signingSecret, emulator });
    expect((await slack.command({ userId: staff, text: 'help' })).status).toBe(200);
  }, 150_000);
});
