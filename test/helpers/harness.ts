import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bot, createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/sandbox/emulator/index.js';
import { makeWorkspace, type SandboxWorkspace } from '../../src/sandbox/emulator/makeWorkspace.js';
import { createSlackSender, type SlackSender } from '../../src/sandbox/signedRequests.js';
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
 * real bot in HTTP mode on a free port, configured as an operator would, plus a signed-request sender.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const workspace = options.workspace ?? makeWorkspace();
  const ownRedis = !options.redis;
  const redis = options.redis ?? (await startRedis({ appendOnly: options.appendOnly ?? false }));
  const emulator = await startEmulator({ timeScale: 60, ...options.emulator, workspace });
  const dir = mkdtempSync(join(tmpdir(), 'ospo-harness-'));
  const signingSecret = randomBytes(16).toString('hex');
  const staffId = workspace.staffIds[0]!;
  const memberId = workspace.humanIds.find((id) => !workspace.staffIds.includes(id))!;
  const config = loadConfig({
    SLACK_BOT_TOKEN: workspace.bot.token,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: emulator.url,
    REDIS_URL: redis.url,
    DATABASE_PATH: join(dir, 'ospo.db'),
    OSPO_CHANNEL_ID: workspace.ospoChannelId,
    OSPO_STAFF_IDS: staffId,
    OSPO_STAFF_GROUP_ID: workspace.staffGroupId,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const logger = createLogger(config.logLevel);
  const db = openDatabase(config.databasePath);
  const queuePrefix = `t${randomBytes(4).toString('hex')}`;

  const boot = async (clock: Clock | undefined, background: boolean | undefined) => {
    const bot = await createBot({
      config,
      logger,
      redisUrl: redis.url,
      db,
      queuePrefix,
      ...(clock ? { clock } : {}),
      background: background ?? options.background ?? true,
    });
    const { port } = await bot.start(0);
    return { bot, appUrl: `http://127.0.0.1:${port}/slack/events` };
  };

  let { bot, appUrl } = await boot(options.clock, options.background);
  const harness: Harness = {
    emulator,
    slack: createSlackSender({ appUrl, signingSecret, emulator }),
    bot,
    ctx: bot.ctx,
    db,
    redis,
    workspace,
    staffId,
    memberId,
    appUrl,
    signingSecret,
    async restartBot(restart = {}) {
      await bot.stop();
      ({ bot, appUrl } = await boot(restart.clock ?? options.clock, restart.background));
      harness.bot = bot;
      harness.ctx = bot.ctx;
      harness.appUrl = appUrl;
      harness.slack = createSlackSender({ appUrl, signingSecret, emulator });
    },
    async stop() {
      await bot.stop();
      db.close();
      await emulator.stop();
      if (ownRedis) await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
