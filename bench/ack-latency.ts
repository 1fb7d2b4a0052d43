/**
 * Acknowledgement latency of interview modal submissions under load: 50 people submitting steps at once, against
 * the real bot (SQLite draft and transaction, Redis, the emulator in place of Slack), beside a Bolt app that only
 * acknowledges, measured the same way in the same run. The ratio says what our work adds to Bolt's own cost; the
 * p99 must stay far inside Slack's 3 s.
 *
 *   npx tsx bench/ack-latency.ts [senders] [rounds]      (default 50 senders, 10 rounds of steps 1–2, then step 3)
 */
import { randomBytes } from 'node:crypto';
import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createBot } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { makeWorkspace } from '../src/sandbox/emulator/makeWorkspace.js';
import { buildStateValues } from '../src/sandbox/emulator/stateValues.js';
import { createSlackSender, signSlackRequest } from '../src/sandbox/signedRequests.js';
import { openDatabase } from '../src/store/db.js';
import { startBenchStack } from './lib.js';

export interface LatencyFigures {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
}

export interface AckLatencyResult {
  senders: number;
  /** Ours: step submissions of the interview modal (draft updates, then the storing last step). */
  app: LatencyFigures;
  /** A Bolt app whose view listener only calls ack(), fed the same payloads. */
  baseline: LatencyFigures;
  ratioP50: number;
  ratioP99: number;
  /** Ours, the first two steps right after start: JIT and first queries warm up while 50 people submit at once. */
  cold: LatencyFigures;
  /** Submissions whose answer was not what the step should give (an error view, a refusal): must be 0. */
  unexpected: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function figures(samples: number[]): LatencyFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    meanMs: round(sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length)),
    maxMs: round(sorted.at(-1) ?? 0),
  };
}

/** One keep-alive connection per sender, with Nagle off, so the client adds as little as it can to what is measured. */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** Posts a view_submission signed as Slack does and returns the round trip in ms and the parsed answer. */
function submit(url: string, secret: string, payload: object): Promise<{ ms: number; json: unknown }> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
          'X-Slack-Request-Timestamp': String(ts),
          'X-Slack-Signature': signSlackRequest(secret, ts, body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - started;
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ ms, json: text ? JSON.parse(text) : undefined });
        });
        res.on('error', reject);
      },
    );
    req.on('socket', (socket) => socket.setNoDelay(true));
    req.on('error', reject);
    req.end(body);
  });
}

const STEP_ANSWERS: Record<number, Record<string, string | string[] | null>> = {
  1: {
    'q-technologies': 'Kubernetes, PostgreSQL and a lot of Node.js. 🌻 We depend on them for every release.',
    'q-motivations': 'Fixing what bothers me upstream, and learning from better engineers.',
  },
  2: { 'q-obstacles': 'The CLA process takes weeks & nobody owns it.' },
  3: { petal: 'ecosystem', consent: 'anonymous', 'motivators-0': ['community-approach'] },
};

export async function run(opts: { senders?: number; rounds?: number } = {}): Promise<AckLatencyResult> {
  const senders = opts.senders ?? 50;
  const rounds = opts.rounds ?? 10;
  const workspace = makeWorkspace({ users: senders + 10 });
  // Rate limits far above the run's needs: this measures acknowledgements, not Slack's pacing.
  const stack = await startBenchStack('ack', workspace, { timeScale: 1000 });
  const { redis, emulator, signingSecret: secret } = stack;
  const config = loadConfig(stack.env);
  const db = openDatabase(config.databasePath);
  const bot = await createBot({
    config,
    logger: createLogger('silent'),
    redisUrl: redis.url,
    db,
    background: false,
  });
  const { port } = await bot.start(0);
  const appUrl = `http://127.0.0.1:${port}/slack/events`;

  const receiver = new HTTPReceiver({
    signingSecret: secret,
    endpoints: '/slack/events',
    logLevel: LogLevel.ERROR,
  });
  const idle = new App({
    token: workspace.bot.token,
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: emulator.url },
  });
  idle.view(/.*/, async ({ ack }) => {
    await ack();
  });
  const idleServer = (await idle.start(0)) as Server;
  const idleUrl = `http://127.0.0.1:${(idleServer.address() as AddressInfo).port}/slack/events`;

  try {
    // One interview per sender, opened through the Start button as a person would.
    const sender = createSlackSender({ appUrl, signingSecret: secret, emulator });
    const people = workspace.humanIds.filter((id) => !workspace.staffIds.includes(id)).slice(0, senders);
    if (people.length < senders)
      throw new Error(`the workspace has only ${people.length} people for ${senders} senders`);
    const now = new Date().toISOString();
    const campaign = db
      .prepare(
        `INSERT INTO campaigns (name, created_by, created_at, start_date, due_date) VALUES ('Bench', ?, ?, '2026-01-01', '2099-12-31')`,
      )
      .run(workspace.staffIds[0]!, now).lastInsertRowid;
    const insert = db.prepare(
      `INSERT INTO interviews (campaign_id, user_id, audience, status, invited_at) VALUES (?, ?, 'contributor', 'invited', ?)`,
    );
    const ids = people.map((p) => Number(insert.run(campaign, p, now).lastInsertRowid));
    await Promise.all(
      people.map((userId, k) =>
        sender.blockAction({ userId, actionId: 'interview_start', value: String(ids[k]) }),
      ),
    );
    const views = await Promise.all(
      people.map(async (userId) => {
        const deadline = Date.now() + 10_000;
        while (Date.now() < deadline) {
          const v = emulator.openViews(userId).at(-1);
          if (v) return v;
          await new Promise((r) => setTimeout(r, 20));
        }
        throw new Error(`no modal opened for ${userId}`);
      }),
    );

    // Each step's blocks, so every submission carries Slack-shaped state for that step.
    const set = bot.ctx.questionSets.contributor;
    const stepBlocks = new Map<number, unknown[]>();
    stepBlocks.set(1, views[0]!.blocks);
    const { interviewStepView } = await import('../src/slack/interviews/modalView.js');
    const { planSteps } = await import('../src/interviews/steps.js');
    const { findInterview } = await import('../src/store/interviewResponses.js');
    const plan = planSteps(set, bot.ctx.taxonomy.motivators.length);
    for (const step of plan.slice(1)) {
      const v = interviewStepView({
        set,
        step,
        interview: findInterview(db, ids[0]!)!,
        taxonomy: bot.ctx.taxonomy,
        values: {},
        mode: 'self',
      });
      stepBlocks.set(step.number, v.blocks);
    }
    const payloadFor = (k: number, step: number) => ({
      type: 'view_submission',
      team: { id: workspace.team.id, domain: workspace.team.domain },
      user: { id: people[k]!, name: people[k]!, team_id: workspace.team.id },
      api_app_id: workspace.bot.appId,
      token: 'verification-token',
      trigger_id: `${Date.now()}.1.${randomBytes(8).toString('hex')}`,
      view: {
        id: views[k]!.id,
        type: 'modal',
        callback_id: 'interview_step',
        private_metadata: JSON.stringify({ i: ids[k], s: step }),
        blocks: stepBlocks.get(step),
        state: { values: buildStateValues(stepBlocks.get(step)!, STEP_ANSWERS[step]!) },
        hash: 'h',
      },
      response_urls: [],
    });
    const sequence = [...Array.from({ length: rounds }, () => [1, 2]).flat(), 3];

    const drive = async (
      url: string,
      steps = sequence,
    ): Promise<{ samples: number[]; unexpected: number }> => {
      const samples: number[] = [];
      let unexpected = 0;
      await Promise.all(
        people.map(async (_, k) => {
          for (const step of steps) {
            const { ms, json } = await submit(url, secret, payloadFor(k, step));
            samples.push(ms);
            if (url === appUrl) {
              const view = (json as { response_action?: string; view?: { callback_id?: string } } | undefined)
                ?.view;
              const expected = step === 3 ? 'interview_done' : 'interview_step';
              if (view?.callback_id !== expected) unexpected += 1;
            }
          }
        }),
      );
      return { samples, unexpected };
    };

    // Warm both up (JIT, connections), then measure each on its own so neither slows the other. Ours warms on the
    // first two steps only, so the storing last step is still measured once per sender.
    await drive(idleUrl);
    const cold = await drive(appUrl, [1, 2]);
    const baseline = await drive(idleUrl);
    const app = await drive(appUrl);
    const a = figures(app.samples);
    const b = figures(baseline.samples);
    return {
      senders,
      app: a,
      baseline: b,
      ratioP50: Math.round((a.p50Ms / Math.max(0.01, b.p50Ms)) * 100) / 100,
      ratioP99: Math.round((a.p99Ms / Math.max(0.01, b.p99Ms)) * 100) / 100,
      cold: figures(cold.samples),
      unexpected: app.unexpected + cold.unexpected,
    };
  } finally {
    // Let the work that follows the last acknowledgements (Home, tagging job) finish before Redis goes away.
    await new Promise((r) => setTimeout(r, 1_000));
    await bot.stop();
    await idle.stop().catch(() => undefined);
    db.close();
    await stack.stop();
  }
}

function print(r: AckLatencyResult): void {
  const line = (name: string, f: LatencyFigures) =>
    `${name.padEnd(30)} ${String(f.requests).padStart(6)} req  p50 ${f.p50Ms.toFixed(2).padStart(7)} ms  p99 ${f.p99Ms
      .toFixed(2)
      .padStart(7)} ms  max ${f.maxMs.toFixed(2).padStart(7)} ms`;
  console.log(`view_submission acknowledgements, ${r.senders} concurrent senders`);
  console.log(line('interview modal steps', r.app));
  console.log(line('do-nothing Bolt app', r.baseline));
  console.log(line('ours, first submissions (cold)', r.cold));
  console.log(
    `ratio (ours / do-nothing)        p50 ${r.ratioP50.toFixed(2)}×  p99 ${r.ratioP99.toFixed(2)}×`,
  );
  console.log(`unexpected answers: ${r.unexpected}  (Slack's limit is 3000 ms)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [senders, rounds] = process.argv.slice(2).map(Number);
  run({ ...(senders ? { senders } : {}), ...(rounds ? { rounds } : {}) })
    .then((r) => {
      print(r);
      process.exit(r.unexpected === 0 && r.app.p99Ms < 3000 ? 0 : 1);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
