import type { Db } from './db.js';

/** A value typed into one modal block: text, one choice, or several. */
export type DraftValue = string | string[];

/**
 * An unfinished (or just finished) modal session. Kept in SQLite rather than in private_metadata so that what a
 * person typed survives a restart or a submission landing on another instance, and cannot be altered in transit.
 */
export interface Draft {
  /** The Slack view this session belongs to; null until views.open has answered. */
  viewId: string | null;
  /** The interview version the session started from: the submission only lands if it is still current. */
  baseVersion: number;
  /** Who fills the modal: the interviewee, or the interviewer recording a live talk. */
  filledBy: string;
  /** Values of the steps submitted so far, by block id. */
  values: Record<string, DraftValue>;
  /** Set once the last step was stored, so a retry of that submission gets the same answer and stores nothing. */
  submittedVersion?: number;
}

export function getDraft(db: Db, interviewId: number): Draft | undefined {
  const raw = db.prepare('SELECT values_json FROM drafts WHERE interview_id = ?').pluck().get(interviewId) as
    | string
    | undefined;
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as Draft;
  } catch {
    return undefined;
  }
}

export function putDraft(db: Db, interviewId: number, draft: Draft, at: Date): void {
  db.prepare(
    `INSERT INTO drafts (interview_id, values_json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (interview_id) DO UPDATE SET values_json = excluded.values_json, updated_at = excluded.updated_at`,
  ).run(interviewId, JSON.stringify(draft), at.toISOString());
}
