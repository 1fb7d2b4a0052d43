import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readyRedisPid,
  spawnRedisServer,
  spawnRedisServerOnFreePort,
} from '../../src/runtime/redisServerProcess.js';
import { type RedisHandle, startRedis } from '../helpers/redisServer.js';

describe('spawnRedisServer', () => {
  let other: RedisHandle;
  let dir: string;
  beforeAll(async () => {
    other = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'ospo-spawn-'));
  });
  afterAll(async () => {
    await other.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('on a port another Redis holds, fails with the bind error instead of handing out that other Redis', async () => {
    await other.client().set('belongs-to', 'other');
    await expect(spawnRedisServer({ dir, port: other.port, appendOnly: false })).rejects.toThrow(
      /Address already in use/,
    );
    expect(await other.client().get('belongs-to')).toBe('other');
  });

  it('readyRedisPid tells which process answers on a port, and nothing once it is gone', async () => {
    const server = await spawnRedisServerOnFreePort({ dir, appendOnly: false });
    expect(await readyRedisPid(server.port)).toBe(server.pid);
    const otherPid = await readyRedisPid(other.port);
    expect(otherPid).toEqual(expect.any(Number));
    expect(otherPid).not.toBe(server.pid);
    await server.stop();
    expect(server.running).toBe(false);
    expect(await readyRedisPid(server.port)).toBeUndefined();
  });
});
