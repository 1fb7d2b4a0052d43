/**
 * `npm run bench`: every benchmark of the project in one go, one table, and out/bench.json for comparing runs.
 *
 * Each benchmark module (bench/<name>.ts exporting `run()`) runs in a child process of its own, one after the
 * other, so one module's memory, open handles or crash cannot colour the next one's figures. A module that is
 * missing or fails is reported and skipped. Progress goes to stderr; the table to stdout.
 *
 *   npm run bench                       all of them
 *   npm run bench -- tagging memory     only these
 */
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, '..', 'out', 'bench.json');

/** In the order they run: the CPU-bound ones first, on a quiet machine. */
export const MODULES = ['tagging', 'digest-build', 'ack-latency', 'campaign-send', 'memory'] as const;
/** A module taking longer than this is stopped and reported as failed (the whole run must stay under 5 minutes). */
const MODULE_TIMEOUT_MS = 150_000;

export interface Row {
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  /** Human text such as '< 1000 ms'; `met` says whether this run met it. */
  target?: string;
  met?: boolean;
}

export interface ModuleOutcome {
  name: string;
  status: 'ok' | 'missing' | 'failed';
  ms: number;
  note?: string;
  result?: unknown;
}

type Obj = Record<string, unknown>;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const get = (o: unknown, path: string): number | undefined =>
  num(
    path
      .split('.')
      .reduce<unknown>((acc, k) => (acc && typeof acc === 'object' ? (acc as Obj)[k] : undefined), o),
  );
const ratioOf = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && b > 0 ? Math.round((a / b) * 100) / 100 : undefined;

function row(r: Partial<Row> & { metric: string; value: number | undefined; unit: string }): Row[] {
  if (r.value === undefined) return [];
  const out: Row = { metric: r.metric, value: r.value, unit: r.unit };
  if (r.baseline !== undefined) out.baseline = r.baseline;
  const ratio = r.ratio ?? ratioOf(r.value, r.baseline);
  if (ratio !== undefined) out.ratio = ratio;
  if (r.target !== undefined) out.target = r.target;
  if (r.met !== undefined) out.met = r.met;
  return [out];
}

/**
 * Each module's figures as table rows. The shapes differ by module; anything not known here still shows, as its
 * numeric fields one per row, so a new module needs no change to be reported.
 */
export function rowsFor(name: string, result: unknown): Row[] {
  const r = result as Obj;
  switch (name) {
    case 'ack-latency': {
      const senders = get(r, 'senders');
      const p99 = get(r, 'app.p99Ms');
      return [
        ...row({
          metric: `ack p50, view submissions (${senders} senders)`,
          value: get(r, 'app.p50Ms'),
          unit: 'ms',
          baseline: get(r, 'baseline.p50Ms'),
          ratio: get(r, 'ratioP50'),
        }),
        ...row({
          metric: `ack p99, view submissions (${senders} senders)`,
          value: p99,
          unit: 'ms',
          baseline: get(r, 'baseline.p99Ms'),
          ratio: get(r, 'ratioP99'),
          target: '< 3000 ms (Slack)',
          met: p99 !== undefined && p99 < 3000,
        }),
        ...row({ metric: 'ack p99, first submissions (cold)', value: get(r, 'cold.p99Ms'), unit: 'ms' }),
        ...row({
          metric: 'acks with an unexpected answer',
          value: get(r, 'unexpected'),
          unit: '',
          target: '0',
          met: get(r, 'unexpected') === 0,
        }),
      ];
    }
    case 'campaign-send': {
      const n = get(r, 'interviewees');
      const scale = get(r, 'timeScale');
      const ratio = get(r, 'ratio');
      return [
        ...row({
          metric: `campaign sending, ${n} invitations (limits ×${scale})`,
          value: get(r, 'sendingMs'),
          unit: 'ms',
          baseline: get(r, 'minimumMs'),
          ratio,
          target: '≤ 1.25× the limits',
          met: ratio !== undefined && ratio <= 1.25,
        }),
        ...row({
          metric: '  the same at Slack’s real pace',
          value: get(r, 'sendingAtSlackPaceS'),
          unit: 's',
          baseline: get(r, 'minimumAtSlackPaceS'),
        }),
        ...row({
          metric: 'campaign scheduling (submit → all jobs queued)',
          value: get(r, 'schedulingMs'),
          unit: 'ms',
        }),
        ...row({
          metric: 'invitations lost + duplicated',
          value: (get(r, 'lost') ?? 0) + (get(r, 'duplicated') ?? 0),
          unit: '',
          target: '0',
          met: get(r, 'lost') === 0 && get(r, 'duplicated') === 0,
        }),
      ];
    }
    case 'digest-build': {
      const build = get(r, 'buildMs');
      const ratio = get(r, 'ratio');
      const tBuild = get(r, 'targets.buildMs') ?? 1000;
      const tRatio = get(r, 'targets.ratio') ?? 2;
      return [
        ...row({
          metric: `digest build, ${(get(r, 'answers') ?? 0).toLocaleString('en')} answers`,
          value: build,
          unit: 'ms',
          baseline: get(r, 'plainMs'),
          ratio,
          target: `< ${tBuild} ms, ≤ ${tRatio}× plain SQL`,
          met: build !== undefined && ratio !== undefined && build < tBuild && ratio <= tRatio,
        }),
        ...row({
          metric: '  first refresh after a bulk load (once)',
          value: get(r, 'firstRefreshMs'),
          unit: 'ms',
        }),
        ...row({ metric: '  peak RSS of the digest run', value: get(r, 'peakRssMiB'), unit: 'MiB' }),
      ];
    }
    case 'tagging': {
      const target = get(r, 'target');
      const perSecond = get(r, 'perSecond');
      const withLearner = get(r, 'perSecondWithLearner');
      return [
        ...row({
          metric: 'tagging throughput, signals and model (one core)',
          value: perSecond,
          unit: '/s',
          ...(target
            ? { target: `≥ ${target.toLocaleString('en')}/s`, met: (perSecond ?? 0) >= target }
            : {}),
        }),
        ...row({
          metric: `tagging throughput, + ${get(r, 'learnerExamples')} learned examples`,
          value: withLearner,
          unit: '/s',
          ...(target
            ? { target: `≥ ${target.toLocaleString('en')}/s`, met: (withLearner ?? 0) >= target }
            : {}),
        }),
        ...row({
          metric: '  signals alone, without the model',
          value: get(r, 'perSecondSignalsOnly'),
          unit: '/s',
        }),
        ...row({ metric: '  peak RSS of the tagging run', value: get(r, 'peakRssMiB'), unit: 'MiB' }),
      ];
    }
    case 'memory': {
      const peak = get(r, 'bot.peakRssMiB');
      const retained = get(r, 'retainedMiB');
      return [
        ...row({
          metric: 'memory idle, RSS',
          value: get(r, 'bot.idleRssMiB'),
          unit: 'MiB',
          baseline: get(r, 'baseline.idleRssMiB'),
        }),
        ...row({
          metric: 'memory idle, JS heap',
          value: get(r, 'bot.idleHeapMiB'),
          unit: 'MiB',
          baseline: get(r, 'baseline.idleHeapMiB'),
        }),
        ...row({
          metric: `memory peak, RSS (${get(r, 'requests')} requests, ${get(r, 'concurrency')} at a time)`,
          value: peak,
          unit: 'MiB',
          baseline: get(r, 'baseline.peakRssMiB'),
          target: `≤ ${get(r, 'targets.peakRssMiB') ?? 512} MiB`,
          met: peak !== undefined && peak <= (get(r, 'targets.peakRssMiB') ?? 512),
        }),
        ...row({
          metric: 'memory peak, JS heap',
          value: get(r, 'bot.peakHeapMiB'),
          unit: 'MiB',
          baseline: get(r, 'baseline.peakHeapMiB'),
        }),
        ...row({
          metric: 'memory after the burst, RSS',
          value: get(r, 'bot.afterRssMiB'),
          unit: 'MiB',
          baseline: get(r, 'baseline.afterRssMiB'),
        }),
        ...row({
          metric: 'memory left after the burst (heap growth)',
          value: retained,
          unit: 'MiB',
          target: `≤ ${get(r, 'targets.retainedMiB') ?? 16} MiB`,
          met: retained !== undefined && retained <= (get(r, 'targets.retainedMiB') ?? 16),
        }),
        ...row({
          metric: 'burst requests not answered 200',
          value: get(r, 'failed'),
          unit: '',
          target: '0',
          met: get(r, 'failed') === 0,
        }),
      ];
    }
    default:
      return genericRows(name, r);
  }
}

/** Numeric fields (one level of nesting), or `{ rows: [...] }` if the module already speaks in rows. */
function genericRows(name: string, r: Obj): Row[] {
  if (Array.isArray(r?.rows)) {
    return (r.rows as Obj[]).flatMap((x) =>
      row({
        metric: String(x.metric ?? name),
        value: num(x.value),
        unit: String(x.unit ?? ''),
        ...(num(x.baseline) !== undefined ? { baseline: num(x.baseline)! } : {}),
        ...(typeof x.target === 'string' ? { target: x.target } : {}),
      }),
    );
  }
  const out: Row[] = [];
  for (const [k, v] of Object.entries(r ?? {})) {
    if (num(v) !== undefined) out.push(...row({ metric: `${name}: ${k}`, value: num(v), unit: '' }));
    else if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Obj)) {
        if (num(v2) !== undefined)
          out.push(...row({ metric: `${name}: ${k}.${k2}`, value: num(v2), unit: '' }));
      }
    }
  }
  return out;
}

// ---- running ---------------------------------------------------------------------------------------------------------

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs one module in a child process (this file with --module), which imports it and sends back `run()`'s result. */
function runModule(name: string): Promise<ModuleOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = fork(fileURLToPath(import.meta.url), ['--module', name], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let settled = false;
    const done = (o: Omit<ModuleOutcome, 'name' | 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ name, ms: Date.now() - started, ...o });
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done({ status: 'failed', note: `stopped after ${MODULE_TIMEOUT_MS / 1000} s` });
    }, MODULE_TIMEOUT_MS);
    child.on('message', (m: ChildMessage) => done(m));
    child.once('exit', (code, signal) =>
      done({ status: 'failed', note: `exited (${signal ?? code}) without a result` }),
    );
  });
}

type ChildMessage = { status: ModuleOutcome['status']; note?: string; result?: unknown };

/** Inside the child: import bench/<name>.ts and call its run(). */
async function childMain(name: string): Promise<ChildMessage> {
  const file = join(HERE, `${name}.ts`);
  if (!existsSync(file)) return { status: 'missing', note: `bench/${name}.ts does not exist yet` };
  try {
    const mod = (await import(pathToFileURL(file).href)) as { run?: () => Promise<unknown> };
    if (typeof mod.run !== 'function')
      return { status: 'missing', note: `bench/${name}.ts exports no run()` };
    return { status: 'ok', result: await mod.run() };
  } catch (err) {
    return { status: 'failed', note: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  }
}

function fmt(n: number | undefined): string {
  if (n === undefined) return '';
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en');
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2);
}

export function renderTable(rows: Row[]): string {
  const cells = rows.map((r) => [
    r.metric,
    `${fmt(r.value)}${r.unit ? ` ${r.unit}` : ''}`,
    r.baseline !== undefined ? `${fmt(r.baseline)}${r.unit ? ` ${r.unit}` : ''}` : '',
    r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : '',
    r.target ? `${r.target} ${r.met === undefined ? '' : r.met ? '✓' : '✗'}`.trim() : '',
  ]);
  const head = ['metric', 'value', 'baseline', 'ratio', 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => [...c[i]!].length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => (i === 0 || i === 4 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Rows whose value moved by more than 10% since the previous out/bench.json. */
function changesSince(previous: { ranAt?: string; rows?: Row[] } | undefined, rows: Row[]): string[] {
  if (!previous?.rows) return [];
  const before = new Map(previous.rows.map((r) => [r.metric, r.value]));
  const lines: string[] = [];
  for (const r of rows) {
    const old = before.get(r.metric);
    if (old === undefined || old === 0) continue;
    const change = (r.value - old) / Math.abs(old);
    if (Math.abs(change) > 0.1) {
      lines.push(
        `  ${r.metric.trim()}: ${fmt(old)} → ${fmt(r.value)} ${r.unit} (${change > 0 ? '+' : ''}${Math.round(change * 100)}%)`,
      );
    }
  }
  return lines;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length > 0 ? wanted : [...MODULES];
  const started = Date.now();
  log(`bench: ${names.length} modules on ${cpus().length} CPUs, Node ${process.version}`);
  const outcomes: ModuleOutcome[] = [];
  for (const [i, name] of names.entries()) {
    log(`[${i + 1}/${names.length}] ${name} …`);
    const o = await runModule(name);
    outcomes.push(o);
    log(
      `[${i + 1}/${names.length}] ${name}: ${o.status} in ${(o.ms / 1000).toFixed(1)} s${o.note ? ` (${o.note})` : ''}`,
    );
  }
  const rows = outcomes.filter((o) => o.status === 'ok').flatMap((o) => rowsFor(o.name, o.result));
  const totalMs = Date.now() - started;

  console.log(renderTable(rows));
  for (const o of outcomes.filter((x) => x.status !== 'ok'))
    console.log(`${o.name}: ${o.status} — ${o.note ?? ''}`);
  const missed = rows.filter((r) => r.met === false).map((r) => r.metric.trim());
  console.log(
    `\n${outcomes.filter((o) => o.status === 'ok').length}/${outcomes.length} benchmarks in ${(totalMs / 1000).toFixed(0)} s; ` +
      (missed.length === 0 ? 'every target met.' : `targets missed: ${missed.join('; ')}.`),
  );

  const previous = existsSync(OUT)
    ? (JSON.parse(readFileSync(OUT, 'utf8')) as { ranAt?: string; rows?: Row[] })
    : undefined;
  const changes = changesSince(previous, rows);
  if (changes.length > 0)
    console.log(`\nMoved by more than 10% since the last run (${previous?.ranAt}):\n${changes.join('\n')}`);

  mkdirSync(dirname(OUT), { recursive: true });
  const report = {
    ranAt: new Date(started).toISOString(),
    totalMs,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    rows,
    modules: outcomes,
  };
  writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
  log(`bench: wrote ${OUT}`);
}

const moduleFlag = process.argv.indexOf('--module');
if (moduleFlag >= 0) {
  const message = await childMain(process.argv[moduleFlag + 1]!);
  // Exit once the result is handed over: a module may leave timers or sockets behind.
  process.send!(message, () => process.exit(0));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
