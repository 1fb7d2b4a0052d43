import { setTimeout as sleep } from 'node:timers/promises';
import { LogLevel, WebClient } from '@slack/web-api';
import { type Job, Worker } from 'bullmq';
import type { AppContext, Background } from '../context.js';
import { createRedis, onReconnect } from '../runtime/redisConnection.js';
import { type JobOutcome, processInterviewJob } from './interviewProcessors.js';
import type { InterviewJobData } from './jobs.js';
import { withSlackRateLimit } from './rateLimit.js';
import { reconcileInterviewJobs } from './reconcile.js';

/**
 * chat.postMessage's workspace-wide limit on Slack is unpublished; the emulator models 600 a minute with bursts of
 * 20, and Slack's guidance is "about one a second per channel, more across channels". Every DM goes to a different
 * channel, so the workspace cap is the one that binds.
 */
export const POST_MESSAGE_PER_MINUTE = 600;

export interface InterviewWorkerOptions {
  /**
   * Jobs started per minute across all workers of this queue (a BullMQ limiter), which is chat.postMessage's
   * workspace limit since nearly every job posts once. Default POST_MESSAGE_PER_MINUTE. The bench scales it with the
   * emulator's time scale.
   */
  postsPerMinute?: number;
  /** Jobs in flight at once in this process; enough to keep the limiter busy through Slack's latency. Default 8. */
  concurrency?: number;
  /** How often the store and queue are compared, in ms, besides on start and after Redis comes back. Default 10 min. */
  reconcileEveryMs?: number;
  /**
   * How long a job's lock lasts, and how often locks are checked, in ms. A worker that dies mid-job leaves its job
   * locked until then; another worker picks it up after. BullMQ's defaults (30 s each) suit production; crash
   * tests shorten them.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Called after each job, for tests and the bench. */
  onJobDone?: (job: Job<InterviewJobData>, outcome: JobOutcome) => void;
}

/**
 * The bot's own client for sending from jobs. 429s are rejected at once (the worker pauses the whole queue for
 * Retry-After instead of one job sleeping on its lock), and no retries inside the client: a retried
 * chat.postMessage after a 5xx could post twice, whereas a retried job goes through postOnce, which checks Slack
 * for the first attempt's message before sending again.
 */
export function createSendingClient(ctx: AppContext): WebClient {
  return new WebClient(ctx.config.slack.botToken, {
    slackApiUrl: ctx.config.slack.apiUrl,
    logLevel: LogLevel.ERROR,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
}

/**
 * BullMQ's limiter counts in fixed windows, so {max: 10, duration: 1000} can start 20 jobs back to back across a
 * window boundary. Small windows of LIMITER_BATCH jobs keep any burst (2 × batch) inside the burst Slack tolerates
 * (the emulator allows 20), while not paying the limiter's wake-up cost for every single job.
 */
export const LIMITER_BATCH = 5;

export function evenLimiter(perMinute: number): { max: number; duration: number } {
  return { max: LIMITER_BATCH, duration: Math.max(1, Math.round((LIMITER_BATCH * 60_000) / perMinute)) };
}

export async function startInterviewBackground(
  ctx: AppContext,
  options: InterviewWorkerOptions = {},
): Promise<Background> {
  const log = ctx.logger.child({ part: 'interview-worker' });
  const client = createSendingClient(ctx);
  const queue = ctx.queues.interviews;

  const first = await reconcileInterviewJobs(ctx);
  if (first.added || first.retried || first.replaced) log.info(first, 'reconciled interview jobs on start');

  const connection = createRedis(ctx.redisUrl, { forWorker: true, connectionName: 'interview-worker' });
  const worker = new Worker<InterviewJobData, JobOutcome>(
    queue.name,
    (job, token) => withSlackRateLimit(queue, () => processInterviewJob({ ctx, client }, job, token)),
    {
      connection,
      prefix: ctx.queuePrefix,
      concurrency: options.concurrency ?? 8,
      limiter: evenLimiter(options.postsPerMinute ?? POST_MESSAGE_PER_MINUTE),
      autorun: true,
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    },
  );
  worker.on('completed', (job, outcome) => options.onJobDone?.(job, outcome));
  worker.on('failed', (job, err) => {
    log.warn({ job: job?.id, attempts: job?.attemptsMade, err: err.message }, 'interview job failed');
  });
  worker.on('error', (err) => log.warn({ err: err.message }, 'interview worker error'));

  let reconciling: Promise<void> | undefined;
  let closed = false;
  const reconcile = (why: string, tries = 1) => {
    reconciling ??= (async () => {
      for (let attempt = 1; attempt <= tries && !closed; attempt++) {
        try {
          const r = await reconcileInterviewJobs(ctx);
          if (r.added || r.retried || r.replaced) log.info({ ...r, why }, 'reconciled interview jobs');
          return;
        } catch (err) {
          log.warn({ err: String(err), why, attempt }, 'reconcile failed');
          // The producer connection may come back a moment after the worker's.
          if (attempt < tries) await sleep(Math.min(500 * 2 ** attempt, 10_000));
        }
      }
    })().finally(() => {
      reconciling = undefined;
    });
    return reconciling;
  };

  // A Redis that comes back empty (restarted without persistence, or failed over) has lost the delayed jobs:
  // rebuild them from the store as soon as the connection is ready again.
  onReconnect(connection, () => void reconcile('redis reconnected', 6));
  const timer = setInterval(() => void reconcile('periodic'), options.reconcileEveryMs ?? 10 * 60_000);
  timer.unref();

  return {
    close: async () => {
      closed = true;
      clearInterval(timer);
      await reconciling;
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
