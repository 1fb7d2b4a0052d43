import type { Db } from './db.js';

/** Reads and writes of tags, tagging runs and staff reviews (migrations 001 and 004). */

export type TagKind = 'petal' | 'stage' | 'motivator';
export type TagSource = 'auto' | 'self' | 'staff';

export interface TagRow {
  kind: TagKind;
  label: string;
  confidence: number;
  /** Stored as JSON; see src/tagging/types.ts Evidence. */
  evidence: unknown[];
}

export interface StoredTag extends TagRow {
  source: TagSource;
  taxonomyVersion: string;
  createdBy: string | null;
}

export interface TaggingRun {
  answerId: number;
  answerVersion: number;
  taggerKey: string;
  confidence: number;
  taggedAt: string;
}

export interface Suggested {
  petals: string[];
  stage: string | null;
  motivators: string[];
}

/** Replaces an answer's tags of one source (auto or self) with `tags`. Call inside the caller's transaction. */
export function replaceTags(
  db: Db,
  answerId: number,
  source: TagSource,
  tags: readonly TagRow[],
  taxonomyVersion: string,
  at: Date,
  createdBy: string | null = null,
): void {
  db.prepare('DELETE FROM tags WHERE answer_id = ? AND source = ?').run(answerId, source);
  const insert = db.prepare(
    `INSERT INTO tags (answer_id, kind, label, confidence, source, evidence_json, taxonomy_version, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const when = at.toISOString();
  for (const t of tags) {
    insert.run(
      answerId,
      t.kind,
      t.label,
      t.confidence,
      source,
      JSON.stringify(t.evidence),
      taxonomyVersion,
      createdBy,
      when,
    );
  }
}

export function listTags(db: Db, answerId: number): StoredTag[] {
  const rows = db
    .prepare(
      `SELECT kind, label, confidence, source, evidence_json AS evidence, taxonomy_version AS taxonomyVersion,
              created_by AS createdBy
         FROM tags WHERE answer_id = ? ORDER BY kind, source, confidence DESC, label`,
    )
    .all(answerId) as (Omit<StoredTag, 'evidence'> & { evidence: string })[];
  return rows.map((r) => ({ ...r, evidence: parseList(r.evidence) }));
}

export function getTaggingRun(db: Db, answerId: number): TaggingRun | undefined {
  return db
    .prepare(
      `SELECT answer_id AS answerId, answer_version AS answerVersion, tagger_key AS taggerKey, confidence,
              tagged_at AS taggedAt
         FROM tagging_runs WHERE answer_id = ?`,
    )
    .get(answerId) as TaggingRun | undefined;
}

export function recordTaggingRun(db: Db, run: TaggingRun): void {
  db.prepare(
    `INSERT INTO tagging_runs (answer_id, answer_version, tagger_key, confidence, tagged_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (answer_id) DO UPDATE SET answer_version = excluded.answer_version, tagger_key = excluded.tagger_key,
       confidence = excluded.confidence, tagged_at = excluded.tagged_at`,
  ).run(run.answerId, run.answerVersion, run.taggerKey, run.confidence, run.taggedAt);
}

export interface ReviewRecord {
  answerId: number;
  answerVersion: number;
  reviewedAt: string;
  suggested: Suggested;
}

export function getReview(db: Db, answerId: number): ReviewRecord | undefined {
  const row = db
    .prepare(
      `SELECT answer_id AS answerId, answer_version AS answerVersion, reviewed_at AS reviewedAt,
              suggested_json AS suggested
         FROM tag_reviews WHERE answer_id = ?`,
    )
    .get(answerId) as (Omit<ReviewRecord, 'suggested'> & { suggested: string }) | undefined;
  return row ? { ...row, suggested: parseSuggested(row.suggested) } : undefined;
}

export interface StaffReview {
  answerId: number;
  answerVersion: number;
  staffId: string;
  petals: readonly string[];
  stage: string;
  motivators: readonly string[];
  /** What the tagger suggested when staff looked: kept so the learner knows what staff took away. */
  suggested: Suggested;
  taxonomyVersion: string;
  at: Date;
}

/**
 * Saves staff's tags for an answer as its final tags: staff rows replace earlier staff rows, the tagger's rows go
 * (so nothing downstream keeps counting a label staff removed), and the review is recorded. One transaction.
 */
export function saveStaffReview(db: Db, review: StaffReview): void {
  db.transaction(() => {
    const rows: TagRow[] = [
      ...review.petals.map((label) => ({
        kind: 'petal' as const,
        label,
        confidence: 1,
        evidence: [{ type: 'staff' }],
      })),
      { kind: 'stage', label: review.stage, confidence: 1, evidence: [{ type: 'staff' }] },
      ...review.motivators.map((label) => ({
        kind: 'motivator' as const,
        label,
        confidence: 1,
        evidence: [{ type: 'staff' }],
      })),
    ];
    replaceTags(db, review.answerId, 'staff', rows, review.taxonomyVersion, review.at, review.staffId);
    db.prepare(`DELETE FROM tags WHERE answer_id = ? AND source = 'auto'`).run(review.answerId);
    db.prepare(
      `INSERT OR REPLACE INTO tag_reviews (answer_id, answer_version, reviewed_at, suggested_json) VALUES (?, ?, ?, ?)`,
    ).run(review.answerId, review.answerVersion, review.at.toISOString(), JSON.stringify(review.suggested));
  })();
}

/** Drops a review made for an older version of the answer: staff judged other words. Returns whether one went. */
export function dropStaleReview(db: Db, answerId: number, answerVersion: number): boolean {
  const gone = db
    .prepare('DELETE FROM tag_reviews WHERE answer_id = ? AND answer_version <> ?')
    .run(answerId, answerVersion).changes;
  if (gone > 0) db.prepare(`DELETE FROM tags WHERE answer_id = ? AND source = 'staff'`).run(answerId);
  return gone > 0;
}

/** One staff-reviewed answer, as the learner needs it. */
export interface StaffExample {
  answerId: number;
  text: string;
  petals: string[];
  stage: string | null;
  motivators: string[];
  suggested: Suggested;
}

/** Every reviewed answer whose text is still kept (retention erases text; its example goes with it). */
export function listStaffExamples(db: Db): StaffExample[] {
  const rows = db
    .prepare(
      `SELECT r.answer_id AS answerId, a.text, r.suggested_json AS suggested,
              (SELECT json_group_array(json_array(t.kind, t.label)) FROM tags t
                WHERE t.answer_id = r.answer_id AND t.source = 'staff') AS labels
         FROM tag_reviews r JOIN answers a ON a.id = r.answer_id
        WHERE a.text IS NOT NULL AND r.answer_version = a.version
        ORDER BY r.answer_id`,
    )
    .all() as { answerId: number; text: string; suggested: string; labels: string }[];
  return rows.map((r) => {
    const labels = JSON.parse(r.labels) as [TagKind, string][];
    return {
      answerId: r.answerId,
      text: r.text,
      petals: labels.filter(([k]) => k === 'petal').map(([, l]) => l),
      stage: labels.find(([k]) => k === 'stage')?.[1] ?? null,
      motivators: labels.filter(([k]) => k === 'motivator').map(([, l]) => l),
      suggested: parseSuggested(r.suggested),
    };
  });
}

/** Changes whenever the set of staff examples may have: a cheap check before rebuilding the learner. */
export function staffExamplesStamp(db: Db): string {
  const row = db
    .prepare(
      `SELECT count(*) AS n, coalesce(max(r.id), 0) AS last FROM tag_reviews r JOIN answers a ON a.id = r.answer_id
        WHERE a.text IS NOT NULL AND r.answer_version = a.version`,
    )
    .get() as { n: number; last: number };
  return `${row.n}.${row.last}`;
}

/** An answer with what tagging needs to know about its interview. */
export interface AnswerToTag {
  answerId: number;
  answerVersion: number;
  interviewId: number;
  question: string;
  text: string | null;
  audience: string;
  petalId: string | null;
  motivatorIds: string[];
}

const ANSWER_TO_TAG = `SELECT a.id AS answerId, a.version AS answerVersion, a.interview_id AS interviewId, a.question,
       a.text, i.audience, i.petal_id AS petalId, i.motivator_ids AS motivatorIds
  FROM answers a JOIN interviews i ON i.id = a.interview_id`;

type AnswerRow = Omit<AnswerToTag, 'motivatorIds'> & { motivatorIds: string };

function toAnswer(r: AnswerRow): AnswerToTag {
  const ids = parseList(r.motivatorIds).filter((x): x is string => typeof x === 'string');
  return { ...r, motivatorIds: ids };
}

export function listAnswersOfInterview(db: Db, interviewId: number): AnswerToTag[] {
  return (
    db.prepare(`${ANSWER_TO_TAG} WHERE a.interview_id = ? ORDER BY a.id`).all(interviewId) as AnswerRow[]
  ).map(toAnswer);
}

export function getAnswerToTag(db: Db, answerId: number): AnswerToTag | undefined {
  const row = db.prepare(`${ANSWER_TO_TAG} WHERE a.id = ?`).get(answerId) as AnswerRow | undefined;
  return row ? toAnswer(row) : undefined;
}

/**
 * Answers (with text) not yet tagged by `taggerKey` at their current version, after `afterId`, in id order: the
 * re-tag walks them in batches, and a second walk finds nothing.
 */
export function listStaleAnswers(db: Db, taggerKey: string, afterId: number, limit: number): AnswerToTag[] {
  return (
    db
      .prepare(
        `${ANSWER_TO_TAG} LEFT JOIN tagging_runs r ON r.answer_id = a.id
          WHERE a.id > ? AND a.text IS NOT NULL
            AND (r.answer_id IS NULL OR r.tagger_key <> ? OR r.answer_version <> a.version)
          ORDER BY a.id LIMIT ?`,
      )
      .all(afterId, taggerKey, limit) as AnswerRow[]
  ).map(toAnswer);
}

export function countStaleAnswers(db: Db, taggerKey: string): number {
  return db
    .prepare(
      `SELECT count(*) FROM answers a LEFT JOIN tagging_runs r ON r.answer_id = a.id
        WHERE a.text IS NOT NULL AND (r.answer_id IS NULL OR r.tagger_key <> ? OR r.answer_version <> a.version)`,
    )
    .pluck()
    .get(taggerKey) as number;
}

/** An answer waiting for staff: tagged with low confidence, not reviewed at its current version. */
export interface QueuedAnswer {
  answerId: number;
  interviewId: number;
  campaignName: string;
  audience: string;
  question: string;
  text: string;
  confidence: number;
  taggedAt: string;
}

export function listReviewQueue(db: Db, below: number, limit: number): QueuedAnswer[] {
  return db
    .prepare(
      `SELECT a.id AS answerId, a.interview_id AS interviewId, c.name AS campaignName, i.audience, a.question, a.text,
              r.confidence, r.tagged_at AS taggedAt
         FROM tagging_runs r
         JOIN answers a ON a.id = r.answer_id AND a.version = r.answer_version
         JOIN interviews i ON i.id = a.interview_id
         JOIN campaigns c ON c.id = i.campaign_id
        WHERE r.confidence < ? AND a.text IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM tag_reviews v WHERE v.answer_id = a.id AND v.answer_version = a.version)
        ORDER BY r.confidence, a.id
        LIMIT ?`,
    )
    .all(below, limit) as QueuedAnswer[];
}

export function countReviewQueue(db: Db, below: number): number {
  return db
    .prepare(
      `SELECT count(*) FROM tagging_runs r JOIN answers a ON a.id = r.answer_id AND a.version = r.answer_version
        WHERE r.confidence < ? AND a.text IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM tag_reviews v WHERE v.answer_id = a.id AND v.answer_version = a.version)`,
    )
    .pluck()
    .get(below) as number;
}

function parseList(json: string): unknown[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function parseSuggested(json: string): Suggested {
  try {
    const v = JSON.parse(json) as Partial<Suggested>;
    return {
      petals: Array.isArray(v.petals) ? v.petals.filter((x) => typeof x === 'string') : [],
      stage: typeof v.stage === 'string' ? v.stage : null,
      motivators: Array.isArray(v.motivators) ? v.motivators.filter((x) => typeof x === 'string') : [],
    };
  } catch {
    return { petals: [], stage: null, motivators: [] };
  }
}
