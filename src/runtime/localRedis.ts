import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findLeftoverRedisServer, spawnRedisServerOnFreePort, terminatePid } from './redisServerProcess.js';

export { REDIS_NOT_INSTALLED, RedisNotInstalledError } from './redisServerProcess.js';

/** The slice of a pino logger this module writes to. */
export interface LocalRedisLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface EnsureRedisOptions {
  /** Where a private server keeps its append-only file, relative to the working directory. Default data/redis. */
  dataDir?: string;
  log?: LocalRedisLog;
  /** How long a private server may take to answer its first PING, in ms. Default 10 000. */
  startTimeoutMs?: number;
}

export interface LocalRedis {
  /** REDIS_URL as given, or the private server's redis://127.0.0.1:<port>. */
  url: string;
  /** Whether this process started a private redis-server (REDIS_URL was unset). */
  started: boolean;
  /** The private server's pid, when there is one. */
  pid: number | undefined;
  /** Stops the private server (it writes its AOF first); nothing to do for a REDIS_URL. Call it last on shutdown. */
  stop(): Promise<void>;
}

const PID_FILE = 'redis-server.pid';
const silent: LocalRedisLog = { info() {}, warn() {}, error() {} };

/**
 * The Redis the app should use. With REDIS_URL set, that one, untouched. Without it, a private redis-server for
 * this process: loopback only, on a free port, its data under `dataDir` with an append-only file so that queued
 * jobs survive a restart of the app. The caller owns shutdown order and calls `stop()` after closing its queues;
 * should the process exit without it, the server is still told to stop.
 *
 * Throws RedisNotInstalledError (message: one line naming the install command) when redis-server is not on PATH.
 */
export async function ensureRedis(
  env: NodeJS.ProcessEnv = process.env,
  options: EnsureRedisOptions = {},
): Promise<LocalRedis> {
  const given = env.REDIS_URL?.trim();
  if (given) return { url: given, started: false, pid: undefined, stop: async () => {} };

  const log = options.log ?? silent;
  const dir = resolve(options.dataDir ?? join('data', 'redis'));
  const pidFile = join(dir, PID_FILE);
  mkdirSync(dir, { recursive: true });
  await stopLeftover(dir, pidFile, log);

  const server = await spawnRedisServerOnFreePort({
    dir,
    appendOnly: true,
    appendFsync: 'everysec',
    pidFile,
    // Only what lookup needs: the app's own secrets stay out of the child's environment.
    env: { PATH: env.PATH ?? '' },
    startTimeoutMs: options.startTimeoutMs,
  });

  let stopping = false;
  // 'exit' handlers cannot wait; SIGTERM still lets Redis write its AOF after we are gone.
  const lastResort = () => {
    if (server.running) process.kill(server.pid, 'SIGTERM');
  };
  process.once('exit', lastResort);
  void server.exited.then(({ code, signal }) => {
    process.off('exit', lastResort);
    if (!stopping) {
      log.error(
        { pid: server.pid, code, signal, output: server.logTail().trim() },
        'the private redis-server stopped unexpectedly; queued jobs wait until the app is restarted',
      );
    }
  });
  log.info(
    { url: server.url, dataDir: dir, pid: server.pid },
    'started a private redis-server (REDIS_URL is unset)',
  );

  return {
    url: server.url,
    started: true,
    pid: server.pid,
    async stop() {
      stopping = true;
      await server.stop();
    },
  };
}

/**
 * A server a killed earlier run left behind would otherwise share the AOF directory with the new one and corrupt
 * it. It is ours (started in this very directory), so it is stopped; one we cannot verify is left alone.
 */
async function stopLeftover(dir: string, pidFile: string, log: LocalRedisLog): Promise<void> {
  const leftover = findLeftoverRedisServer(dir, pidFile);
  if (!leftover) return;
  if (!leftover.verified) {
    throw new Error(
      `A redis-server (pid ${leftover.pid}) may still be using ${dir} from an earlier run: stop it, or delete ${pidFile} if that pid is something else.`,
    );
  }
  log.warn({ pid: leftover.pid, dataDir: dir }, 'stopping the redis-server an earlier run left behind');
  await terminatePid(leftover.pid);
}
