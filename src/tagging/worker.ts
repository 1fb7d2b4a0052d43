import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { z } from 'zod';
import type { AppContext, Background } from '../context.js';
import { createRedis } from '../runtime/redisConnection.js';
import { countStaleAnswers, staffExamplesStamp } from '../store/tags.js';
import { currentTagger, retag, tagInterview } from './service.js';

/**
 * The tagging worker: tags submitted answers off Slack's 3-second path, and re-tags stale answers when asked or
 * when it starts (a taxonomy edit, or jobs lost with a Redis that came back empty, leaves answers untagged by the
 * current tagger; the start sweep finds them). One job at a time: every job ends in SQLite writes anyway.
 */

export const TAG_INTERVIEW = 'tag-interview';
export const RETAG = 'retag';

const tagInterviewData = z.object({
  interviewId: z.number().int().positive(),
  version: z.number().int().min(0),
});
const retagData = z.object({ all: z.boolean().optional(), requestedBy: z.string().optional() });

export interface TaggingJobResult {
  tagged: number;
  unchanged: number;
  noText: number;
}

export async function processTaggingJob(
  ctx: AppContext,
  job: Pick<Job, 'name' | 'data' | 'id'>,
  isClosing = () => false,
): Promise<TaggingJobResult> {
  const now = () => ctx.clock.now();
  if (job.name === TAG_INTERVIEW) {
    const parsed = tagInterviewData.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`malformed ${TAG_INTERVIEW} job ${job.id}`);
    return tagInterview(ctx.db, ctx.taxonomy, parsed.data.interviewId, now());
  }
  if (job.name === RETAG) {
    const parsed = retagData.safeParse(job.data ?? {});
    if (!parsed.success) throw new UnrecoverableError(`malformed ${RETAG} job ${job.id}`);
    return retag(ctx.db, ctx.taxonomy, now, {
      all: parsed.data.all ?? false,
      shouldStop: isClosing,
      // Let Slack requests and other jobs in between batches.
      onBatch: () => new Promise<void>((resolve) => setImmediate(resolve)),
    });
  }
  throw new UnrecoverableError(`unknown tagging job "${job.name}"`);
}

/**
 * Enqueues a re-tag of the stale answers (nothing when none is stale); `all` re-tags every answer.
 */
export async function enqueueRetag(
  ctx: AppContext,
  options: { all?: boolean; requestedBy?: string } = {},
): Promise<{ stale: number; jobId: string | undefined }> {
  const { key } = currentTagger(ctx.db, ctx.taxonomy);
  const stale = countStaleAnswers(ctx.db, key);
  if (!options.all && stale === 0) return { stale, jobId: undefined };
  // Ids say what the job would do: the same request twice (a double click, a retried command) adds one job, while
  // new stale answers, or new staff reviews for "all", make a new one.
  const jobId = options.all
    ? `retag-all-${key}-s${staffExamplesStamp(ctx.db).replace('.', '-')}`
    : `retag-${key}-n${stale}`;
  await ctx.queues.tagging.add(
    RETAG,
    { all: options.all ?? false, requestedBy: options.requestedBy },
    { jobId },
  );
  return { stale, jobId };
}

export async function startTaggingBackground(ctx: AppContext): Promise<Background> {
  const log = ctx.logger.child({ part: 'tagging-worker' });
  let closing = false;
  const connection = createRedis(ctx.redisUrl, { forWorker: true, connectionName: 'tagging-worker' });
  const worker = new Worker<unknown, TaggingJobResult>(
    ctx.queues.tagging.name,
    async (job) => processTaggingJob(ctx, job, () => closing),
    { connection, prefix: ctx.queuePrefix, concurrency: 1, autorun: true },
  );
  worker.on('completed', (job, result) => {
    if (result.tagged > 0) log.info({ job: job.id, ...result }, 'tagged answers');
  });
  worker.on('failed', (job, err) => {
    log.warn({ job: job?.id, attempts: job?.attemptsMade, err: err.message }, 'tagging job failed');
  });
  worker.on('error', (err) => log.warn({ err: err.message }, 'tagging worker error'));

  try {
    const { stale } = await enqueueRetag(ctx);
    if (stale > 0)
      log.info({ stale }, 'answers not tagged by the current tagger: re-tagging in the background');
  } catch (err) {
    // Not fatal: the next start, or `/ospo-survey retag`, catches up.
    log.warn({ err: String(err) }, 'could not queue the start-up re-tag');
  }

  return {
    close: async () => {
      closing = true;
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
