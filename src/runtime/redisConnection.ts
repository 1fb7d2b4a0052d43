import { Redis, type RedisOptions } from 'ioredis';
import { parseRedisUrl, redactRedisUrl } from './redisUrl.js';

export interface RedisRole {
  /**
   * true: a BullMQ Worker's connection. BullMQ requires `maxRetriesPerRequest: null` there (it refuses a shared
   * connection without it), and commands wait through a Redis outage and run once it is back.
   *
   * false: everything else (Queue producers, health checks, app code). Commands fail at once while Redis is
   * unreachable instead of queueing in memory — BullMQ's advice for producers — so a caller can tell the user
   * and retry rather than hang; the connection itself keeps reconnecting.
   */
  forWorker: boolean;
  /** Shown by CLIENT LIST, to tell connections apart. */
  connectionName?: string;
}

/** Reconnect delay in ms: 100, 200, 400 … up to 20 s (BullMQ's documented ceiling), forever. */
export function reconnectDelay(attempt: number): number {
  return Math.min(50 * 2 ** attempt, 20_000);
}

/** ioredis options for BullMQ, from a redis:// URL. Defaults to a worker's (see RedisRole). */
export function bullConnectionOptions(url: string, role: Partial<RedisRole> = {}): RedisOptions {
  const forWorker = role.forWorker ?? true;
  return {
    ...parseRedisUrl(url),
    // Commands are sent only once the server answers INFO as loaded (not while it replays its AOF).
    enableReadyCheck: true,
    retryStrategy: reconnectDelay,
    maxRetriesPerRequest: forWorker ? null : 1,
    enableOfflineQueue: forWorker,
    ...(role.connectionName ? { connectionName: role.connectionName } : {}),
  };
}

/**
 * A new ioredis connection for `role`. It connects in the background: a producer connection (forWorker: false)
 * rejects commands until it is ready, so await `connectRedis` instead where the first command comes at once.
 */
export function createRedis(url: string, role: RedisRole): Redis {
  return new Redis(bullConnectionOptions(url, role));
}

/**
 * `createRedis`, resolved once the connection is ready. Rejects after `timeoutMs` (default 10 000) with a message
 * naming the URL (password hidden), and closes the connection, so a wrong REDIS_URL ends a start clearly.
 */
export async function connectRedis(url: string, role: RedisRole & { timeoutMs?: number }): Promise<Redis> {
  const redis = createRedis(url, role);
  const timeoutMs = role.timeoutMs ?? 10_000;
  let lastError: Error | undefined;
  const onError = (err: Error) => {
    lastError = err;
  };
  redis.on('error', onError);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const why = lastError ? ` (${lastError.message})` : '';
        reject(new Error(`Redis at ${redactRedisUrl(url)} did not answer within ${timeoutMs} ms${why}`));
      }, timeoutMs);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return redis;
  } catch (err) {
    redis.disconnect();
    throw err;
  } finally {
    redis.off('error', onError);
  }
}

/**
 * Calls `then` each time `connection` is ready again after it had closed (not at the first connect). A Redis that
 * comes back empty has lost delayed jobs and schedulers; the callers rebuild them from the store here.
 */
export function onReconnect(connection: Redis, then: () => void): void {
  let disconnected = false;
  connection.on('close', () => {
    disconnected = true;
  });
  connection.on('ready', () => {
    if (!disconnected) return;
    disconnected = false;
    then();
  });
}
