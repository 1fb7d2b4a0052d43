import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, makeWorkspace, startEmulator } from '../../src/sandbox/emulator/index.js';
import { createSlackSender } from '../../src/sandbox/signedRequests.js';
import { manifestBotScopes } from '../../src/sandbox/stack.js';
import { virtualClock } from '../../src/schedule/clock.js';
import { listCampaigns } from '../../src/store/campaigns.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { listCampaignInterviews } from '../../src/store/interviews.js';
import { type RedisHandle, startRedis } from '../helpers/redisServer.js';
import { campaignForm, dms, submitCampaign, until } from './helpers.js';

/**
 * The bot runs in its own process and is SIGKILLed at the worst moment: Slack has stored the invitation, but the
 * bot dies before it hears back, so nothing recorded that it was sent. A proxy between the bot and the emulator
 * holds back that one answer and pulls the trigger. The next process must find the message in the DM and record
 * it, not post it again.
 */
const BOT = fileURLToPath(new URL('../helpers/botProcess.ts', import.meta.url));
const START = new Date('2026-03-02T12:00:00Z');
const workspace = makeWorkspace({
  users: 45,
  deletedUsers: 0,
  groups: [{ handle: 'all', name: 'All', members: 40 }],
});
// Everyone in London, where it is noon on a Monday: every invitation is due at once.
for (const u of workspace.users) u.tz = 'Europe/London';
const ALL = workspace.usergroups.find((g) => g.handle === 'all')!.id;
const clock = virtualClock({ start: START });

let redis: RedisHandle;
let emulator: Emulator;
let proxy: Server;
let dir: string;
let db: Db;
const children: ChildProcess[] = [];
let killOnNextPost: ChildProcess | undefined;
/** Posts to let through before the kill: the bot is mid-stream, not at its first send. */
let postsBeforeKill = 5;
let killedAfter: string | undefined;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

beforeAll(async () => {
  redis = await startRedis();
  emulator = await startEmulator({
    workspace,
    scopes: manifestBotScopes(),
    timeScale: 60,
    now: () => clock.now().getTime(),
  });
  dir = mkdtempSync(join(tmpdir(), 'ospo-crash-'));
  proxy = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const upstream = await fetch(new URL(req.url ?? '/', emulator.baseUrl), {
        method: req.method ?? 'POST',
        headers: Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
        ) as Record<string, string>,
        ...(req.method === 'GET' ? {} : { body }),
      });
      const text = await upstream.text();
      const victim = killOnNextPost;
      const armed = victim && req.url?.endsWith('/chat.postMessage') && text.includes('"ok":true');
      if (armed && postsBeforeKill-- <= 0) {
        killOnNextPost = undefined;
        killedAfter = text;
        victim.kill('SIGKILL');
        await once(victim, 'exit');
        req.socket.destroy();
        return;
      }
      res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
      res.end(text);
    })().catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  db?.close();
  await new Promise<void>((resolve) => proxy?.close(() => resolve()));
  proxy?.closeAllConnections();
  await emulator?.stop();
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const signingSecret = randomBytes(16).toString('hex');
const queuePrefix = `c${randomBytes(3).toString('hex')}`;

async function startBotProcess(): Promise<{ child: ChildProcess; appUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', BOT], {
    env: {
      ...process.env,
      SLACK_BOT_TOKEN: workspace.bot.token,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/api/`,
      REDIS_URL: redis.url,
      DATABASE_PATH: join(dir, 'ospo.db'),
      OSPO_CHANNEL_ID: workspace.ospoChannelId,
      OSPO_STAFF_IDS: workspace.staffIds[0]!,
      LOG_LEVEL: 'silent',
      QUEUE_PREFIX: queuePrefix,
      CLOCK_START: clock.now().toISOString(),
      CLOCK_SPEED: '1',
      // Only the invitations: the kill must land on an invitation, not on a digest or tagging call.
      BACKGROUND: 'interviews',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`bot exited (${code}) before it was ready: ${err}`)));
  });
  return { child, appUrl: `http://127.0.0.1:${port}/slack/events` };
}

function rows() {
  const c = listCampaigns(db)[0];
  return c ? listCampaignInterviews(db, c.id) : [];
}

describe('a worker killed between sending and recording', () => {
  it('leaves every interviewee with exactly one invitation', async () => {
    const first = await startBotProcess();
    db = openDatabase(join(dir, 'ospo.db'));
    const slack = createSlackSender({ appUrl: first.appUrl, signingSecret, emulator });
    killOnNextPost = first.child;
    // The kill may come before the result reaches the modal: the campaign is what matters.
    await submitCampaign(
      slack,
      emulator,
      workspace.staffIds[0]!,
      campaignForm({ groups_contributor: [ALL] }),
      {
        waitForResult: false,
      },
    );
    await until('the kill', () => first.child.signalCode === 'SIGKILL', 20_000);

    // Slack has the message; the bot never recorded it.
    const lost = db.prepare(`SELECT key FROM messages WHERE state = 'sending'`).pluck().all() as string[];
    expect(lost.length).toBeGreaterThan(0);
    const victim = rows().find((r) => lost.includes(`invite-${r.id}`))!;
    expect(victim.status).toBe('scheduled');
    expect(dms(emulator, victim.userId)).toHaveLength(1);
    expect(killedAfter).toContain(dms(emulator, victim.userId)[0]!.ts);
    const sentBefore = rows().filter((r) => r.status === 'invited').length;
    expect(sentBefore).toBeLessThan(40);

    await startBotProcess();
    await until(
      'every invitation',
      () => rows().length === 40 && rows().every((r) => r.status === 'invited'),
      40_000,
    );
    for (const r of rows()) {
      const messages = dms(emulator, r.userId);
      expect(messages).toHaveLength(1);
      expect(r.dmTs).toBe(messages[0]!.ts);
    }
    expect(db.prepare(`SELECT count(*) FROM messages WHERE state = 'sending'`).pluck().get()).toBe(0);
    // The dead process's in-flight sends were looked up in the DM, not sent again.
    expect(emulator.callsTo('conversations.history').length).toBeGreaterThan(0);
  }, 90_000);
});
