import type { Db } from '../store/db.js';
import {
  type AnswerToTag,
  dropStaleReview,
  getReview,
  getTaggingRun,
  listAnswersOfInterview,
  listStaffExamples,
  listStaleAnswers,
  recordTaggingRun,
  replaceTags,
  type StaffExample,
  staffExamplesStamp,
  type TagRow,
} from '../store/tags.js';
import { EXTRA_SIGNALS_FILE, type ExtraSignals, loadExtraSignals } from './extraSignals.js';
import { createLearner, type Example } from './learner.js';
import { loadModel, type TaggerModel } from './model.js';
import { stem } from './stem.js';
import { createTagger, type Tagger } from './tagger.js';
import type { Taxonomy } from './taxonomy.js';
import type { LabelTag, TagResult } from './types.js';

/**
 * Tagging stored answers: the tagger with what staff taught it, applied to an interview's answers or to every stale
 * answer, writing the tagger's and the interviewee's tags and the run record in one transaction per answer batch.
 * Everything here is synchronous SQLite and CPU work; the worker and the CLI call it.
 */

/** Bump when the tagger's logic changes in a way that should re-tag stored answers. */
export const TAGGER_LOGIC_VERSION = 2;

/** Answers tagged less confidently than this wait in staff's review queue. */
export const REVIEW_BELOW = 0.5;

export interface CurrentTagger {
  tagger: Tagger;
  /** Which tagger this is: taxonomy, extra signals and logic. Answers tagged under another key are stale. */
  key: string;
  /** How many staff-reviewed answers it learnt from. */
  examples: number;
}

const extrasCache = new WeakMap<Taxonomy, ExtraSignals>();
const taggerCache = new WeakMap<Db, WeakMap<Taxonomy, { stamp: string; current: CurrentTagger }>>();

export function extrasFor(taxonomy: Taxonomy, file: string = EXTRA_SIGNALS_FILE): ExtraSignals {
  let extras = extrasCache.get(taxonomy);
  if (!extras) {
    extras = loadExtraSignals(taxonomy, file);
    extrasCache.set(taxonomy, extras);
  }
  return extras;
}

export function taggerKey(taxonomy: Taxonomy, extras: ExtraSignals, model: TaggerModel): string {
  // Job ids and keys avoid ':' (BullMQ uses it in its own keys).
  return `${taxonomy.fingerprint}-${extras.fingerprint}-${model.fingerprint}-l${TAGGER_LOGIC_VERSION}`;
}

// Loaded once per process: the file only changes with a release.
let shippedModel: TaggerModel | undefined;
function modelFor(): TaggerModel {
  shippedModel ??= loadModel();
  return shippedModel;
}

/**
 * Loads (and keeps) the tagger's data files, the extra signals and the trained model, so a broken one stops the
 * start rather than the first tagging job. Nothing is compiled here: taggers are built when they are first needed.
 */
export function loadTaggingData(taxonomy: Taxonomy): void {
  extrasFor(taxonomy);
  modelFor();
}

/** The tagger without staff's examples: the taxonomy, the extra signals and the trained model. */
export function shippedTagger(taxonomy: Taxonomy): Tagger {
  return createTagger(taxonomy, { extras: extrasFor(taxonomy), model: modelFor() });
}

/**
 * The tagger for this database: rebuilt only when staff reviewed something since the last call (a cheap count
 * query), so a review saved by another process is picked up by the next job here.
 */
export function currentTagger(db: Db, taxonomy: Taxonomy): CurrentTagger {
  const stamp = staffExamplesStamp(db);
  let perDb = taggerCache.get(db);
  if (!perDb) {
    perDb = new WeakMap();
    taggerCache.set(db, perDb);
  }
  const cached = perDb.get(taxonomy);
  if (cached && cached.stamp === stamp) return cached.current;
  const extras = extrasFor(taxonomy);
  const model = modelFor();
  const examples = listStaffExamples(db).map(toExample);
  // The learner indexes with the tagger's own stems (stem.ts), so one tagger is compiled, not two.
  const learner = examples.length > 0 ? createLearner(examples, stem) : undefined;
  const tagger = createTagger(taxonomy, { extras, model, ...(learner ? { learner } : {}) });
  const current = { tagger, key: taggerKey(taxonomy, extras, model), examples: examples.length };
  perDb.set(taxonomy, { stamp, current });
  return current;
}

function toExample(e: StaffExample): Example {
  const staffPetals = new Set(e.petals);
  const staffMotivators = new Set(e.motivators);
  return {
    answerId: e.answerId,
    text: e.text,
    petals: e.petals,
    stage: e.stage,
    motivators: e.motivators,
    rejected: {
      petals: e.suggested.petals.filter((p) => !staffPetals.has(p)),
      motivators: e.suggested.motivators.filter((m) => !staffMotivators.has(m)),
      stage: e.suggested.stage && e.suggested.stage !== e.stage ? e.suggested.stage : null,
    },
  };
}

/** The tagger's result for a stored answer, with the interviewee's own choices. */
export function tagStoredAnswer(tagger: Tagger, a: AnswerToTag): TagResult {
  return tagger.tag({
    text: a.text ?? '',
    question: a.question,
    audience: a.audience,
    selfPetal: a.petalId || null,
    selfMotivators: a.motivatorIds,
    answerId: a.answerId,
  });
}

/** Rows for the tags table, split by source. */
export function tagRows(result: TagResult): { auto: TagRow[]; self: TagRow[] } {
  const auto: TagRow[] = [];
  const self: TagRow[] = [];
  const put = (kind: TagRow['kind'], t: LabelTag) =>
    (t.source === 'self' ? self : auto).push({
      kind,
      label: t.id,
      confidence: t.confidence,
      evidence: t.evidence,
    });
  for (const t of result.petals) put('petal', t);
  put('stage', result.stage);
  for (const t of result.motivators) put('motivator', t);
  return { auto, self };
}

export type TagOutcome = 'tagged' | 'unchanged' | 'no-text';

/**
 * Tags one stored answer unless it was already tagged at this version by this tagger (`force` tags it anyway).
 * A staff review of the current version keeps the answer's tags: only the interviewee's own and the run are
 * refreshed. A review of an older version is dropped, since staff judged other words. Call inside a transaction.
 */
export function tagOne(
  db: Db,
  current: CurrentTagger,
  taxonomy: Taxonomy,
  a: AnswerToTag,
  at: Date,
  force = false,
): TagOutcome {
  if (a.text === null) return 'no-text';
  dropStaleReview(db, a.answerId, a.answerVersion);
  const run = getTaggingRun(db, a.answerId);
  if (!force && run && run.answerVersion === a.answerVersion && run.taggerKey === current.key)
    return 'unchanged';
  const result = tagStoredAnswer(current.tagger, a);
  const rows = tagRows(result);
  if (!getReview(db, a.answerId)) replaceTags(db, a.answerId, 'auto', rows.auto, taxonomy.version, at);
  replaceTags(db, a.answerId, 'self', rows.self, taxonomy.version, at);
  recordTaggingRun(db, {
    answerId: a.answerId,
    answerVersion: a.answerVersion,
    taggerKey: current.key,
    confidence: result.confidence,
    taggedAt: at.toISOString(),
  });
  return 'tagged';
}

export interface TagCounts {
  tagged: number;
  unchanged: number;
  noText: number;
}

/** Tags an interview's answers in one transaction: all of them or, on failure, none. */
export function tagInterview(db: Db, taxonomy: Taxonomy, interviewId: number, at: Date): TagCounts {
  const current = currentTagger(db, taxonomy);
  const counts: TagCounts = { tagged: 0, unchanged: 0, noText: 0 };
  db.transaction(() => {
    for (const a of listAnswersOfInterview(db, interviewId))
      count(counts, tagOne(db, current, taxonomy, a, at));
  }).immediate();
  return counts;
}

export interface RetagOptions {
  /** Answers per transaction. Default 200: short write locks, so submissions are never kept waiting long. */
  batchSize?: number;
  /** Re-tag every answer, not only stale ones (to apply what staff taught since to old answers). */
  all?: boolean;
  /** Called after each batch. May await (the worker yields to the event loop there). */
  onBatch?: (done: number) => void | Promise<void>;
  /** Stops between batches when it returns true (a closing worker). */
  shouldStop?: () => boolean;
}

/**
 * Tags every answer not yet tagged by the current tagger at its current version, in id order and batches: after a
 * taxonomy change, this is the re-tag. Idempotent: a second run finds nothing stale. With `all`, tags everything
 * once more, which gives the same tags unless staff taught the tagger something in between.
 */
export async function retag(
  db: Db,
  taxonomy: Taxonomy,
  at: () => Date,
  options: RetagOptions = {},
): Promise<TagCounts> {
  const batchSize = options.batchSize ?? 200;
  const counts: TagCounts = { tagged: 0, unchanged: 0, noText: 0 };
  const current = currentTagger(db, taxonomy);
  // With `all`, walk every answer once under a key no run has, so the walk still ends and never repeats an answer.
  const walkKey = options.all ? `${current.key}-all-${at().getTime()}` : current.key;
  let afterId = 0;
  for (;;) {
    if (options.shouldStop?.()) break;
    const batch = listStaleAnswers(db, walkKey, afterId, batchSize);
    if (batch.length === 0) break;
    const now = at();
    db.transaction(() => {
      for (const a of batch) count(counts, tagOne(db, current, taxonomy, a, now, options.all));
    }).immediate();
    afterId = batch[batch.length - 1]!.answerId;
    await options.onBatch?.(counts.tagged + counts.unchanged + counts.noText);
  }
  return counts;
}

function count(counts: TagCounts, outcome: TagOutcome): void {
  if (outcome === 'tagged') counts.tagged++;
  else if (outcome === 'unchanged') counts.unchanged++;
  else counts.noText++;
}
