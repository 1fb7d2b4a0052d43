import type { Db } from '../../src/store/db.js';

/** Rows as the interview flow leaves them, written straight to the store so privacy can be tested on its own. */

export function seedCampaign(db: Db, createdBy: string, name = 'Q3 motivators'): number {
  const res = db
    .prepare(
      `INSERT INTO campaigns (name, created_by, created_at, start_date, due_date)
       VALUES (?, ?, '2026-01-05T09:00:00.000Z', '2026-01-05', '2026-01-30')`,
    )
    .run(name, createdBy);
  return Number(res.lastInsertRowid);
}

export interface SeedInterview {
  campaignId: number;
  userId: string;
  interviewerId?: string | null;
  answers?: { questionId: string; text: string; answeredAt?: string }[];
  /** Tags on each answer, with quoted evidence as the tagger writes it. */
  tagged?: boolean;
  draft?: boolean;
  dmChannel?: string;
}

export function seedInterview(db: Db, s: SeedInterview): { interviewId: number; answerIds: number[] } {
  const interviewId = Number(
    db
      .prepare(
        `INSERT INTO interviews (campaign_id, user_id, audience, interviewer_id, status, answered_at, consent,
                                 petal_id, dm_channel, dm_ts)
         VALUES (?, ?, 'contributor', ?, 'answered', '2026-01-10T10:00:00.000Z', 'anonymous', 'legal', ?, '1.000')`,
      )
      .run(s.campaignId, s.userId, s.interviewerId ?? null, s.dmChannel ?? null).lastInsertRowid,
  );
  const answerIds: number[] = [];
  for (const a of s.answers ?? []) {
    const answerId = Number(
      db
        .prepare(
          `INSERT INTO answers (interview_id, question_id, question, text, answered_at) VALUES (?, ?, ?, ?, ?)`,
        )
        .run(
          interviewId,
          a.questionId,
          `What about ${a.questionId}?`,
          a.text,
          a.answeredAt ?? '2026-01-10T10:00:00.000Z',
        ).lastInsertRowid,
    );
    answerIds.push(answerId);
    if (s.tagged) {
      const evidence = JSON.stringify([
        { type: 'words', text: a.text.split(' ').slice(0, 3).join(' '), signal: 'licence' },
      ]);
      const tag = db.prepare(
        `INSERT INTO tags (answer_id, kind, label, confidence, source, evidence_json, taxonomy_version, created_at)
         VALUES (?, ?, ?, 0.8, 'auto', ?, 'v1', '2026-01-10T10:00:00.000Z')`,
      );
      tag.run(answerId, 'petal', 'legal', evidence);
      tag.run(answerId, 'motivator', 'compliance', evidence);
    }
  }
  if (s.draft) {
    db.prepare(
      `INSERT INTO drafts (interview_id, values_json, updated_at) VALUES (?, ?, '2026-01-10T10:00:00.000Z')`,
    ).run(interviewId, JSON.stringify({ values: { q1: 'half-typed thoughts' } }));
  }
  return { interviewId, answerIds };
}

export function seedPerson(db: Db, userId: string, name: string): void {
  db.prepare(
    `INSERT OR REPLACE INTO people (user_id, name, real_name, tz, updated_at)
     VALUES (?, ?, ?, 'Europe/Berlin', '2026-01-01T00:00:00.000Z')`,
  ).run(userId, name, `${name} Example`);
}

/** Every table and column where `needle` appears (as a whole value or inside text), except those allowed. */
export function whereIsMentioned(db: Db, needle: string, allowed: readonly string[] = []): string[] {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all() as string[];
  const found: string[] = [];
  for (const table of tables) {
    const columns = (
      db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]
    ).filter((c) => !allowed.includes(`${table}.${c}`) && !allowed.includes(table));
    for (const column of columns) {
      const hits = db
        .prepare(`SELECT count(*) FROM "${table}" WHERE instr(CAST("${column}" AS TEXT), ?) > 0`)
        .pluck()
        .get(needle) as number;
      if (hits > 0) found.push(`${table}.${column}`);
    }
  }
  return found;
}
