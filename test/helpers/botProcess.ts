/**
 * The whole bot in a process of its own, so a test can SIGKILL it at any moment (mid-send, mid-stream). Settings
 * come from the environment as for `npm start`, plus:
 * - CLOCK_START, CLOCK_SPEED: the virtual clock;
 * - QUEUE_PREFIX: keeps one test's queues apart from another's;
 * - BACKGROUND: which background parts run, comma-separated from interviews,tagging,digest,privacy; default all of
 *   them, as in production;
 * - SENDS_PER_SECOND: a slow, narrow invitation stream (that many a second, 2 at a time), so a kill lands mid-stream.
 * Job locks are short so the next process takes over a dead one's jobs within seconds. Prints `ready <port>` once it
 * takes requests; SIGTERM closes it cleanly.
 */
import { createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import type { AppContext, Background } from '../../src/context.js';
import { startDigestBackground } from '../../src/digest/worker.js';
import { startPrivacyBackground } from '../../src/privacy/worker.js';
import { virtualClock } from '../../src/schedule/clock.js';
import { startInterviewBackground } from '../../src/schedule/interviewWorker.js';
import { startTaggingBackground } from '../../src/tagging/worker.js';

const sendsPerSecond = process.env.SENDS_PER_SECOND;
const starters: Record<string, (ctx: AppContext) => Promise<Background>> = {
  interviews: (ctx) =>
    startInterviewBackground(ctx, {
      lockDurationMs: 2_000,
      stalledIntervalMs: 1_000,
      ...(sendsPerSecond ? { concurrency: 2, postsPerMinute: Number(sendsPerSecond) * 60 } : {}),
    }),
  tagging: startTaggingBackground,
  digest: startDigestBackground,
  privacy: startPrivacyBackground,
};
const wanted = (process.env.BACKGROUND ?? Object.keys(starters).join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = wanted.filter((name) => !(name in starters));
if (unknown.length) throw new Error(`BACKGROUND names unknown parts: ${unknown.join(', ')}`);

const config = loadConfig(process.env);
const clock = virtualClock({
  start: new Date(process.env.CLOCK_START ?? Date.now()),
  speed: Number(process.env.CLOCK_SPEED ?? 1),
});
const bot = await createBot({
  config,
  redisUrl: config.redisUrl!,
  clock,
  queuePrefix: process.env.QUEUE_PREFIX ?? 'ospo',
  background: false,
});
const { port } = await bot.start(0);
const parts: Background[] = [];
// One after another, in the order production starts them.
for (const name of wanted) parts.push(await starters[name]!(bot.ctx));
process.once('SIGTERM', () => {
  void Promise.allSettled(parts.map((p) => p.close()))
    .then(() => bot.stop())
    .then(() => process.exit(0));
});
process.stdout.write(`ready ${port}\n`);
