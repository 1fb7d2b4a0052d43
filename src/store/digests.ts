import type { Db } from './db.js';

export interface DigestRecord {
  week: string;
  state: 'posting' | 'posted';
  channel: string | null;
  ts: string | null;
  fileId: string | null;
  late: boolean;
  summaryJson: string | null;
  postedAt: string | null;
}

type Row = Omit<DigestRecord, 'late'> & { late: number };

const SELECT = `SELECT week, state, channel, ts, file_id AS fileId, late, summary_json AS summaryJson,
                       posted_at AS postedAt FROM digests`;

function toRecord(row: Row | undefined): DigestRecord | undefined {
  return row && { ...row, late: row.late === 1 };
}

export function findDigest(db: Db, week: string): DigestRecord | undefined {
  return toRecord(db.prepare(`${SELECT} WHERE week = ?`).get(week) as Row | undefined);
}

export interface DigestClaim {
  week: string;
  channel: string;
  late: boolean;
  summaryJson: string;
}

/**
 * Claims the week before anything is posted: true for the one caller that created the row. The row keeps the
 * summary it will post, so a retry after a crash posts the same figures.
 */
export function claimDigest(db: Db, claim: DigestClaim): boolean {
  const res = db
    .prepare(
      `INSERT INTO digests (week, state, channel, late, summary_json) VALUES (?, 'posting', ?, ?, ?)
       ON CONFLICT (week) DO NOTHING`,
    )
    .run(claim.week, claim.channel, claim.late ? 1 : 0, claim.summaryJson);
  return res.changes === 1;
}

export function recordDigestMessage(db: Db, week: string, channel: string, ts: string): void {
  db.prepare('UPDATE digests SET channel = ?, ts = ? WHERE week = ?').run(channel, ts, week);
}

export function recordDigestFile(db: Db, week: string, fileId: string): void {
  db.prepare('UPDATE digests SET file_id = ? WHERE week = ?').run(fileId, week);
}

export function markDigestPosted(db: Db, week: string, at: Date): void {
  db.prepare(`UPDATE digests SET state = 'posted', posted_at = ? WHERE week = ?`).run(at.toISOString(), week);
}

/** The latest digest posted for a week before `week` (ISO week keys sort as text). */
export function findPreviousDigest(db: Db, week: string): DigestRecord | undefined {
  return toRecord(
    db.prepare(`${SELECT} WHERE week < ? AND state = 'posted' ORDER BY week DESC LIMIT 1`).get(week) as
      | Row
      | undefined,
  );
}
