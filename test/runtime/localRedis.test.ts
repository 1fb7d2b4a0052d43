import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureRedis, type LocalRedis, REDIS_NOT_INSTALLED } from '../../src/runtime/localRedis.js';
import { isProcessAlive, pingRedis } from '../../src/runtime/redisServerProcess.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const localRedisModule = new URL('../../src/runtime/localRedis.ts', import.meta.url).href;

const alive = isProcessAlive;
const portOf = (url: string) => Number(new URL(url).port);

describe('ensureRedis', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  const ensure = async (...args: Parameters<typeof ensureRedis>) => {
    const redis = await ensureRedis(...args);
    cleanup.unshift(() => redis.stop());
    return redis;
  };
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step();
  });

  it('uses REDIS_URL untouched when it is set, and starts nothing', async () => {
    const dataDir = join(tempDir('ospo-local-redis-'), 'redis');
    const redis = await ensure(
      { REDIS_URL: 'redis://redis.internal:6380/2', PATH: process.env.PATH },
      { dataDir },
    );
    expect(redis).toMatchObject({ url: 'redis://redis.internal:6380/2', started: false, pid: undefined });
    expect(existsSync(dataDir)).toBe(false);
    await redis.stop();
  });

  it('without REDIS_URL starts a private server on loopback with an AOF under dataDir, and stop() ends it', async () => {
    const dataDir = join(tempDir('ospo-local-redis-'), 'redis');
    const messages: string[] = [];
    const log = { info: (_: object, m: string) => messages.push(m), warn() {}, error() {} };
    const redis = await ensure({ REDIS_URL: '  ', PATH: process.env.PATH }, { dataDir, log });

    expect(redis.started).toBe(true);
    expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(await pingRedis(portOf(redis.url))).toBe(true);
    const client = new Redis(redis.url);
    try {
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
    } finally {
      client.disconnect();
    }
    expect(readdirSync(dataDir)).toContain('appendonlydir');
    expect(messages).toContain('started a private redis-server (REDIS_URL is unset)');

    await redis.stop();
    expect(await pingRedis(portOf(redis.url))).toBe(false);
    expect(alive(redis.pid!)).toBe(false);
  });

  it('keeps what was queued across a stop and a new start on the same dataDir', async () => {
    const dataDir = join(tempDir('ospo-local-redis-'), 'redis');
    const first = await ensure({ PATH: process.env.PATH }, { dataDir });
    const writer = new Redis(first.url);
    await writer.rpush('bull:interviews:wait', 'job-1');
    writer.disconnect();
    await first.stop();

    const second = await ensure({ PATH: process.env.PATH }, { dataDir });
    const reader = new Redis(second.url);
    try {
      expect(await reader.lrange('bull:interviews:wait', 0, -1)).toEqual(['job-1']);
    } finally {
      reader.disconnect();
    }
  });

  it('fails with one line naming the install command when redis-server is not on PATH', async () => {
    const emptyPath = tempDir('ospo-no-redis-');
    const dataDir = join(tempDir('ospo-local-redis-'), 'redis');
    const error = await ensureRedis({ PATH: emptyPath }, { dataDir }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(REDIS_NOT_INSTALLED);
    expect((error as Error).message).not.toContain('\n');
  });

  describe('in an app process that does not call stop()', () => {
    /** Runs ensureRedis in a separate Node process, as `npm start` would, and reports its server. */
    const runApp = async (dataDir: string, then: 'exit' | 'wait' | 'stop') => {
      const script = join(tempDir('ospo-app-'), 'app.mts');
      writeFileSync(
        script,
        `import { ensureRedis } from ${JSON.stringify(localRedisModule)};
const redis = await ensureRedis({ PATH: process.env.PATH }, { dataDir: ${JSON.stringify(dataDir)} });
console.log(JSON.stringify({ url: redis.url, pid: redis.pid }));
${{ exit: 'process.exit(0);', wait: 'setInterval(() => {}, 1000);', stop: 'await redis.stop();' }[then]}
`,
      );
      const app: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      cleanup.push(() => {
        app.kill('SIGKILL');
      });
      let out = '';
      for await (const chunk of app.stdout!) {
        out += chunk;
        if (out.includes('\n')) break;
      }
      return { app, server: JSON.parse(out) as { url: string; pid: number } };
    };

    const waitForExit = async (pid: number) => {
      const deadline = Date.now() + 5_000;
      while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return !alive(pid);
    };

    it('lets the app end by itself once stop() has returned', async () => {
      const dataDir = join(tempDir('ospo-local-redis-'), 'redis');
      const { app, server } = await runApp(dataDir, 'stop');
      const ended = new Promise((r) => app.once('exit', (code) => r(code)));
      // Anything left holding the event loop (a timer, a socket) would keep the app alive for seconds or forever.
      const outcome = await Promise.race([
        ended,
        new Promise((r) => setTimeout(() => r('still running'), 3_000)),
      ]);
      expect(outcome).toBe(0);
      expect(alive(server.pid)).toBe(false);
    });

    it('stops the private server when the app exits', async () => {
      const dataDir = join(tempDir('ospo-local-redis-'), 'redis');
      const { server } = await runApp(dataDir, 'exit');
      expect(await waitForExit(server.pid)).toBe(true);
    });

    it('stops the server a killed app left behind before starting a new one, and keeps its data', async () => {
      const dataDir = join(tempDir('ospo-local-redis-'), 'redis');
      const { app, server: orphan } = await runApp(dataDir, 'wait');
      const writer = new Redis(orphan.url);
      await writer.set('queued', 'before the crash');
      writer.disconnect();
      app.kill('SIGKILL');
      await new Promise((r) => app.once('exit', r));
      expect(alive(orphan.pid)).toBe(true);

      const redis: LocalRedis = await ensure({ PATH: process.env.PATH }, { dataDir });
      expect(alive(orphan.pid)).toBe(false);
      const reader = new Redis(redis.url);
      try {
        expect(await reader.get('queued')).toBe('before the crash');
      } finally {
        reader.disconnect();
      }
    });
  });
});
