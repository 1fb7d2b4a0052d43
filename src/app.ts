import { createBot } from './bot.js';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { createLogger } from './logger.js';
import { ensureRedis, RedisNotInstalledError } from './runtime/localRedis.js';
import { DataFileError } from './shared/loadYaml.js';

/** Entry point: settings → Redis → bot → listen; SIGTERM/SIGINT stop it cleanly. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const redis = await ensureRedis(process.env, { log: logger });
  const bot = await createBot({ config, logger, redisUrl: redis.url });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    await bot.stop();
    await redis.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A failed Slack call inside a detached promise must not take every interview down with it.
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));

  const { port } = await bot.start();
  if (port !== undefined)
    logger.info(`listening on http://localhost:${port}/slack/events (health: /healthz)`);
}

main().catch((err: unknown) => {
  // Start-up problems are the operator's to fix: one readable message, no stack trace.
  if (err instanceof ConfigError || err instanceof DataFileError || err instanceof RedisNotInstalledError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
