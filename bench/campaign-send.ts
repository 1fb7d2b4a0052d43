/**
 * Campaign sending against Slack's limits: 2,000 interviewees in a user group, spread over the emulator's 36 time
 * zones, picked in the real campaign modal of the real bot (SQLite, Redis, BullMQ, the emulator in place of Slack).
 * The campaign's working hours cover the whole day so every invitation is due at once and sending is bound only by
 * chat.postMessage's workspace limit (600 a minute, bursts of 20). The emulator runs its limits TIME_SCALE times
 * faster and the worker's limiter is scaled the same way, so the run fits in well under a minute.
 *
 * Figures: scheduling time (submission → every job enqueued and the result shown), sending time (first → last
 * invitation Slack accepted), the least time the emulator's limits allow for that many posts, their ratio, the 429s
 * met on the way, and invitations lost (nobody got one) or duplicated (someone got two or more): both must be 0.
 *
 *   npx tsx bench/campaign-send.ts [interviewees] [timeScale]      (default 2000, 10)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { createBot } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { makeWorkspace, minimumDurationMs } from '../src/sandbox/emulator/index.js';
import { createSlackSender } from '../src/sandbox/signedRequests.js';
import { virtualClock } from '../src/schedule/clock.js';
import { POST_MESSAGE_PER_MINUTE, startInterviewBackground } from '../src/schedule/interviewWorker.js';
import { listCampaigns } from '../src/store/campaigns.js';
import { openDatabase } from '../src/store/db.js';
import { startBenchStack } from './lib.js';

export interface CampaignSendResult {
  interviewees: number;
  /** The emulator's limits run this many times faster than Slack's; times below are as measured (scaled). */
  timeScale: number;
  schedulingMs: number;
  sendingMs: number;
  /** The least time between the first and last of `interviewees` posts that the emulator's limits allow. */
  minimumMs: number;
  /** sendingMs / minimumMs: 1 is as fast as the limits allow. */
  ratio: number;
  /** The same figures at Slack's real pace (× timeScale). */
  sendingAtSlackPaceS: number;
  minimumAtSlackPaceS: number;
  rateLimited: number;
  lost: number;
  duplicated: number;
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export async function run(
  options: { interviewees?: number; timeScale?: number } = {},
): Promise<CampaignSendResult> {
  const n = options.interviewees ?? 2000;
  const timeScale = options.timeScale ?? 10;
  const workspace = makeWorkspace({
    users: n + 5,
    deletedUsers: 0,
    groups: [{ handle: 'everyone-bench', name: 'Everyone', members: n }],
  });
  const group = workspace.usergroups.find((g) => g.handle === 'everyone-bench')!.id;
  const staffId = workspace.staffIds[0]!;
  // Monday 12:30 UTC: the start date is today for the staff member in New York.
  const clock = virtualClock({ start: new Date('2026-03-02T12:30:00Z') });

  const stack = await startBenchStack(
    'send',
    workspace,
    { timeScale, now: () => clock.now().getTime() },
    staffId,
  );
  const { redis, emulator, signingSecret } = stack;
  const config = loadConfig(stack.env);
  const db = openDatabase(config.databasePath);
  const bot = await createBot({
    config,
    logger: createLogger('silent'),
    redisUrl: redis.url,
    db,
    clock,
    queuePrefix: 'bench',
    background: false,
  });
  const { port } = await bot.start(0);
  const background = await startInterviewBackground(bot.ctx, {
    postsPerMinute: POST_MESSAGE_PER_MINUTE * timeScale,
    concurrency: 16,
  });
  const slack = createSlackSender({
    appUrl: `http://127.0.0.1:${port}/slack/events`,
    signingSecret,
    emulator,
  });

  try {
    await slack.command({ userId: staffId, text: 'new' });
    await emulator.waitFor((c) => c.method === 'views.update' && c.status === 200, 10_000);
    const submittedAt = Date.now();
    const seq = emulator.calls.length;
    const res = await slack.viewSubmission({
      userId: staffId,
      values: {
        name: 'Bench round',
        groups_contributor: [group],
        start_date: '2026-03-02',
        due_date: '2026-03-13',
        days: ['1', '2', '3', '4', '5', '6', '7'],
        day_start: '00:00',
        day_end: '23:59',
        send_at: '00:00',
        remind_every: '3',
        max_reminders: '2',
      },
    });
    if ((res.json as { response_action?: string })?.response_action !== 'update') {
      throw new Error(`the campaign was refused: ${res.body}`);
    }
    const done = await emulator.waitFor(
      (c) =>
        c.seq >= seq &&
        c.method === 'views.update' &&
        JSON.stringify(c.args.view).includes('campaign_new_done'),
      60_000,
    );
    const schedulingMs = done.time - submittedAt;

    const accepted = () =>
      emulator.callsTo('chat.postMessage').filter((c) => c.status === 200 && c.response.ok);
    const minimumMs = minimumDurationMs('chat.postMessage', n, { timeScale, channels: n });
    await until(`${n} invitations`, () => accepted().length >= n, 30_000 + 10 * minimumMs);
    // Anything still in flight (a duplicate would be) lands within a moment.
    await sleep(500);
    const posts = accepted();
    const sendingMs = posts.at(-1)!.time - posts[0]!.time;

    const perUser = new Map<string, number>();
    for (const c of posts) {
      const to = String(c.args.channel);
      perUser.set(to, (perUser.get(to) ?? 0) + 1);
    }
    const members = workspace.usergroups.find((g) => g.id === group)!.users;
    const lost = members.filter((u) => !perUser.has(u)).length;
    const duplicated = [...perUser.values()].reduce((s, k) => s + Math.max(0, k - 1), 0);
    const campaign = listCampaigns(db)[0]!;
    const invited = db
      .prepare(`SELECT count(*) FROM interviews WHERE campaign_id = ? AND status = 'invited'`)
      .pluck()
      .get(campaign.id) as number;
    if (invited !== n) throw new Error(`${invited} of ${n} interviews recorded as invited`);

    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      interviewees: n,
      timeScale,
      schedulingMs: Math.round(schedulingMs),
      sendingMs: Math.round(sendingMs),
      minimumMs: Math.round(minimumMs),
      ratio: round(sendingMs / minimumMs),
      sendingAtSlackPaceS: round((sendingMs * timeScale) / 1000),
      minimumAtSlackPaceS: round((minimumMs * timeScale) / 1000),
      rateLimited: emulator.callsTo('chat.postMessage').filter((c) => c.status === 429).length,
      lost,
      duplicated,
    };
  } finally {
    await background.close();
    await bot.stop();
    db.close();
    await stack.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [interviewees, timeScale] = process.argv.slice(2).map(Number);
  const result = await run({
    ...(interviewees ? { interviewees } : {}),
    ...(timeScale ? { timeScale } : {}),
  });
  console.log(`campaign send: ${result.interviewees} interviewees, emulator limits ×${result.timeScale}`);
  console.log(`  scheduling   ${result.schedulingMs} ms (submission to every job enqueued)`);
  console.log(
    `  sending      ${result.sendingMs} ms; the limits allow ${result.minimumMs} ms at best; ratio ${result.ratio}`,
  );
  console.log(
    `  at Slack's pace: ${result.sendingAtSlackPaceS} s against a minimum of ${result.minimumAtSlackPaceS} s`,
  );
  console.log(`  429s ${result.rateLimited} · lost ${result.lost} · duplicated ${result.duplicated}`);
  process.exitCode = result.lost === 0 && result.duplicated === 0 ? 0 : 1;
}
