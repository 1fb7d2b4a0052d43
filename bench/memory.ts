/**
 * Memory of the running bot: resident set (RSS) and JS heap when idle, at the peak of a burst of requests, and once
 * the burst is over, beside a do-nothing Bolt app fed the same burst. The bot runs in a process of its own (every
 * background worker started, a private redis-server, the emulator in place of Slack), so the figures are the bot's
 * alone. The burst: slash commands (help, mine), App Home opens (a store query and views.publish each), and unknown
 * actions, sent by many senders at once.
 *
 *   npx tsx bench/memory.ts [requests] [concurrency]      (default 3000 requests, 64 at a time)
 */
import { type ChildProcess, fork } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Emulator } from '../src/sandbox/emulator/index.js';
import { makeWorkspace, type SandboxWorkspace } from '../src/sandbox/emulator/makeWorkspace.js';
import { createSlackSender, type SlackSender } from '../src/sandbox/signedRequests.js';
import { startBenchStack } from './lib.js';

export interface ProcessMemory {
  idleRssMiB: number;
  idleHeapMiB: number;
  peakRssMiB: number;
  peakHeapMiB: number;
  /** After the burst and a garbage collection: what stays. */
  afterRssMiB: number;
  afterHeapMiB: number;
}

export interface MemoryResult {
  requests: number;
  concurrency: number;
  /** Requests answered with something other than 200 (must be 0). */
  failed: number;
  burstMs: number;
  bot: ProcessMemory;
  baseline: ProcessMemory;
  ratioPeakRss: number;
  /**
   * JS heap after the burst minus before it, both after a full garbage collection: what the burst left behind.
   * (RSS is not used for this: V8 and malloc keep freed pages for a while, so it moves by tens of MiB either way.)
   */
  retainedMiB: number;
  targets: { peakRssMiB: number; retainedMiB: number };
  meetsTargets: boolean;
}

/**
 * The bot (under tsx, as `npm start` runs it) should fit a 512 MiB container at its busiest, and a burst should
 * leave little behind once collected (more would be a leak that grows with every burst).
 */
export const TARGETS = { peakRssMiB: 512, retainedMiB: 16 } as const;

const MiB = 1024 * 1024;
const round = (n: number) => Math.round(n * 10) / 10;

// ---- the measured process ------------------------------------------------------------------------------------------

interface Sample {
  rss: number;
  heap: number;
}

type ToChild = { type: 'reset-peak' } | { type: 'sample'; gc: boolean } | { type: 'peak' };
type FromChild =
  | { type: 'ready'; port: number }
  | { type: 'sample'; sample: Sample }
  | { type: 'peak'; sample: Sample };

/** Runs inside the child: starts the bot (or the baseline), samples its own memory every 10 ms, answers the parent. */
async function child(role: string): Promise<void> {
  let port: number;
  if (role === 'baseline') {
    const { startBaselineApp } = await import('./baseline.js');
    const app = await startBaselineApp({
      signingSecret: process.env.SLACK_SIGNING_SECRET!,
      token: process.env.SLACK_BOT_TOKEN!,
      apiUrl: process.env.SLACK_API_URL!,
    });
    port = app.port;
  } else {
    const { createBot } = await import('../src/bot.js');
    const { loadConfig } = await import('../src/config.js');
    const config = loadConfig(process.env);
    const bot = await createBot({ config, redisUrl: config.redisUrl!, queuePrefix: 'bench' });
    port = (await bot.start(0)).port!;
  }
  const now = (): Sample => {
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed };
  };
  let peak = now();
  const timer = setInterval(() => {
    const s = now();
    peak = { rss: Math.max(peak.rss, s.rss), heap: Math.max(peak.heap, s.heap) };
  }, 10);
  timer.unref();
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (m: ToChild) => {
    if (m.type === 'reset-peak') peak = now();
    if (m.type === 'sample') {
      if (m.gc && gc) {
        gc();
        gc();
      }
      process.send!({ type: 'sample', sample: now() } satisfies FromChild);
    }
    if (m.type === 'peak') process.send!({ type: 'peak', sample: peak } satisfies FromChild);
  });
  process.send!({ type: 'ready', port } satisfies FromChild);
}

// ---- the parent ----------------------------------------------------------------------------------------------------

function ask(proc: ChildProcess, message: ToChild, answer: FromChild['type']): Promise<Sample> {
  return new Promise((resolve) => {
    const on = (m: FromChild) => {
      if (m.type !== answer || !('sample' in m)) return;
      proc.off('message', on);
      resolve(m.sample);
    };
    proc.on('message', on);
    proc.send(message);
  });
}

async function startChild(
  role: 'bot' | 'baseline',
  env: NodeJS.ProcessEnv,
): Promise<{ proc: ChildProcess; port: number }> {
  const proc = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...env, OSPO_BENCH_MEMORY_ROLE: role },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    proc.on('message', (m: FromChild) => {
      if (m.type === 'ready') resolve(m.port);
    });
    proc.once('exit', (code) => reject(new Error(`${role} exited (${code}) before it was ready`)));
  });
  return { proc, port };
}

/** The same burst for both processes: commands, Home opens and clicks nobody listens for. */
async function burst(sender: SlackSender, users: string[], requests: number, concurrency: number) {
  let next = 0;
  let failed = 0;
  const one = async (i: number) => {
    const userId = users[i % users.length]!;
    const kind = i % 10;
    const res =
      kind < 4
        ? await sender.command({ userId, text: 'help' })
        : kind < 6
          ? await sender.command({ userId, text: 'mine' })
          : kind < 9
            ? await sender.event({ type: 'app_home_opened', user: userId, tab: 'home' })
            : await sender.blockAction({ userId, actionId: 'bench_unknown', value: String(i) });
    if (res.status !== 200) failed += 1;
  };
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) await one(next++);
    }),
  );
  return { failed, ms: Date.now() - started };
}

async function measure(
  role: 'bot' | 'baseline',
  env: NodeJS.ProcessEnv,
  emulator: Emulator,
  workspace: SandboxWorkspace,
  requests: number,
  concurrency: number,
): Promise<{ memory: ProcessMemory; failed: number; ms: number }> {
  const t0 = Date.now();
  const step = (what: string) =>
    process.stderr.write(`  memory/${role}: ${what} after ${Date.now() - t0} ms\n`);
  const { proc, port } = await startChild(role, env);
  step('ready');
  try {
    // Let start-up work (reconcile, schedulers, JIT) settle before calling it idle.
    await sleep(1500);
    const idle = await ask(proc, { type: 'sample', gc: true }, 'sample');
    proc.send({ type: 'reset-peak' } satisfies ToChild);
    const sender = createSlackSender({
      appUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: env.SLACK_SIGNING_SECRET!,
      emulator,
    });
    const users = workspace.humanIds;
    step('idle measured');
    const b = await burst(sender, users, requests, concurrency);
    step(`burst done (${b.failed} failed)`);
    // Replies go out after the acks; give them a moment to finish before reading the peak.
    await sleep(1000);
    const peak = await ask(proc, { type: 'peak' }, 'peak');
    const after = await ask(proc, { type: 'sample', gc: true }, 'sample');
    step('after measured');
    return {
      failed: b.failed,
      ms: b.ms,
      memory: {
        idleRssMiB: round(idle.rss / MiB),
        idleHeapMiB: round(idle.heap / MiB),
        peakRssMiB: round(peak.rss / MiB),
        peakHeapMiB: round(peak.heap / MiB),
        afterRssMiB: round(after.rss / MiB),
        afterHeapMiB: round(after.heap / MiB),
      },
    };
  } finally {
    const gone = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    await Promise.race([gone, sleep(5000).then(() => proc.kill('SIGKILL'))]);
  }
}

export async function run(options: { requests?: number; concurrency?: number } = {}): Promise<MemoryResult> {
  const requests = options.requests ?? 3000;
  const concurrency = options.concurrency ?? 64;
  const workspace = makeWorkspace({ users: 200 });
  // Limits far above the burst: this measures memory, not Slack's pacing.
  const stack = await startBenchStack('memory', workspace, { timeScale: 1000 });
  const { emulator } = stack;
  const env: NodeJS.ProcessEnv = { ...process.env, ...stack.env };
  try {
    const bot = await measure('bot', env, emulator, workspace, requests, concurrency);
    const baseline = await measure('baseline', env, emulator, workspace, requests, concurrency);
    const ratioPeakRss = Math.round((bot.memory.peakRssMiB / baseline.memory.peakRssMiB) * 100) / 100;
    const retainedMiB = round(bot.memory.afterHeapMiB - bot.memory.idleHeapMiB);
    return {
      requests,
      concurrency,
      failed: bot.failed,
      burstMs: bot.ms,
      bot: bot.memory,
      baseline: baseline.memory,
      ratioPeakRss,
      retainedMiB,
      targets: TARGETS,
      meetsTargets:
        bot.failed === 0 && bot.memory.peakRssMiB <= TARGETS.peakRssMiB && retainedMiB <= TARGETS.retainedMiB,
    };
  } finally {
    await stack.stop();
  }
}

const role = process.env.OSPO_BENCH_MEMORY_ROLE;
if (role) {
  await child(role);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [requests, concurrency] = process.argv.slice(2).map(Number);
  const r = await run({ ...(requests ? { requests } : {}), ...(concurrency ? { concurrency } : {}) });
  const line = (name: string, m: ProcessMemory) =>
    `${name.padEnd(22)} idle ${m.idleRssMiB} MiB RSS / ${m.idleHeapMiB} MiB heap   peak ${m.peakRssMiB} / ${m.peakHeapMiB}   after ${m.afterRssMiB} / ${m.afterHeapMiB}`;
  console.log(`${r.requests} requests, ${r.concurrency} at a time, in ${r.burstMs} ms (${r.failed} failed)`);
  console.log(line('ospo-survey', r.bot));
  console.log(line('do-nothing Bolt app', r.baseline));
  console.log(
    `peak RSS ratio ${r.ratioPeakRss}×, target ≤ ${r.targets.peakRssMiB} MiB: ${r.meetsTargets ? 'met' : 'NOT met'}`,
  );
  process.exit(r.meetsTargets ? 0 : 1);
}
