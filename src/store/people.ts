import type { Db } from './db.js';

export interface PersonRecord {
  userId: string;
  name: string | null;
  realName: string | null;
  tz: string;
  isBot: boolean;
  deleted: boolean;
  updatedAt: string;
}

export type PersonInput = Omit<PersonRecord, 'updatedAt'>;

/** Stores what Slack says about people, many at a time (one users.list page is one transaction). */
export function upsertPeople(db: Db, people: PersonInput[], at: Date): void {
  const stmt = db.prepare(
    `INSERT INTO people (user_id, name, real_name, tz, is_bot, deleted, updated_at)
     VALUES (@userId, @name, @realName, @tz, @isBot, @deleted, @at)
     ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, real_name = excluded.real_name, tz = excluded.tz,
       is_bot = excluded.is_bot, deleted = excluded.deleted, updated_at = excluded.updated_at`,
  );
  const iso = at.toISOString();
  db.transaction(() => {
    for (const p of people) {
      stmt.run({ ...p, isBot: p.isBot ? 1 : 0, deleted: p.deleted ? 1 : 0, at: iso });
    }
  })();
}

type Row = Omit<PersonRecord, 'isBot' | 'deleted'> & { isBot: number; deleted: number };

const SELECT = `SELECT user_id AS userId, name, real_name AS realName, tz, is_bot AS isBot, deleted,
  updated_at AS updatedAt FROM people`;

function toRecord(r: Row): PersonRecord {
  return { ...r, isBot: r.isBot === 1, deleted: r.deleted === 1 };
}

export function getPerson(db: Db, userId: string): PersonRecord | undefined {
  const row = db.prepare(`${SELECT} WHERE user_id = ?`).get(userId) as Row | undefined;
  return row && toRecord(row);
}

/** The people among `userIds` that we know, by ID. */
export function getPeople(db: Db, userIds: readonly string[]): Map<string, PersonRecord> {
  const out = new Map<string, PersonRecord>();
  const stmt = db.prepare(`${SELECT} WHERE user_id IN (SELECT value FROM json_each(?))`);
  // json_each keeps one statement for any number of IDs (no 999-parameter limit).
  for (let i = 0; i < userIds.length; i += 5000) {
    const rows = stmt.all(JSON.stringify(userIds.slice(i, i + 5000))) as Row[];
    for (const r of rows) out.set(r.userId, toRecord(r));
  }
  return out;
}
