import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bullConnectionOptions, connectRedis, createRedis } from '../../src/runtime/redisConnection.js';
import { findFreePort } from '../../src/runtime/redisServerProcess.js';
import { parseRedisUrl, redactRedisUrl } from '../../src/runtime/redisUrl.js';
import { type RedisHandle, startRedis } from '../helpers/redisServer.js';

describe('parseRedisUrl', () => {
  it('reads host, port, credentials, database and TLS from a URL', () => {
    expect(parseRedisUrl('rediss://ospo:p%40ss%2Fword@redis.internal:6380/3')).toEqual({
      host: 'redis.internal',
      port: 6380,
      username: 'ospo',
      password: 'p@ss/word',
      db: 3,
      tls: {},
    });
    expect(parseRedisUrl('redis://127.0.0.1')).toEqual({ host: '127.0.0.1', port: 6379, db: 0 });
    expect(parseRedisUrl('redis://[::1]:7000')).toMatchObject({ host: '::1', port: 7000 });
  });

  it('rejects what is not a Redis URL without repeating the password', () => {
    expect(() => parseRedisUrl('http://u:secret@host')).toThrow('must start with redis:// or rediss://');
    expect(() => parseRedisUrl('redis://u:secret@host/queue')).toThrow(/only be a database number/);
    for (const bad of ['http://u:secret@host', 'redis://u:secret@host/queue', 'secret@@@']) {
      expect(() => parseRedisUrl(bad)).toThrow(expect.not.stringContaining('secret'));
    }
    expect(redactRedisUrl('redis://u:secret@host:1/0')).toBe('redis://u:***@host:1/0');
  });
});

describe('bullConnectionOptions', () => {
  it('gives workers maxRetriesPerRequest: null, and producers a connection that fails fast', () => {
    expect(bullConnectionOptions('redis://127.0.0.1:6390')).toMatchObject({
      host: '127.0.0.1',
      port: 6390,
      maxRetriesPerRequest: null,
      enableReadyCheck: true,
      enableOfflineQueue: true,
    });
    expect(bullConnectionOptions('redis://127.0.0.1:6390', { forWorker: false })).toMatchObject({
      enableOfflineQueue: false,
    });
  });
});

describe('connections against a real Redis', () => {
  let redis: RedisHandle;
  const open: Redis[] = [];
  const closers: (() => Promise<unknown>)[] = [];
  const connect = async (forWorker: boolean) => {
    const c = await connectRedis(redis.url, { forWorker });
    c.on('error', () => {}); // outages are provoked on purpose below
    open.push(c);
    return c;
  };

  beforeAll(async () => {
    redis = await startRedis({ appendOnly: true });
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    for (const c of open.splice(0)) c.disconnect();
    if (!redis.running) await redis.restart();
  });
  afterAll(() => redis.stop());

  it('BullMQ accepts both roles: a producer enqueues, a worker processes', async () => {
    const name = `conn-${randomUUID()}`;
    const queue = new Queue(name, { connection: await connect(false) });
    closers.push(() => queue.close());
    const workerConnection = await connect(true);
    const done = new Promise<unknown>((resolve) => {
      const worker = new Worker(name, async (job) => resolve(job.data), { connection: workerConnection });
      closers.push(() => worker.close());
    });
    await queue.add('hello', { n: 1 });
    expect(await done).toEqual({ n: 1 });
  });

  it('BullMQ refuses a producer connection for a worker, so the roles cannot be swapped by mistake', async () => {
    const producer = await connect(false);
    // The Worker duplicates the connection before it checks it; keep the copy so it is closed like the rest.
    const duplicate = producer.duplicate.bind(producer);
    producer.duplicate = (...args) => {
      const copy = duplicate(...args);
      copy.on('error', () => {});
      open.push(copy);
      return copy;
    };
    expect(
      () => new Worker(`swap-${randomUUID()}`, async () => {}, { connection: producer, autorun: false }),
    ).toThrow(/maxRetriesPerRequest must be null/);
  });

  it('a job queued before Redis crashes is processed after it restarts (AOF), with no new connections', async () => {
    const name = `crash-${randomUUID()}`;
    const queue = new Queue(name, { connection: await connect(false) });
    closers.push(() => queue.close());
    await queue.add('survives', { id: 'invite-U1' }, { jobId: 'invite-U1' });
    await redis.kill();
    await redis.restart();

    const seen: string[] = [];
    const workerConnection = await connect(true);
    await new Promise<void>((resolve) => {
      const worker = new Worker(
        name,
        async (job) => {
          seen.push(job.id!);
          resolve();
        },
        { connection: workerConnection },
      );
      closers.push(() => worker.close());
    });
    expect(seen).toEqual(['invite-U1']);
  });

  it('while Redis is down a producer fails at once, and works again once Redis is back', async () => {
    const producer = await connect(false);
    await redis.stop({ keepData: true });
    await expect(producer.set('k', 'v')).rejects.toThrow();
    await redis.restart();
    await waitUntil(() => producer.status === 'ready');
    expect(await producer.set('k', 'v')).toBe('OK');
  });

  it('while Redis is down a worker connection waits, and its command runs once Redis is back', async () => {
    const worker = await connect(true);
    await redis.stop({ keepData: true });
    const pending = worker.incr('counter');
    let settled = false;
    void pending.finally(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(settled).toBe(false);
    await redis.restart();
    expect(await pending).toBe(1);
  });

  it('connectRedis names the URL, without its password, when nothing answers', async () => {
    const port = await findFreePort();
    const attempt = connectRedis(`redis://app:hunter2@127.0.0.1:${port}`, {
      forWorker: false,
      timeoutMs: 300,
    });
    await expect(attempt).rejects.toThrow(
      `Redis at redis://app:***@127.0.0.1:${port} did not answer within 300 ms`,
    );
    await expect(attempt).rejects.toThrow(expect.not.stringContaining('hunter2'));
  });

  it('createRedis connects in the background for code that does not need to wait', async () => {
    const c = createRedis(redis.url, { forWorker: true, connectionName: 'ospo-test' });
    open.push(c);
    expect(await c.client('GETNAME')).toBe('ospo-test');
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
