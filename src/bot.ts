import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver } from '@slack/bolt';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { AppContext, Background } from './context.js';
import { loadQuestionSets } from './interviews/questionSets.js';
import { createLogger, type Logger } from './logger.js';
import { connectRedis } from './runtime/redisConnection.js';
import { startBackground } from './schedule/background.js';
import { type Clock, systemClock } from './schedule/clock.js';
import { createQueues } from './schedule/queues.js';
import { boltLogger, slackLogLevel } from './slack/boltLogger.js';
import { healthRoute } from './slack/health.js';
import { registerListeners } from './slack/register.js';
import { guardRequests, redisReplayStore } from './slack/requestGuard.js';
import { type Db, openDatabase } from './store/db.js';
import { loadTaggingData } from './tagging/service.js';
import { loadTaxonomy } from './tagging/taxonomy.js';

export interface BotOptions {
  config: Config;
  /** The Redis to use; app.ts resolves it (REDIS_URL, or a private redis-server). */
  redisUrl: string;
  logger?: Logger;
  clock?: Clock;
  /** BullMQ key prefix. Default 'ospo'. */
  queuePrefix?: string;
  /** Start workers and schedulers. Default true; tests of listeners alone may turn it off. */
  background?: boolean;
  /** Folders of the taxonomy and question sets. Defaults: data/taxonomy and prompts; relative paths are resolved from the repository root. */
  taxonomyDir?: string;
  promptsDir?: string;
  /** An already-open database (tests share one with their assertions). Default: opened from config. */
  db?: Db;
}

export interface Bot {
  app: App;
  ctx: AppContext;
  /** Starts taking requests (HTTP on `port`, 0 for a free one; or Socket Mode) and the background workers. */
  start(port?: number): Promise<{ port: number | undefined }>;
  /** Stops taking work, lets running jobs finish, then closes Redis and SQLite. Safe to call twice. */
  stop(): Promise<void>;
}

/** Builds the whole bot without starting it: every part is loaded and validated before anything listens. */
export async function createBot(options: BotOptions): Promise<Bot> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const taxonomy = loadTaxonomy(options.taxonomyDir ?? 'data/taxonomy', {
    modelId: config.ospo.maturityModel,
  });
  const questionSets = loadQuestionSets(options.promptsDir ?? 'prompts', taxonomy);
  loadTaggingData(taxonomy);
  const db = options.db ?? openDatabase(config.databasePath);
  const redis: Redis = await connectRedis(options.redisUrl, { forWorker: false });
  const queuePrefix = options.queuePrefix ?? 'ospo';
  const queues = createQueues(redis, { prefix: queuePrefix });
  // Without a listener BullMQ prints every connection error to the console during a Redis outage.
  for (const q of [queues.interviews, queues.tagging, queues.digest]) {
    q.on('error', (err) => logger.warn({ err: err.message, queue: q.name }, 'queue connection error'));
  }

  const socketMode = Boolean(config.slack.appToken);
  const ctxRef: { current?: AppContext } = {};
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: config.slack.signingSecret,
        endpoints: '/slack/events',
        logger: boltLogger(logger),
        logLevel: slackLogLevel(config.logLevel),
        customRoutes: [healthRoute(() => ctxRef.current)],
      });
  const app = new App({
    token: config.slack.botToken,
    logger: boltLogger(logger),
    logLevel: slackLogLevel(config.logLevel),
    clientOptions: { slackApiUrl: config.slack.apiUrl },
    ...(socketMode ? { socketMode: true, appToken: config.slack.appToken } : { receiver }),
  });
  if (receiver) {
    // Size, clock skew, shape and replays are refused before Bolt reads a request (src/slack/requestGuard.ts).
    guardRequests(receiver, {
      signingSecret: config.slack.signingSecret,
      replay: () =>
        ctxRef.current ? redisReplayStore(ctxRef.current.redis, ctxRef.current.queuePrefix) : undefined,
      logger,
    });
  }
  app.error(async (err) => {
    logger.error({ err }, 'unhandled error in a listener');
  });

  const ctx: AppContext = {
    config,
    db,
    taxonomy,
    questionSets,
    queues,
    redis,
    redisUrl: options.redisUrl,
    queuePrefix,
    clock: options.clock ?? systemClock,
    logger,
    slack: app.client,
  };
  ctxRef.current = ctx;
  registerListeners(app, ctx);

  let background: Background | undefined;
  let stopped: Promise<void> | undefined;

  return {
    app,
    ctx,
    async start(port = config.port) {
      let actualPort: number | undefined;
      if (socketMode) {
        await app.start();
      } else {
        const server = (await app.start(port)) as Server;
        actualPort = (server.address() as AddressInfo).port;
      }
      if (options.background !== false) background = await startBackground(ctx);
      logger.info({ mode: socketMode ? 'socket' : 'http', port: actualPort }, 'ospo-survey is running');
      return { port: actualPort };
    },
    stop() {
      stopped ??= (async () => {
        await app.stop().catch((err) => logger.warn({ err }, 'stopping the receiver failed'));
        await background?.close();
        await queues.close().catch(() => undefined);
        await redis.quit().catch(() => redis.disconnect());
        if (!options.db) db.close();
        logger.info('ospo-survey stopped');
      })();
      return stopped;
    },
  };
}
