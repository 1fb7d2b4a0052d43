import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import {
  findLeftoverRedisServer,
  isProcessAlive,
  type RedisServerProcess,
  spawnRedisServer,
  spawnRedisServerOnFreePort,
  terminatePid,
} from '../../src/runtime/redisServerProcess.js';

/**
 * A private redis-server for one test file: its own port on 127.0.0.1 and its own temp directory.
 *
 * ```ts
 * let redis: RedisHandle;
 * beforeAll(async () => { redis = await startRedis(); });
 * afterAll(() => redis.stop());
 * ```
 * Fault tests: `await redis.kill()` (a crash) or `await redis.stop({ keepData: true })` (a clean shutdown), then
 * `await redis.restart()` brings it back on the same port; with `appendOnly: true` the data is still there.
 */
export interface RedisHandle {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The server's directory (AOF files). Removed by `stop()`. */
  readonly dir: string;
  /** Whether the server process is up. */
  readonly running: boolean;
  /**
   * Shuts the server down (SIGTERM, waits for it to exit), which frees the port. By default this is the end: the
   * clients from `client()` are disconnected and the temp directory removed. `keepData: true` keeps both, for a
   * later `restart()`.
   */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /** SIGKILL, as in a crash; resolves once the process is gone. Data and clients stay for `restart()`. */
  kill(): Promise<void>;
  /** Stops the server if it runs, then starts it again with the same port and directory. */
  restart(): Promise<void>;
  /** A new ioredis client on this server; disconnected by `stop()`. */
  client(): Redis;
}

export interface StartRedisOptions {
  /** Keep data across `restart()` and `kill()` with an append-only file. Default false (faster). */
  appendOnly?: boolean;
  /**
   * With appendOnly: fsync every write ('always', the default here, so a `kill()` loses nothing) or once a second
   * ('everysec', Redis's default, which can lose the last second on SIGKILL).
   */
  appendFsync?: 'always' | 'everysec';
  /** Environment of the child (its PATH decides which redis-server runs). Default process.env. */
  env?: NodeJS.ProcessEnv;
}

const DIR_PREFIX = 'ospo-survey-redis-';
const OWNER_FILE = 'owner.pid';
const PID_FILE = 'redis-server.pid';

const live = new Set<{ server: RedisServerProcess | undefined; dir: string; removed: boolean }>();
let sweptLeftovers = false;

/**
 * Test processes that were killed (a timeout, Ctrl-C on a worker) leave their redis-server running and its
 * directory behind. Each directory names its owner; when the owner is gone, its server is stopped and the
 * directory removed. Only servers this helper started are touched: the pid must be running in that directory.
 */
async function sweepLeftovers(): Promise<void> {
  if (sweptLeftovers) return;
  sweptLeftovers = true;
  const root = tmpdir();
  for (const name of readdirSync(root)) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = join(root, name);
    try {
      const owner = Number.parseInt(readFileSync(join(dir, OWNER_FILE), 'utf8'), 10);
      if (Number.isInteger(owner) && owner > 0 && isProcessAlive(owner)) continue;
      const leftover = findLeftoverRedisServer(dir, join(dir, PID_FILE));
      if (leftover?.verified) await terminatePid(leftover.pid);
      if (leftover && !leftover.verified) continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another test process is sweeping the same directory, or it is not ours after all.
    }
  }
}

function removeAll(): void {
  for (const entry of live) {
    if (entry.server?.running) process.kill(entry.server.pid, 'SIGKILL');
    rmSync(entry.dir, { recursive: true, force: true });
  }
  live.clear();
}

// A test file that forgets stop(), or a worker that vitest ends (it sends SIGTERM), must not leave servers behind.
// Once the servers are gone the signal is raised again, so the process ends as it would have without us, unless
// somebody else listens for it.
process.once('exit', removeAll);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(signal, () => {
    removeAll();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

export async function startRedis(options: StartRedisOptions = {}): Promise<RedisHandle> {
  await sweepLeftovers();
  const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
  const entry: { server: RedisServerProcess | undefined; dir: string; removed: boolean } = {
    server: undefined,
    dir,
    removed: false,
  };
  live.add(entry);

  const settings = {
    dir,
    appendOnly: options.appendOnly ?? false,
    appendFsync: options.appendFsync ?? 'always',
    pidFile: join(dir, PID_FILE),
    hz: 100,
    env: options.env,
  } as const;

  try {
    entry.server = await spawnRedisServerOnFreePort(settings);
  } catch (err) {
    live.delete(entry);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const port = entry.server.port;
  const url = entry.server.url;
  const clients = new Set<Redis>();

  const handle: RedisHandle = {
    url,
    port,
    dir,
    get running() {
      return entry.server?.running ?? false;
    },
    async stop({ keepData = false } = {}) {
      await entry.server?.stop();
      if (keepData) return;
      for (const c of clients) c.disconnect();
      clients.clear();
      entry.removed = true;
      live.delete(entry);
      rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      await entry.server?.kill();
    },
    async restart() {
      if (entry.removed)
        throw new Error('this Redis was stopped for good; use stop({ keepData: true }) to restart it');
      await entry.server?.stop();
      entry.server = await spawnRedisServer({ ...settings, port });
    },
    client() {
      const client = new Redis(url, { maxRetriesPerRequest: null });
      clients.add(client);
      client.once('end', () => clients.delete(client));
      return client;
    },
  };
  return handle;
}
