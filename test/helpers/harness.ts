import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bot } from '../../src/bot.js';
import type { AppContext } from '../../src/context.js';
import type { Emulator, EmulatorOptions } from '../../src/sandbox/emulator/index.js';
import { makeWorkspace, type SandboxWorkspace } from '../../src/sandbox/emulator/makeWorkspace.js';
import type { SlackSender } from '../../src/sandbox/signedRequests.js';
import { startStack } from '../../src/sandbox/stack.js';
import type { Clock } from '../../src/schedule/clock.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { type RedisHandle, startRedis } from './redisServer.js';

export interface HarnessOptions {
  /** The fake workspace (default makeWorkspace(): 30 people across time zones, staff group, #ospo). */
  workspace?: SandboxWorkspace;
  /** Extra settings, as environment variables (they win over the harness's own). */
  env?: Record<string, string>;
  clock?: Clock;
  /** Start workers and schedulers (default true). */
  background?: boolean;
  /** Emulator options (rate limits, faults, trigger TTL…). Rate limits default to 60× real time. */
  emulator?: EmulatorOptions;
  /** Share a Redis across harnesses in one file (default: a new one, stopped by stop()). */
  redis?: RedisHandle;
  /** With a harness-owned Redis: keep data across restarts with an append-only file. */
  appendOnly?: boolean;
}

export interface Harness {
  emulator: Emulator;
  /** Sends correctly signed Slack requests to the running app. */
  slack: SlackSender;
  bot: Bot;
  ctx: AppContext;
  /** The bot's database (a temp file that survives restartBot). */
  db: Db;
  redis: RedisHandle;
  workspace: SandboxWorkspace;
  /** A member of OSPO staff (configured by ID). */
  staffId: string;
  /** Someone who is not staff. */
  memberId: string;
  appUrl: string;
  signingSecret: string;
  /** Stops the bot (as SIGTERM would) and starts a fresh one on the same database, Redis and emulator. */
  restartBot(options?: { clock?: Clock; background?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Everything an end-to-end test needs: a private redis-server, the Slack emulator with a fake workspace, and the
 * real bot in HTTP mode on a free port, configured as an operator would (the sandbox's own stack), plus a
 * signed-request sender.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const workspace = options.workspace ?? makeWorkspace();
  const ownRedis = !options.redis;
  const redis = options.redis ?? (await startRedis({ appendOnly: options.appendOnly ?? false }));
  const dir = mkdtempSync(join(tmpdir(), 'ospo-harness-'));
  const staffId = workspace.staffIds[0]!;
  const memberId = workspace.humanIds.find((id) => !workspace.staffIds.includes(id))!;
  const databasePath = join(dir, 'ospo.db');
  const db = openDatabase(databasePath);
  const { workspace: _ignored, ...emulatorOptions } = options.emulator ?? {};
  const stack = await startStack({
    workspace,
    redisUrl: redis.url,
    databasePath,
    db,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.background !== undefined ? { background: options.background } : {}),
    emulator: { timeScale: 60, ...emulatorOptions },
    queuePrefix: `t${randomBytes(4).toString('hex')}`,
    // One staff member by ID; the rest of the staff group counts through OSPO_STAFF_GROUP_ID.
    env: { OSPO_STAFF_IDS: staffId, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ...options.env },
  });
  return {
    emulator: stack.emulator,
    get slack() {
      return stack.slack;
    },
    get bot() {
      return stack.bot;
    },
    get ctx() {
      return stack.ctx;
    },
    db,
    redis,
    workspace,
    staffId,
    memberId,
    get appUrl() {
      return stack.appUrl;
    },
    signingSecret: stack.signingSecret,
    restartBot: (restart) => stack.restartBot(restart),
    async stop() {
      await stack.stop();
      db.close();
      if (ownRedis) await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
