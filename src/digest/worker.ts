import { type Job, type Queue, Worker } from 'bullmq';
import type { AppContext, Background } from '../context.js';
import { createRedis, onReconnect } from '../runtime/redisConnection.js';
import { systemClock } from '../schedule/clock.js';
import { createSendingClient } from '../schedule/interviewWorker.js';
import { withSlackRateLimit } from '../schedule/rateLimit.js';
import { findDigest } from '../store/digests.js';
import { type DigestDeps, type PostResult, postWeeklyDigest } from './post.js';
import { campaignCreatedBefore } from './queries.js';
import {
  cronPattern,
  type DigestSchedule,
  isoWeekKey,
  lastOccurrence,
  nextOccurrence,
  occurrenceFor,
} from './schedule.js';

/** The one job scheduler of the digest queue; upserting it again (every start, every instance) replaces it. */
export const DIGEST_SCHEDULER_ID = 'weekly-digest';

export type DigestJobData = { kind: 'weekly' } | { kind: 'catch-up'; occurrence: string };

const WEEK_MS = 7 * 24 * 3600_000;

export function digestSchedule(ctx: Pick<AppContext, 'config'>): DigestSchedule {
  return { ...ctx.config.ospo.digest, timezone: ctx.config.ospo.timezone };
}

/**
 * The weekly job. With the real clock it is a cron pattern read in the OSPO's zone, so 09:00 stays 09:00 across
 * daylight saving. Under a virtual clock (sandbox, tests) BullMQ's cron would run on real time, so the scheduler
 * instead repeats every week-divided-by-the-clock's-speed, starting at the real moment the next virtual occurrence
 * comes. Either way the processor works out the occurrence from the app clock, never from the job.
 */
export async function upsertDigestScheduler(ctx: AppContext): Promise<void> {
  const schedule = digestSchedule(ctx);
  const template = { name: 'weekly', data: { kind: 'weekly' } satisfies DigestJobData };
  if (ctx.clock === systemClock) {
    await ctx.queues.digest.upsertJobScheduler(
      DIGEST_SCHEDULER_ID,
      { pattern: cronPattern(schedule), tz: schedule.timezone },
      template,
    );
    return;
  }
  const next = nextOccurrence(ctx.clock.now(), schedule);
  await ctx.queues.digest.upsertJobScheduler(
    DIGEST_SCHEDULER_ID,
    {
      every: Math.max(1000, Math.round(WEEK_MS / ctx.clock.speed)),
      startDate: Date.now() + ctx.clock.delayUntil(next),
    },
    template,
  );
}

/**
 * A week whose digest never went out (the app was down at the time, or an attempt died half way) is posted now,
 * marked late. Only the latest week is caught up: three weeks of digests at once would bury the channel. Weeks
 * before the first campaign are not missed: there was nothing to say.
 */
export async function catchUpMissedDigest(
  ctx: AppContext,
  queue: Queue = ctx.queues.digest,
): Promise<string | undefined> {
  const now = ctx.clock.now();
  const schedule = digestSchedule(ctx);
  const occurrence = lastOccurrence(now, schedule);
  const week = isoWeekKey(occurrence, schedule.timezone);
  const existing = findDigest(ctx.db, week);
  if (existing?.state === 'posted') return undefined;
  if (!existing && !campaignCreatedBefore(ctx.db, occurrence)) return undefined;
  const jobId = `catchup-${week}`;
  // A catch-up that failed for good earlier would block its id; a new start deserves a new try.
  const old = await queue.getJob(jobId);
  if (old && (await old.isFailed())) await old.remove();
  await queue.add(
    'catch-up',
    { kind: 'catch-up', occurrence: occurrence.toISOString() } satisfies DigestJobData,
    { jobId },
  );
  return week;
}

export async function processDigestJob(
  ctx: AppContext,
  deps: DigestDeps,
  job: Job<DigestJobData>,
): Promise<PostResult> {
  const occurrence =
    job.data.kind === 'catch-up'
      ? new Date(job.data.occurrence)
      : occurrenceFor(ctx.clock.now(), digestSchedule(ctx));
  const result = await postWeeklyDigest(deps, {
    occurrence,
    trigger: job.data.kind === 'catch-up' ? 'catch-up' : 'schedule',
    actor: 'system',
  });
  // Thrown, so the job retries after a backoff and then finds the week posted (or free, if that attempt died).
  if (result.status === 'in-progress')
    throw new Error(`the digest of ${result.week} is being posted by another attempt`);
  return result;
}

export async function startDigestBackground(ctx: AppContext): Promise<Background> {
  const log = ctx.logger.child({ part: 'digest-worker' });
  const queue = ctx.queues.digest;
  const deps: DigestDeps = {
    db: ctx.db,
    taxonomy: ctx.taxonomy,
    config: ctx.config,
    client: createSendingClient(ctx),
    clock: ctx.clock,
    logger: log,
  };
  const connection = createRedis(ctx.redisUrl, { forWorker: true, connectionName: 'digest-worker' });
  const worker = new Worker<DigestJobData, PostResult>(
    queue.name,
    (job) => withSlackRateLimit(queue, () => processDigestJob(ctx, deps, job)),
    // One digest job at a time per process: the week's claim makes parallel ones pointless.
    { connection, prefix: ctx.queuePrefix, concurrency: 1, autorun: true },
  );
  worker.on('failed', (job, err) =>
    log.warn({ job: job?.id, attempts: job?.attemptsMade, err: err.message }, 'digest job failed'),
  );
  worker.on('error', (err) => log.warn({ err: err.message }, 'digest worker error'));

  const ensure = async (why: string) => {
    await upsertDigestScheduler(ctx);
    const week = await catchUpMissedDigest(ctx);
    if (week) log.info({ week, why }, 'catching up a digest that was not posted');
  };
  await ensure('start');

  // A Redis that comes back empty has lost the scheduler: put it back (and catch up) once connected again.
  onReconnect(connection, () => {
    ensure('redis reconnected').catch((err) =>
      log.warn({ err: String(err) }, 'could not restore the digest scheduler'),
    );
  });

  return {
    close: async () => {
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
