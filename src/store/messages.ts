import type { Db } from './db.js';

export interface MessageRecord {
  key: string;
  channel: string | null;
  ts: string | null;
  state: 'sending' | 'sent';
  claimedAt: string;
  sentAt: string | null;
}

export function findMessage(db: Db, key: string): MessageRecord | undefined {
  return db
    .prepare(
      `SELECT key, channel, ts, state, claimed_at AS claimedAt, sent_at AS sentAt FROM messages WHERE key = ?`,
    )
    .get(key) as MessageRecord | undefined;
}

/** True when this call claimed the key; false when a claim or a sent record already exists. */
export function claimMessage(db: Db, key: string, at: Date): boolean {
  const res = db
    .prepare(
      `INSERT INTO messages (key, state, claimed_at) VALUES (?, 'sending', ?) ON CONFLICT (key) DO NOTHING`,
    )
    .run(key, at.toISOString());
  return res.changes === 1;
}

export function recordSent(db: Db, key: string, channel: string, ts: string, at: Date): void {
  db.prepare(
    `INSERT INTO messages (key, channel, ts, state, claimed_at, sent_at) VALUES (?, ?, ?, 'sent', ?, ?)
     ON CONFLICT (key) DO UPDATE SET channel = excluded.channel, ts = excluded.ts, state = 'sent', sent_at = excluded.sent_at`,
  ).run(key, channel, ts, at.toISOString(), at.toISOString());
}

/** Releases a claim whose send certainly failed, so the next attempt sends without searching Slack first. */
export function forgetClaim(db: Db, key: string): void {
  db.prepare(`DELETE FROM messages WHERE key = ? AND state = 'sending'`).run(key);
}
