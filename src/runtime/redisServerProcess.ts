import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** The one line shown when there is no redis-server to start. */
export const REDIS_NOT_INSTALLED =
  'redis-server is not installed: run "sudo apt-get install redis-server" (Debian/Ubuntu) or "brew install redis" (macOS), or set REDIS_URL to an existing Redis.';

export class RedisNotInstalledError extends Error {
  constructor() {
    super(REDIS_NOT_INSTALLED);
    this.name = 'RedisNotInstalledError';
  }
}

export interface RedisServerOptions {
  /** Working directory of the server: AOF files and the pid file go here. Must exist. */
  dir: string;
  port: number;
  /** Append-only file, so that data (queued jobs) survives a restart. */
  appendOnly: boolean;
  /** `always` survives SIGKILL without losing the last second; `everysec` is Redis's default and faster. */
  appendFsync?: 'always' | 'everysec';
  /** Written by redis-server once it runs, removed on a clean shutdown. */
  pidFile?: string;
  /** Environment of the child; its PATH is where `redis-server` is looked for. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Redis's background task frequency (its `hz`, default 10). A SIGTERM is only acted on at the next tick, so 100
   * makes stopping take ~10 ms instead of ~100 ms, for a little idle CPU.
   */
  hz?: number;
  /** How long to wait for the first PONG, in ms. Default 10 000. */
  startTimeoutMs?: number;
}

export interface RedisServerProcess {
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  /** Resolves when the process has exited, for whatever reason. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly running: boolean;
  /** SIGTERM (Redis flushes the AOF and exits), then SIGKILL after `timeoutMs` (default 5 000). */
  stop(timeoutMs?: number): Promise<void>;
  /** SIGKILL: a crash, as a test of recovery wants it. */
  kill(): Promise<void>;
  /** The last lines redis-server printed, for error messages. */
  logTail(): string;
}

const LOG_TAIL_CHARS = 4_000;

/** A port nobody listens on right now. Another process may take it before we do; callers retry on EADDRINUSE. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  server.unref();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** True when something on host:port answers PING with PONG (not LOADING, not an error). */
export function pingRedis(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/**
 * The pid of the Redis answering on host:port once it is ready (PING gives PONG, not LOADING), else undefined.
 * Sends `INFO server` then `PING` in one write and reads both replies.
 */
export function readyRedisPid(
  port: number,
  host = '127.0.0.1',
  timeoutMs = 500,
): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    let buffer = Buffer.alloc(0);
    const done = (pid: number | undefined) => {
      socket.destroy();
      resolve(pid);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.on('error', () => done(undefined));
    socket.on('connect', () => socket.write('INFO server\r\nPING\r\n'));
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      const headerEnd = buffer.indexOf('\r\n');
      if (headerEnd < 0) return;
      if (buffer[0] !== 0x24 /* $ */) return done(undefined);
      const infoEnd = headerEnd + 2 + Number(buffer.subarray(1, headerEnd).toString()) + 2;
      const pingEnd = buffer.indexOf('\r\n', infoEnd);
      if (pingEnd < 0) return;
      const pid = /^process_id:(\d+)\r?$/m.exec(buffer.subarray(headerEnd + 2, infoEnd).toString())?.[1];
      const pong = buffer.subarray(infoEnd, pingEnd).toString() === '+PONG';
      done(pong && pid ? Number(pid) : undefined);
    });
  });
}

function redisArgs(o: RedisServerOptions): string[] {
  const args = [
    '--port',
    String(o.port),
    '--bind',
    '127.0.0.1',
    '--dir',
    o.dir,
    '--daemonize',
    'no',
    // No RDB snapshots: the AOF (or nothing) is the persistence, and shutdown stays fast.
    '--save',
    '',
    '--appendonly',
    o.appendOnly ? 'yes' : 'no',
    '--appendfsync',
    o.appendFsync ?? 'everysec',
    // BullMQ loses jobs if Redis evicts keys.
    '--maxmemory-policy',
    'noeviction',
    '--loglevel',
    'warning',
  ];
  if (o.pidFile) args.push('--pidfile', o.pidFile);
  if (o.hz) args.push('--hz', String(o.hz));
  return args;
}

/**
 * Starts redis-server in the foreground as a child of this process and resolves once it answers PING.
 * Throws RedisNotInstalledError when there is no redis-server on PATH, and an error with the server's own last
 * words when it exits before answering (a port taken in the meantime shows up as "Address already in use").
 */
export async function spawnRedisServer(o: RedisServerOptions): Promise<RedisServerProcess> {
  let child: ChildProcess;
  try {
    child = spawn('redis-server', redisArgs(o), {
      cwd: o.dir,
      env: o.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new RedisNotInstalledError();
    throw err;
  }

  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-LOG_TAIL_CHARS);
  };
  // Always drained: a full pipe would block the server.
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let spawnError: Error | undefined;
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (err) => {
      spawnError = (err as NodeJS.ErrnoException).code === 'ENOENT' ? new RedisNotInstalledError() : err;
      running = false;
      resolve({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });

  const deadline = Date.now() + (o.startTimeoutMs ?? 10_000);
  for (let delay = 5; ; delay = Math.min(delay * 2, 50)) {
    if (!running) {
      if (spawnError) throw spawnError;
      await exited;
      throw new Error(
        `redis-server exited before answering on port ${o.port}: ${log.trim() || '(no output)'}`,
      );
    }
    // Ours, not a server that took the port first while ours fails to bind it (and is about to exit).
    if (child.pid !== undefined && (await readyRedisPid(o.port)) === child.pid) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(
        `redis-server did not answer PING on port ${o.port} in time: ${log.trim() || '(no output)'}`,
      );
    }
    await sleep(delay);
  }

  const pid = child.pid!;
  const signalAndWait = async (signal: NodeJS.Signals, timeoutMs: number): Promise<boolean> => {
    if (!running) return true;
    child.kill(signal);
    // Unref'd: a pending timeout must not keep the process alive once the server is gone.
    const timer = sleep(timeoutMs, 'timeout' as const, { ref: false });
    return (await Promise.race([exited.then(() => 'exited' as const), timer])) === 'exited';
  };
  return {
    pid,
    port: o.port,
    url: `redis://127.0.0.1:${o.port}`,
    exited,
    get running() {
      return running;
    },
    async stop(timeoutMs = 5_000) {
      if (!(await signalAndWait('SIGTERM', timeoutMs))) await signalAndWait('SIGKILL', 5_000);
    },
    async kill() {
      await signalAndWait('SIGKILL', 5_000);
    },
    logTail: () => log,
  };
}

/**
 * `spawnRedisServer` on a free port. Another process can take the port between finding it and the server binding
 * it (test files start servers in parallel), so that case is retried on another port.
 */
export async function spawnRedisServerOnFreePort(
  o: Omit<RedisServerOptions, 'port'>,
  attempts = 5,
): Promise<RedisServerProcess> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await spawnRedisServer({ ...o, port: await findFreePort() });
    } catch (err) {
      lastError = err;
      if (!String((err as Error).message).includes('Address already in use')) break;
    }
  }
  throw lastError;
}

/**
 * Whether a process runs. A zombie does not: a server whose parent died is reaped by init in its own time, and
 * until then kill(pid, 0) still succeeds.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc here
  }
}

/** The working directory of a process, or undefined when this system will not say. */
function cwdOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    // No /proc (macOS): ask lsof, whose -Fn output has the path on a line starting with "n".
    try {
      const out = execFileSync('lsof', ['-a', '-p', String(pid), '-d', 'cwd', '-Fn'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      return out
        .split('\n')
        .find((line) => line.startsWith('n'))
        ?.slice(1);
    } catch {
      return undefined;
    }
  }
}

export interface LeftoverRedisServer {
  pid: number;
  /** False when the system would not tell us the process's directory, so it may not be ours. */
  verified: boolean;
}

/**
 * A redis-server that an earlier run started in `dir` and never stopped (its owner was killed), found through the
 * pid file Redis writes there. Redis renames its process title, so the check is that the process still runs with
 * `dir` as its working directory: a pid reused by another program, or a pid file left by a crash, is not reported.
 */
export function findLeftoverRedisServer(dir: string, pidFile: string): LeftoverRedisServer | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isProcessAlive(pid)) return undefined;
  const cwd = cwdOf(pid);
  if (cwd === undefined) return { pid, verified: false };
  return cwd === realpathSync(dir) ? { pid, verified: true } : undefined;
}

/** SIGTERM, then SIGKILL if the process is still there after `timeoutMs`. */
export async function terminatePid(pid: number, timeoutMs = 5_000): Promise<void> {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!isProcessAlive(pid)) return;
      await sleep(20);
    }
  }
}
