import type { Db } from './db.js';

/**
 * Erasure of one person's data on request. Their interviews go (answers, tags, drafts and the digest's per-interview
 * weights cascade from them), with their people row and every place their ID marks them in someone else's interview.
 * What stays: posted digests (aggregates), the audit log, and the names of staff on their own work (campaigns they
 * created, checklist items they ticked), which are records of the OSPO's actions rather than of the person's views.
 */

export interface PersonalDataCount {
  interviews: number;
  answers: number;
  tags: number;
  drafts: number;
  /** Interviews of other people where this person is the interviewer or took the notes. */
  interviewerOf: number;
  /** Whether the people table knows them. */
  known: boolean;
}

export interface ErasureResult extends PersonalDataCount {
  /** The erased interviews' IDs: their queued jobs must go too. */
  interviewIds: number[];
}

const COUNT = `
  SELECT
    (SELECT count(*) FROM interviews WHERE user_id = @u) AS interviews,
    (SELECT count(*) FROM answers a JOIN interviews i ON i.id = a.interview_id WHERE i.user_id = @u) AS answers,
    (SELECT count(*) FROM tags t JOIN answers a ON a.id = t.answer_id JOIN interviews i ON i.id = a.interview_id
      WHERE i.user_id = @u) AS tags,
    (SELECT count(*) FROM drafts d JOIN interviews i ON i.id = d.interview_id WHERE i.user_id = @u) AS drafts,
    (SELECT count(*) FROM interviews WHERE user_id <> @u AND (interviewer_id = @u OR recorded_by = @u))
      AS interviewerOf,
    (SELECT count(*) FROM people WHERE user_id = @u) AS known`;

export function listInterviewIdsOf(db: Db, userId: string): number[] {
  return db
    .prepare('SELECT id FROM interviews WHERE user_id = ? ORDER BY id')
    .pluck()
    .all(userId) as number[];
}

/** What `erasePerson` would remove: shown before the person confirms. */
export function countPersonalData(db: Db, userId: string): PersonalDataCount {
  const row = db.prepare(COUNT).get({ u: userId }) as Omit<PersonalDataCount, 'known'> & { known: number };
  return { ...row, known: row.known > 0 };
}

/** True when nothing of the person is left (a second confirmation finds this). */
export function isErased(c: PersonalDataCount): boolean {
  return c.interviews === 0 && c.interviewerOf === 0 && !c.known;
}

/**
 * Tables keyed by a person rather than by an interview: the people row, and the digest's per-person bookkeeping
 * (its triggers note a deleted interview's person for the next refresh, which has nothing left to refresh). Looked
 * up in the schema, so a table another migration renames or drops is simply skipped.
 */
const PERSON_KEYED = ['people', 'digest_people', 'digest_dirty'];

function personKeyedTables(db: Db): string[] {
  return PERSON_KEYED.filter(
    (table) =>
      db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = 'user_id'`).get(table) !== undefined,
  );
}

/**
 * Removes everything the app holds about `userId`, in one transaction: either all of it goes or none does. Running it
 * again finds nothing and changes nothing, so a double click or a retried request is harmless.
 */
export function erasePerson(db: Db, userId: string): ErasureResult {
  return db
    .transaction((): ErasureResult => {
      const counted = countPersonalData(db, userId);
      const interviews = db
        .prepare('SELECT id, dm_channel AS dmChannel FROM interviews WHERE user_id = ? ORDER BY id')
        .all(userId) as { id: number; dmChannel: string | null }[];
      // The send-once ledger names the person's DM conversation; with the interviews gone nothing will send there.
      const channels = [userId, ...interviews.map((i) => i.dmChannel).filter((c): c is string => !!c)];
      db.prepare('DELETE FROM messages WHERE channel IN (SELECT value FROM json_each(?))').run(
        JSON.stringify(channels),
      );
      db.prepare('UPDATE interviews SET interviewer_id = NULL WHERE interviewer_id = ?').run(userId);
      db.prepare('UPDATE interviews SET recorded_by = NULL WHERE recorded_by = ?').run(userId);
      db.prepare('UPDATE tags SET created_by = NULL WHERE created_by = ?').run(userId);
      db.prepare('DELETE FROM interviews WHERE user_id = ?').run(userId);
      for (const table of personKeyedTables(db)) {
        db.prepare(`DELETE FROM "${table}" WHERE user_id = ?`).run(userId);
      }
      return { ...counted, interviewIds: interviews.map((i) => i.id) };
    })
    .immediate();
}
