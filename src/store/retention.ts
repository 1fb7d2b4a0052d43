import type { Db } from './db.js';

/**
 * Retention: after OSPO_RETENTION_DAYS an answer's words go, while its tags stay, so the digest can still count how
 * many people spoke of each motivator without anyone's sentences being kept. The tagger's evidence quotes the words
 * that matched; those quotes go with the text. Unfinished modal drafts older than the cutoff hold typed text too.
 */

export interface SweepResult {
  /** Answers whose text was erased. */
  answers: number;
  /** Tags whose quoted evidence was stripped. */
  tags: number;
  /** Abandoned drafts deleted. */
  drafts: number;
}

/** Erases answer text given before `cutoff`, `batchSize` rows per transaction so a large first sweep never blocks submissions for long. */
export function sweepExpiredText(db: Db, cutoff: Date, batchSize = 500): SweepResult {
  const before = cutoff.toISOString();
  const pickAnswers = db
    .prepare('SELECT id FROM answers WHERE text IS NOT NULL AND answered_at < ? ORDER BY answered_at LIMIT ?')
    .pluck();
  const clearAnswers = db.prepare(
    'UPDATE answers SET text = NULL WHERE id IN (SELECT value FROM json_each(?)) AND text IS NOT NULL',
  );
  const quotedTags = db.prepare(
    `SELECT id, evidence_json AS evidence FROM tags
      WHERE answer_id IN (SELECT value FROM json_each(?)) AND evidence_json LIKE '%"text"%'`,
  );
  const setEvidence = db.prepare('UPDATE tags SET evidence_json = ? WHERE id = ?');
  const result: SweepResult = { answers: 0, tags: 0, drafts: 0 };

  for (;;) {
    const done = db
      .transaction(() => {
        const ids = pickAnswers.all(before, batchSize) as number[];
        if (ids.length === 0) return true;
        const json = JSON.stringify(ids);
        result.answers += clearAnswers.run(json).changes;
        for (const t of quotedTags.all(json) as { id: number; evidence: string }[]) {
          setEvidence.run(stripQuotes(t.evidence), t.id);
          result.tags += 1;
        }
        return ids.length < batchSize;
      })
      .immediate();
    if (done) break;
  }
  // Tags of answers whose text was erased in an earlier sweep but re-tagged since (a staff correction copies
  // evidence forward) are caught here too.
  const leftover = db
    .prepare(
      `SELECT t.id, t.evidence_json AS evidence FROM tags t JOIN answers a ON a.id = t.answer_id
        WHERE a.text IS NULL AND t.evidence_json LIKE '%"text"%'`,
    )
    .all() as { id: number; evidence: string }[];
  if (leftover.length > 0) {
    db.transaction(() => {
      for (const t of leftover) setEvidence.run(stripQuotes(t.evidence), t.id);
    })();
    result.tags += leftover.length;
  }
  result.drafts = db.prepare('DELETE FROM drafts WHERE updated_at < ?').run(before).changes;
  return result;
}

/** Evidence without the quoted words: which signal matched stays, so staff can still see why a tag was given. */
export function stripQuotes(evidenceJson: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(evidenceJson);
  } catch {
    return '[]';
  }
  if (!Array.isArray(parsed)) return '[]';
  return JSON.stringify(
    parsed.map((e) => {
      if (e === null || typeof e !== 'object') return e;
      const { text: _text, ...rest } = e as Record<string, unknown>;
      return rest;
    }),
  );
}
