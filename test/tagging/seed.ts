import type { Db } from '../../src/store/db.js';

/** An answered interview with the given answers, as the interview flow leaves it. Returns answer ids in order. */
export function seedAnswered(
  db: Db,
  o: {
    userId: string;
    audience?: 'manager' | 'executive' | 'contributor';
    petal?: string | null;
    motivators?: string[];
    answers: { question: string; text: string }[];
    campaignName?: string;
  },
): { interviewId: number; answerIds: number[] } {
  const now = new Date().toISOString();
  const campaign = db
    .prepare(
      `INSERT INTO campaigns (name, created_by, created_at, start_date, due_date) VALUES (?, 'U0STAFF', ?, '2026-01-05', '2026-12-31')`,
    )
    .run(o.campaignName ?? `Campaign for ${o.userId}`, now);
  const interviewId = Number(
    db
      .prepare(
        `INSERT INTO interviews (campaign_id, user_id, audience, status, answered_at, petal_id, motivator_ids, consent, version)
         VALUES (?, ?, ?, 'answered', ?, ?, ?, 'anonymous', 1)`,
      )
      .run(
        campaign.lastInsertRowid,
        o.userId,
        o.audience ?? 'contributor',
        now,
        o.petal ?? null,
        JSON.stringify(o.motivators ?? []),
      ).lastInsertRowid,
  );
  const insert = db.prepare(
    `INSERT INTO answers (interview_id, question_id, question, text, version, answered_at) VALUES (?, ?, ?, ?, 1, ?)`,
  );
  const answerIds = o.answers.map((a, i) =>
    Number(insert.run(interviewId, `q${i + 1}`, a.question, a.text, now).lastInsertRowid),
  );
  return { interviewId, answerIds };
}

export type TagRowView = { kind: string; label: string; source: string; confidence: number };

export function tagsOf(db: Db, answerId: number): TagRowView[] {
  return db
    .prepare(
      'SELECT kind, label, source, confidence FROM tags WHERE answer_id = ? ORDER BY kind, source, label',
    )
    .all(answerId) as TagRowView[];
}
