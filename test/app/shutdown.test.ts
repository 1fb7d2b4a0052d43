import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/sandbox/emulator/index.js';
import { makeWorkspace } from '../../src/sandbox/emulator/makeWorkspace.js';
import { manifestBotScopes } from '../../src/sandbox/stack.js';
import { type RedisHandle, startRedis } from '../helpers/redisServer.js';

const workspace = makeWorkspace();
let redis: RedisHandle;
let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  redis = await startRedis();
  emulator = await startEmulator({ workspace, scopes: manifestBotScopes() });
  dir = mkdtempSync(join(tmpdir(), 'ospo-shutdown-'));
});
afterAll(async () => {
  await emulator?.stop();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('serves requests, then on SIGTERM stops taking work, closes Redis and SQLite, and exits 0', async () => {
    const databasePath = join(dir, 'ospo.db');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/app.ts'], {
      env: {
        PATH: process.env.PATH,
        SLACK_BOT_TOKEN: workspace.bot.token,
        SLACK_SIGNING_SECRET: 'shutdown-test-secret',
        SLACK_API_URL: emulator.url,
        REDIS_URL: redis.url,
        DATABASE_PATH: databasePath,
        OSPO_CHANNEL_ID: workspace.ospoChannelId,
        OSPO_STAFF_IDS: workspace.staffIds[0]!,
        PORT: '0',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    await expect
      .poll(() => /listening on http:\/\/localhost:(\d+)/.exec(out)?.[1], { timeout: 20_000 })
      .toBeTruthy();
    const port = /listening on http:\/\/localhost:(\d+)/.exec(out)![1];
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const probe = redis.client();
    const connections = async () =>
      ((await probe.client('LIST')) as string).split('\n').filter(Boolean).length;
    expect(await connections()).toBeGreaterThan(1);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('"msg":"shutting down"');
    expect(out).toContain('"msg":"ospo-survey stopped"');
    // Stopped taking work: the port is closed.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    // Redis connections closed: only the test's own client is left.
    await expect.poll(connections, { timeout: 5_000 }).toBe(1);
    // SQLite closed cleanly: the WAL was checkpointed and the file opens without recovery.
    const db = new Database(databasePath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }, 40_000);
});
