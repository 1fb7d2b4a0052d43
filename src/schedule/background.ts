import type { AppContext, Background } from '../context.js';
import { startDigestBackground } from '../digest/worker.js';
import { startPrivacyBackground } from '../privacy/worker.js';
import { startTaggingBackground } from '../tagging/worker.js';
import { startInterviewBackground } from './interviewWorker.js';

/**
 * Starts every worker and scheduler. Each feature owns its worker's concurrency and rate limits; this only decides
 * order: interviews reconcile first so a restart re-creates missing jobs before anything else runs.
 */
export async function startBackground(ctx: AppContext): Promise<Background> {
  const parts: Background[] = [];
  try {
    parts.push(await startInterviewBackground(ctx));
    parts.push(await startTaggingBackground(ctx));
    parts.push(await startDigestBackground(ctx));
    parts.push(await startPrivacyBackground(ctx));
  } catch (err) {
    await Promise.allSettled(parts.map((p) => p.close()));
    throw err;
  }
  return {
    close: async () => {
      await Promise.allSettled(parts.map((p) => p.close()));
    },
  };
}
