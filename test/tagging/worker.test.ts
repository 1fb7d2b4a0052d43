import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.js';
import { openDatabase } from '../../src/store/db.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';
import { processTaggingJob } from '../../src/tagging/worker.js';
import { seedAnswered, tagsOf } from './seed.js';

/** The job processor without Redis: what a tag or re-tag job does to the store, and what it refuses. */
function context(): AppContext {
  return {
    db: openDatabase(':memory:'),
    taxonomy: loadTaxonomy(),
    clock: { now: () => new Date('2026-03-02T10:00:00Z') },
  } as unknown as AppContext;
}

describe('tagging jobs', () => {
  it('tags the interview named by a tag-interview job, and a retried job changes nothing', async () => {
    const ctx = context();
    const { interviewId, answerIds } = seedAnswered(ctx.db, {
      userId: 'U1',
      answers: [{ question: 'Q', text: 'We upstream our fixes to Kafka every sprint.' }],
    });
    const job = { id: `tag-${interviewId}-v1`, name: 'tag-interview', data: { interviewId, version: 1 } };
    expect(await processTaggingJob(ctx, job)).toEqual({ tagged: 1, unchanged: 0, noText: 0 });
    expect(tagsOf(ctx.db, answerIds[0]!)).toContainEqual(
      expect.objectContaining({ kind: 'stage', label: 'stage-2' }),
    );
    expect(await processTaggingJob(ctx, job)).toEqual({ tagged: 0, unchanged: 1, noText: 0 });
  });

  it('refuses malformed and unknown jobs without retrying them', async () => {
    const ctx = context();
    await expect(
      processTaggingJob(ctx, { id: 'x', name: 'tag-interview', data: { interviewId: 'one' } }),
    ).rejects.toThrow(UnrecoverableError);
    await expect(processTaggingJob(ctx, { id: 'y', name: 'tag-everything', data: {} })).rejects.toThrow(
      UnrecoverableError,
    );
  });

  it('re-tags stale answers on a retag job, and stops between batches when the worker closes', async () => {
    const ctx = context();
    for (let i = 0; i < 3; i++) {
      seedAnswered(ctx.db, {
        userId: `U${i}`,
        answers: [{ question: 'Q', text: `We use npm packages (${i}).` }],
      });
    }
    expect(await processTaggingJob(ctx, { id: 'r1', name: 'retag', data: {} }, () => true)).toEqual({
      tagged: 0,
      unchanged: 0,
      noText: 0,
    });
    expect(await processTaggingJob(ctx, { id: 'r2', name: 'retag', data: {} })).toEqual({
      tagged: 3,
      unchanged: 0,
      noText: 0,
    });
  });
});
