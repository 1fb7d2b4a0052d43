import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { type Bot, createBot } from '../bot.js';
import { type Config, loadConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { createLogger, type Logger } from '../logger.js';
import type { Clock } from '../schedule/clock.js';
import { type Db, openDatabase } from '../store/db.js';
import { type Emulator, type EmulatorOptions, startEmulator } from './emulator/index.js';
import type { SandboxWorkspace } from './emulator/makeWorkspace.js';
import { createSlackSender, type SlackSender } from './signedRequests.js';

/**
 * The Slack emulator and the real bot wired together as an operator would wire them against Slack: the bot in HTTP
 * mode, configured through the same settings as production, talking to the emulator's Web API. The sandbox runs on
 * it; end-to-end tests can too. Redis is the caller's (a private server, or REDIS_URL), so is the database file.
 */

export interface StackOptions {
  workspace: SandboxWorkspace;
  redisUrl: string;
  /** The SQLite file; opened here unless `db` is given. */
  databasePath: string;
  /** An already-open database (shared with a test's assertions); not closed by stop(). */
  db?: Db;
  clock?: Clock;
  /** Settings as environment variables, applied over the stack's own (staff, channel, tokens…). */
  env?: Record<string, string>;
  /** Emulator options; the workspace is always `workspace`; `scopes` default: the manifest's bot scopes. */
  emulator?: Omit<EmulatorOptions, 'workspace'>;
  /** BullMQ key prefix. Default: a random one, so runs sharing a Redis never see each other's jobs. */
  queuePrefix?: string;
  logger?: Logger;
  /** Start workers and schedulers (default true). */
  background?: boolean;
  /** Port for the bot's HTTP receiver (default 0: a free one). */
  botPort?: number;
  /** Default: 16 random bytes, hex. */
  signingSecret?: string;
}

export interface Stack {
  emulator: Emulator;
  bot: Bot;
  ctx: AppContext;
  config: Config;
  db: Db;
  /** Sends correctly signed Slack requests to the bot, with trigger_ids and response_urls from the emulator. */
  slack: SlackSender;
  workspace: SandboxWorkspace;
  /** The bot's request URL: `http://127.0.0.1:<port>/slack/events`. */
  appUrl: string;
  signingSecret: string;
  queuePrefix: string;
  /** Stops the bot as SIGTERM would and starts a fresh one on the same database, Redis and emulator. */
  restartBot(options?: { clock?: Clock; background?: boolean }): Promise<void>;
  /** Stops the bot, then the emulator; closes the database if it opened it. Safe to call twice. */
  stop(): Promise<void>;
}

const MANIFEST_URL = new URL('../../manifest.yml', import.meta.url);

/**
 * The bot scopes the app is installed with (manifest.yml's `oauth_config.scopes.bot`), so the emulator refuses
 * what Slack would refuse the real install.
 */
export function manifestBotScopes(path: URL | string = MANIFEST_URL): string[] {
  const manifest = parse(readFileSync(path, 'utf8')) as { oauth_config?: { scopes?: { bot?: unknown } } };
  const bot = manifest?.oauth_config?.scopes?.bot;
  if (!Array.isArray(bot) || !bot.every((s) => typeof s === 'string')) {
    throw new Error('manifest.yml has no oauth_config.scopes.bot list');
  }
  return bot;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const { workspace } = options;
  const scopes = options.emulator?.scopes ?? manifestBotScopes();
  const emulator = await startEmulator({ ...options.emulator, scopes, workspace });
  const signingSecret = options.signingSecret ?? randomBytes(16).toString('hex');
  const queuePrefix = options.queuePrefix ?? `sbx${randomBytes(4).toString('hex')}`;
  let config: Config;
  let db: Db;
  try {
    config = loadConfig({
      SLACK_BOT_TOKEN: workspace.bot.token,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: emulator.url,
      REDIS_URL: options.redisUrl,
      DATABASE_PATH: options.databasePath,
      OSPO_CHANNEL_ID: workspace.ospoChannelId,
      OSPO_STAFF_IDS: workspace.staffIds.join(','),
      OSPO_STAFF_GROUP_ID: workspace.staffGroupId,
      LOG_LEVEL: 'silent',
      ...options.env,
    });
    db = options.db ?? openDatabase(config.databasePath);
  } catch (err) {
    await emulator.stop();
    throw err;
  }
  const logger = options.logger ?? createLogger(config.logLevel);

  const boot = async (clock: Clock | undefined, background: boolean | undefined) => {
    const bot = await createBot({
      config,
      logger,
      redisUrl: options.redisUrl,
      db,
      queuePrefix,
      ...(clock ? { clock } : {}),
      background: background ?? options.background ?? true,
    });
    try {
      const { port } = await bot.start(options.botPort ?? 0);
      return { bot, appUrl: `http://127.0.0.1:${port}/slack/events` };
    } catch (err) {
      await bot.stop();
      throw err;
    }
  };

  let booted: Awaited<ReturnType<typeof boot>>;
  try {
    booted = await boot(options.clock, options.background);
  } catch (err) {
    if (!options.db) db.close();
    await emulator.stop();
    throw err;
  }
  let stopped: Promise<void> | undefined;
  const stack: Stack = {
    emulator,
    bot: booted.bot,
    ctx: booted.bot.ctx,
    config,
    db,
    slack: createSlackSender({ appUrl: booted.appUrl, signingSecret, emulator }),
    workspace,
    appUrl: booted.appUrl,
    signingSecret,
    queuePrefix,
    async restartBot(restart = {}) {
      await stack.bot.stop();
      const next = await boot(restart.clock ?? options.clock, restart.background);
      stack.bot = next.bot;
      stack.ctx = next.bot.ctx;
      stack.appUrl = next.appUrl;
      stack.slack = createSlackSender({ appUrl: next.appUrl, signingSecret, emulator });
    },
    stop() {
      stopped ??= (async () => {
        await stack.bot.stop();
        if (!options.db) db.close();
        await emulator.stop();
      })();
      return stopped;
    },
  };
  return stack;
}
