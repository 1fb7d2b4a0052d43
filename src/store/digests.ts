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
  at: Date;
  /** How long the claim holds the week against other attempts, ms. */
  leaseMs: number;
}

/**
 * Takes the week for one posting attempt: creates the row (with the figures it will post, so a retry after a crash
 * posts the same ones), or takes over a week still being posted whose last attempt released it or ran out of lease.
 * Returns the claim's stamp when this caller holds the week; undefined when another attempt holds it or it is posted.
 */
export function claimDigest(db: Db, claim: DigestClaim): string | undefined {
  const stamp = claim.at.toISOString();
  const stale = new Date(claim.at.getTime() - claim.leaseMs).toISOString();
  return db
    .transaction(() => {
      const inserted = db
        .prepare(
          `INSERT INTO digests (week, state, channel, late, summary_json, claimed_at) VALUES (?, 'posting', ?, ?, ?, ?)
           ON CONFLICT (week) DO NOTHING`,
        )
        .run(claim.week, claim.channel, claim.late ? 1 : 0, claim.summaryJson, stamp);
      if (inserted.changes === 1) return stamp;
      const taken = db
        .prepare(
          `UPDATE digests SET claimed_at = ? WHERE week = ? AND state = 'posting'
              AND (claimed_at IS NULL OR claimed_at < ?)`,
        )
        .run(stamp, claim.week, stale);
      return taken.changes === 1 ? stamp : undefined;
    })
    .immediate();
}

/** Gives the week back after a failed attempt, so the retry need not wait for the lease to run out. */
export function releaseDigest(db: Db, week: string, stamp: string): void {
  db.prepare(
    `UPDATE digests SET claimed_at = NULL WHERE week = ? AND state = 'posting' AND claimed_at = ?`,
  ).run(week, stamp);
}

export function recordDigestMessage(db: Db, week: string, channel: string, ts: string): void {
  db.prepare('UPDATE digests SET channel = ?, ts = ? WHERE week = ?').run(channel, ts, week);
}

export function recordDigestFile(db: Db, week: string, fileId: string): void {
  db.prepare('UPDATE digests SET file_id = ? WHERE week = ?').run(fileId, week);
}

export function markDigestPosted(db: Db, week: string, at: Date): void {
  db.prepare(`UPDATE digests SET state = 'posted', posted_at = ?, claimed_at = NULL WHERE week = ?`).run(
    at.toISOString(),
    week,
  );
}

/** The latest digest posted for a week before `week` (ISO week keys sort as text). */
export function findPreviousDigest(db: Db, week: string): DigestRecord | undefined {
  return toRecord(
    db.prepare(`${SELECT} WHERE week < ? AND state = 'posted' ORDER BY week DESC LIMIT 1`).get(week) as
      | Row
      | undefined,
  );
}
