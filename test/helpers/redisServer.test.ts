import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pingRedis, REDIS_NOT_INSTALLED } from '../../src/runtime/redisServerProcess.js';
import { type RedisHandle, startRedis } from './redisServer.js';

describe('startRedis', () => {
  const handles: RedisHandle[] = [];
  const start = async (...args: Parameters<typeof startRedis>) => {
    const handle = await startRedis(...args);
    handles.push(handle);
    return handle;
  };
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.stop()));
  });

  it('starts a private server on loopback that stores and returns values', async () => {
    const redis = await start();
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    const client = redis.client();
    await client.set('greeting', 'hello');
    expect(await client.get('greeting')).toBe('hello');
    expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
  });

  it('gives two servers in one process different ports and directories', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(a!.port).not.toBe(b!.port);
    expect(a!.dir).not.toBe(b!.dir);
    await a!.client().set('k', 'a');
    expect(await b!.client().get('k')).toBeNull();
  });

  it('keeps data across a clean restart on the same port when appendOnly is on', async () => {
    const redis = await start({ appendOnly: true });
    const client = redis.client();
    await client.rpush('jobs', 'one', 'two');
    await redis.restart();
    expect(redis.running).toBe(true);
    expect(await client.lrange('jobs', 0, -1)).toEqual(['one', 'two']);
  });

  it('keeps acknowledged writes across a crash (SIGKILL) when appendOnly is on', async () => {
    const redis = await start({ appendOnly: true });
    const client = redis.client();
    await client.set('after-crash', 'still here');
    await redis.kill();
    expect(redis.running).toBe(false);
    expect(await pingRedis(redis.port)).toBe(false);
    await redis.restart();
    expect(await client.get('after-crash')).toBe('still here');
  });

  it('loses data across a restart without appendOnly (so the option is what keeps it)', async () => {
    const redis = await start();
    const client = redis.client();
    await client.set('k', 'v');
    await redis.restart();
    expect(await client.get('k')).toBeNull();
  });

  it('stop({ keepData: true }) frees the port, and restart() brings the data back', async () => {
    const redis = await start({ appendOnly: true });
    await redis.client().set('k', 'v');
    await redis.stop({ keepData: true });
    expect(await pingRedis(redis.port)).toBe(false);
    await redis.restart();
    expect(await redis.client().get('k')).toBe('v');
  });

  it('stop() frees the port, removes the directory, and cannot be undone', async () => {
    const redis = await startRedis();
    await redis.client().set('k', 'v');
    await redis.stop();
    expect(redis.running).toBe(false);
    expect(await pingRedis(redis.port)).toBe(false);
    expect(existsSync(redis.dir)).toBe(false);
    await expect(redis.restart()).rejects.toThrow(/stopped for good/);
  });

  it('says how to install redis-server when it is not on PATH', async () => {
    const emptyPath = mkdtempSync(join(tmpdir(), 'no-redis-'));
    try {
      await expect(startRedis({ env: { ...process.env, PATH: emptyPath } })).rejects.toThrow(
        REDIS_NOT_INSTALLED,
      );
    } finally {
      rmSync(emptyPath, { recursive: true, force: true });
    }
  });
});
