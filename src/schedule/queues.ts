import { Queue, type QueueOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** Queue names. One queue per kind of work so each gets its own worker concurrency and rate limit. */
export const QUEUE_NAMES = {
  /** Invitations, reminders and expiries of interviews (and anything else that sends a DM per person). */
  interviews: 'interviews',
  /** Tagging of submitted answers, off the 3-second acknowledgement path. */
  tagging: 'tagging',
  /** The weekly digest (a job scheduler) and on-demand posts. */
  digest: 'digest',
} as const;

export type QueueName = keyof typeof QUEUE_NAMES;

export interface Queues {
  interviews: Queue;
  tagging: Queue;
  digest: Queue;
  close(): Promise<void>;
}

export interface QueueSettings {
  /** BullMQ key prefix; tests and several installations may share one Redis by giving each its own. Default 'ospo'. */
  prefix?: string;
}

/**
 * Producers share one connection. Completed jobs are kept for a day so that a job ID scheduled twice (a retried
 * Slack request, a reconcile after restart) is still seen as a duplicate rather than enqueued again.
 */
export function createQueues(connection: Redis, settings: QueueSettings = {}): Queues {
  const options: QueueOptions = {
    connection,
    prefix: settings.prefix ?? 'ospo',
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: { age: 24 * 3600, count: 50_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  };
  const interviews = new Queue(QUEUE_NAMES.interviews, options);
  const tagging = new Queue(QUEUE_NAMES.tagging, options);
  const digest = new Queue(QUEUE_NAMES.digest, options);
  return {
    interviews,
    tagging,
    digest,
    close: async () => {
      await Promise.all([interviews.close(), tagging.close(), digest.close()]);
    },
  };
}
