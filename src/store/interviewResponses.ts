import type { Db } from './db.js';

/** Interview statuses, as in the schema's CHECK constraint. */
export type InterviewStatus = 'scheduled' | 'invited' | 'answered' | 'declined' | 'expired' | 'removed';
export type Consent = 'name' | 'anonymous' | 'none';

/** An interview as the answering side sees it, with the campaign facts every check needs. */
export interface InterviewRecord {
  id: number;
  campaignId: number;
  userId: string;
  audience: string;
  interviewerId: string | null;
  tz: string;
  status: InterviewStatus;
  talkRequested: boolean;
  invitedAt: string | null;
  answeredAt: string | null;
  closedAt: string | null;
  dmChannel: string | null;
  dmTs: string | null;
  petalId: string | null;
  motivatorIds: string[];
  consent: Consent | null;
  recordedBy: string | null;
  version: number;
  campaignName: string;
  campaignStatus: 'open' | 'closed';
  campaignDueDate: string;
}

const SELECT = `
  SELECT i.id, i.campaign_id AS campaignId, i.user_id AS userId, i.audience, i.interviewer_id AS interviewerId, i.tz,
         i.status, i.talk_requested AS talkRequested, i.invited_at AS invitedAt, i.answered_at AS answeredAt,
         i.closed_at AS closedAt, i.dm_channel AS dmChannel, i.dm_ts AS dmTs, i.petal_id AS petalId,
         i.motivator_ids AS motivatorIds, i.consent, i.recorded_by AS recordedBy, i.version,
         c.name AS campaignName, c.status AS campaignStatus, c.due_date AS campaignDueDate
    FROM interviews i JOIN campaigns c ON c.id = i.campaign_id`;

type Row = Omit<InterviewRecord, 'talkRequested' | 'motivatorIds'> & {
  talkRequested: number;
  motivatorIds: string;
};

function toRecord(row: Row): InterviewRecord {
  let motivatorIds: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.motivatorIds);
    if (Array.isArray(parsed)) motivatorIds = parsed.filter((m): m is string => typeof m === 'string');
  } catch {
    // A hand-edited row must not break the App Home: treat it as no motivators.
  }
  return { ...row, talkRequested: row.talkRequested === 1, motivatorIds };
}

export function findInterview(db: Db, id: number): InterviewRecord | undefined {
  const row = db.prepare(`${SELECT} WHERE i.id = ?`).get(id) as Row | undefined;
  return row && toRecord(row);
}

/** A person's interviews, newest campaign first. Removed interviews are not theirs to see any more. */
export function listInterviewsOfUser(db: Db, userId: string): InterviewRecord[] {
  const rows = db
    .prepare(`${SELECT} WHERE i.user_id = ? AND i.status <> 'removed' ORDER BY c.created_at DESC, i.id DESC`)
    .all(userId) as Row[];
  return rows.map(toRecord);
}

/**
 * Interviews where someone asked for a live talk and `recorderId` is the one to take the notes: the assigned
 * interviewer, or (with `unassigned`, for OSPO staff) anyone when the campaign named no interviewer.
 */
export function listTalksFor(db: Db, recorderId: string, unassigned = false): InterviewRecord[] {
  const rows = db
    .prepare(
      `${SELECT} WHERE i.talk_requested = 1 AND (i.interviewer_id = ? OR (? AND i.interviewer_id IS NULL))
         AND i.user_id <> ? AND i.status IN ('scheduled', 'invited') AND c.status = 'open' ORDER BY i.id LIMIT 20`,
    )
    .all(recorderId, unassigned ? 1 : 0, recorderId) as Row[];
  return rows.map(toRecord);
}

/** Moves a pending interview to declined. False when it had already moved on (a double click, a retry). */
export function declineInterview(db: Db, id: number, at: Date): boolean {
  const res = db
    .prepare(
      `UPDATE interviews SET status = 'declined', closed_at = ?
        WHERE id = ? AND status IN ('scheduled', 'invited')
          AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = campaign_id AND c.status = 'open')`,
    )
    .run(at.toISOString(), id);
  return res.changes === 1;
}

/** Flags a pending interview for a live talk. False when already flagged or no longer pending. */
export function requestTalk(db: Db, id: number): boolean {
  const res = db
    .prepare(
      `UPDATE interviews SET talk_requested = 1
        WHERE id = ? AND talk_requested = 0 AND status IN ('scheduled', 'invited')
          AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = campaign_id AND c.status = 'open')`,
    )
    .run(id);
  return res.changes === 1;
}

export interface AnsweredFields {
  petalId: string | null;
  motivatorIds: readonly string[];
  consent: Consent;
  recordedBy: string | null;
  at: Date;
}

/**
 * Marks the interview answered as version `fromVersion + 1`, only if it is still at `fromVersion`, still answerable
 * and its campaign still open. The version guard is what makes a retried or racing submission a no-op: the first
 * one moves the version on, the others no longer match. Returns the new version, or undefined when nothing changed.
 */
export function markAnswered(
  db: Db,
  id: number,
  fromVersion: number,
  fields: AnsweredFields,
): number | undefined {
  const res = db
    .prepare(
      `UPDATE interviews
          SET status = 'answered', answered_at = ?, petal_id = ?, motivator_ids = ?, consent = ?, recorded_by = ?,
              version = version + 1, closed_at = NULL
        WHERE id = ? AND version = ? AND status IN ('scheduled', 'invited', 'answered')
          AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = campaign_id AND c.status = 'open')`,
    )
    .run(
      fields.at.toISOString(),
      fields.petalId,
      JSON.stringify(fields.motivatorIds),
      fields.consent,
      fields.recordedBy,
      id,
      fromVersion,
    );
  return res.changes === 1 ? fromVersion + 1 : undefined;
}

export interface CampaignProgress {
  id: number;
  name: string;
  status: 'open' | 'closed';
  dueDate: string;
  total: number;
  invited: number;
  answered: number;
  declined: number;
  expired: number;
  talks: number;
}

/** Counts per campaign for the staff App Home, newest first, at most `limit` campaigns. */
export function listCampaignProgress(db: Db, limit: number): CampaignProgress[] {
  return db
    .prepare(
      `SELECT c.id, c.name, c.status, c.due_date AS dueDate,
              count(i.id) AS total,
              coalesce(sum(i.status = 'invited'), 0) AS invited,
              coalesce(sum(i.status = 'answered'), 0) AS answered,
              coalesce(sum(i.status = 'declined'), 0) AS declined,
              coalesce(sum(i.status = 'expired'), 0) AS expired,
              coalesce(sum(i.talk_requested = 1 AND i.status IN ('scheduled', 'invited')), 0) AS talks
         FROM campaigns c LEFT JOIN interviews i ON i.campaign_id = c.id AND i.status <> 'removed'
        WHERE c.source = 'slack'
        GROUP BY c.id
        ORDER BY (c.status = 'open') DESC, c.created_at DESC, c.id DESC
        LIMIT ?`,
    )
    .all(limit) as CampaignProgress[];
}

/**
 * Messages that carry an interview's buttons: the invitation (stored on the interview) and every reminder sent
 * with postOnce under `remind-<id>-…` or `snooze-<id>-…`. All of them are updated when the interview moves on.
 */
export function listButtonMessages(db: Db, interview: InterviewRecord): { channel: string; ts: string }[] {
  const rows = db
    .prepare(
      `SELECT channel, ts FROM messages
        WHERE state = 'sent' AND channel IS NOT NULL AND ts IS NOT NULL
          AND (key LIKE 'remind-' || ? || '-%' OR key LIKE 'snooze-' || ? || '-%' OR key = 'invite-' || ?)`,
    )
    .all(interview.id, interview.id, interview.id) as { channel: string; ts: string }[];
  const all =
    interview.dmChannel && interview.dmTs
      ? [{ channel: interview.dmChannel, ts: interview.dmTs }, ...rows]
      : rows;
  const seen = new Set<string>();
  return all.filter((m) => {
    const key = `${m.channel}/${m.ts}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
