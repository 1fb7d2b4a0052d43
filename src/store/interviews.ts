import type { Audience } from '../interviews/audience.js';
import { type CampaignSettings, parseCampaignSettings } from '../interviews/campaignSettings.js';
import type { Db } from './db.js';

/**
 * The scheduling side of interviews: what invitations, reminders and expiry need. Every status change is an UPDATE
 * guarded by the status it expects, so a retried job, a double click or two workers racing change a row once.
 */

export type InterviewStatus = 'scheduled' | 'invited' | 'answered' | 'declined' | 'expired' | 'removed';

export interface NewInterview {
  userId: string;
  audience: Audience;
  interviewerId: string | null;
  tz: string;
  inviteAt: Date;
  expireAt: Date;
}

/** An interview with the campaign facts a job needs. */
export interface ScheduledInterview {
  id: number;
  campaignId: number;
  userId: string;
  audience: Audience;
  interviewerId: string | null;
  tz: string;
  status: InterviewStatus;
  inviteAt: string | null;
  invitedAt: string | null;
  remindersSent: number;
  lastRemindedAt: string | null;
  remindAt: string | null;
  snoozedUntil: string | null;
  expireAt: string | null;
  nudgedOn: string | null;
  dmChannel: string | null;
  dmTs: string | null;
  /** The person asked for a live talk: the interviewer follows up, so no reminders or nudges. */
  talkRequested: boolean;
  campaignName: string;
  campaignStatus: 'open' | 'closed';
  campaignCreatedBy: string;
  dueDate: string;
  settings: CampaignSettings;
}

const SELECT = `
  SELECT i.id, i.campaign_id AS campaignId, i.user_id AS userId, i.audience, i.interviewer_id AS interviewerId, i.tz,
         i.status, i.invite_at AS inviteAt, i.invited_at AS invitedAt, i.reminders_sent AS remindersSent,
         i.last_reminded_at AS lastRemindedAt, i.remind_at AS remindAt, i.snoozed_until AS snoozedUntil,
         i.expire_at AS expireAt, i.nudged_on AS nudgedOn, i.dm_channel AS dmChannel, i.dm_ts AS dmTs,
         i.talk_requested AS talkRequested,
         c.name AS campaignName, c.status AS campaignStatus, c.created_by AS campaignCreatedBy,
         c.due_date AS dueDate, c.settings_json AS settings
    FROM interviews i JOIN campaigns c ON c.id = i.campaign_id`;

type Row = Omit<ScheduledInterview, 'settings' | 'talkRequested'> & {
  settings: string;
  talkRequested: number;
};

function toRecord(r: Row): ScheduledInterview {
  return { ...r, talkRequested: r.talkRequested === 1, settings: parseCampaignSettings(r.settings) };
}

/** Adds the campaign's interviews; a person already in the campaign is left as they are. Returns how many were new. */
export function insertInterviews(db: Db, campaignId: number, interviews: NewInterview[]): number {
  const stmt = db.prepare(
    `INSERT INTO interviews (campaign_id, user_id, audience, interviewer_id, tz, status, invite_at, expire_at)
     VALUES (?, ?, ?, ?, ?, 'scheduled', ?, ?) ON CONFLICT (campaign_id, user_id) DO NOTHING`,
  );
  let added = 0;
  db.transaction(() => {
    for (const i of interviews) {
      added += stmt.run(
        campaignId,
        i.userId,
        i.audience,
        i.interviewerId,
        i.tz,
        i.inviteAt.toISOString(),
        i.expireAt.toISOString(),
      ).changes;
    }
  })();
  return added;
}

export function getScheduledInterview(db: Db, id: number): ScheduledInterview | undefined {
  const row = db.prepare(`${SELECT} WHERE i.id = ?`).get(id) as Row | undefined;
  return row && toRecord(row);
}

export function listCampaignInterviews(
  db: Db,
  campaignId: number,
  statuses?: readonly InterviewStatus[],
): ScheduledInterview[] {
  const rows = db
    .prepare(
      `${SELECT} WHERE i.campaign_id = ? AND (? IS NULL OR i.status IN (SELECT value FROM json_each(?))) ORDER BY i.id`,
    )
    .all(campaignId, statuses ? 1 : null, JSON.stringify(statuses ?? [])) as Row[];
  return rows.map(toRecord);
}

/** Interviews still waiting on the scheduler, in open campaigns: what reconcile must find a job for. */
export function listLiveInterviews(db: Db): ScheduledInterview[] {
  const rows = db
    .prepare(`${SELECT} WHERE c.status = 'open' AND i.status IN ('scheduled', 'invited') ORDER BY i.id`)
    .all() as Row[];
  return rows.map(toRecord);
}

export interface InvitedFacts {
  at: Date;
  channel: string;
  ts: string;
  /** The first reminder, or null when the campaign sends none (or none fits before the due date). */
  remindAt: Date | null;
}

/** scheduled → invited. False when the interview had moved on already (answered early, closed, or a retry). */
export function markInvited(db: Db, id: number, f: InvitedFacts): boolean {
  const res = db
    .prepare(
      `UPDATE interviews SET status = 'invited', invited_at = ?, dm_channel = ?, dm_ts = ?, remind_at = ?
        WHERE id = ? AND status = 'scheduled'`,
    )
    .run(f.at.toISOString(), f.channel, f.ts, f.remindAt?.toISOString() ?? null, id);
  return res.changes === 1;
}

/**
 * Records that the person was told about the interview even though they were not 'scheduled' any more: an
 * invitation whose sending raced an early answer still has its message, which must be findable to update it.
 */
export function recordInvitationMessage(db: Db, id: number, channel: string, ts: string): void {
  db.prepare('UPDATE interviews SET dm_channel = ?, dm_ts = ? WHERE id = ? AND dm_ts IS NULL').run(
    channel,
    ts,
    id,
  );
}

/** Counts reminder `n` as sent, once: only when n - 1 were sent before. */
export function recordReminder(db: Db, id: number, n: number, at: Date, nextRemindAt: Date | null): boolean {
  const res = db
    .prepare(
      `UPDATE interviews SET reminders_sent = ?, last_reminded_at = ?, remind_at = ?, snoozed_until = NULL
        WHERE id = ? AND reminders_sent = ? AND status = 'invited'`,
    )
    .run(n, at.toISOString(), nextRemindAt?.toISOString() ?? null, id, n - 1);
  return res.changes === 1;
}

/** Moves the next reminder (after "Later"); only while the person has still not answered. */
export function snoozeInterview(db: Db, id: number, until: Date): boolean {
  const res = db
    .prepare(
      `UPDATE interviews SET snoozed_until = ?, remind_at = ? WHERE id = ? AND status IN ('scheduled', 'invited')`,
    )
    .run(until.toISOString(), until.toISOString(), id);
  return res.changes === 1;
}

export function setRemindAt(db: Db, id: number, at: Date | null): void {
  db.prepare('UPDATE interviews SET remind_at = ? WHERE id = ?').run(at?.toISOString() ?? null, id);
}

/** Ends an interview nobody answered; false when it had ended some other way meanwhile. */
function endUnanswered(db: Db, id: number, status: 'expired' | 'removed', at: Date): boolean {
  const res = db
    .prepare(
      `UPDATE interviews SET status = ?, closed_at = ?, remind_at = NULL
        WHERE id = ? AND status IN ('scheduled', 'invited')`,
    )
    .run(status, at.toISOString(), id);
  return res.changes === 1;
}

/** Unanswered → expired. False when the person had answered, declined or was removed meanwhile. */
export function markExpired(db: Db, id: number, at: Date): boolean {
  return endUnanswered(db, id, 'expired', at);
}

/** Expires every unanswered interview of a campaign at once; returns the ids that changed. */
export function expireUnanswered(db: Db, campaignId: number, at: Date): number[] {
  return db.transaction(() => {
    const ids = db
      .prepare(
        `SELECT id FROM interviews WHERE campaign_id = ? AND status IN ('scheduled', 'invited') ORDER BY id`,
      )
      .pluck()
      .all(campaignId) as number[];
    db.prepare(
      `UPDATE interviews SET status = 'expired', closed_at = ?, remind_at = NULL
        WHERE campaign_id = ? AND status IN ('scheduled', 'invited')`,
    ).run(at.toISOString(), campaignId);
    return ids;
  })();
}

/** Claims today's staff nudge for one person; false when they already had one on that (their local) day. */
export function claimNudge(db: Db, id: number, localDay: string): boolean {
  const res = db
    .prepare(
      `UPDATE interviews SET nudged_on = ? WHERE id = ? AND status = 'invited' AND (nudged_on IS NULL OR nudged_on <> ?)`,
    )
    .run(localDay, id, localDay);
  return res.changes === 1;
}

/** Gives the day back when the nudge could not be queued, so a later `remind` may try again. */
export function releaseNudge(db: Db, id: number, localDay: string): void {
  db.prepare('UPDATE interviews SET nudged_on = NULL WHERE id = ? AND nudged_on = ?').run(id, localDay);
}

export function recordNudgeSent(db: Db, id: number, at: Date): void {
  db.prepare(`UPDATE interviews SET last_reminded_at = ? WHERE id = ?`).run(at.toISOString(), id);
}

export interface UpcomingSend {
  kind: 'invitation' | 'reminder';
  at: string;
  count: number;
}

/** The next moments something goes out for a campaign, grouped by the minute. */
export function upcomingSends(db: Db, campaignId: number, limit = 3): UpcomingSend[] {
  return db
    .prepare(
      `SELECT kind, at, count(*) AS count FROM (
         SELECT 'invitation' AS kind, substr(invite_at, 1, 16) AS at FROM interviews
          WHERE campaign_id = @id AND status = 'scheduled' AND invite_at IS NOT NULL
         UNION ALL
         SELECT 'reminder' AS kind, substr(remind_at, 1, 16) AS at FROM interviews
          WHERE campaign_id = @id AND status = 'invited' AND remind_at IS NOT NULL)
       GROUP BY kind, at ORDER BY at, kind LIMIT @limit`,
    )
    .all({ id: campaignId, limit }) as UpcomingSend[];
}

/** Every message sent about an interview (invitation, reminders, nudges), to update them in place once it ends. */
export function listInterviewMessages(
  db: Db,
  interviewId: number,
): { key: string; channel: string; ts: string }[] {
  return db
    .prepare(
      `SELECT key, channel, ts FROM messages
        WHERE state = 'sent' AND channel IS NOT NULL AND ts IS NOT NULL
          AND (key = ? OR key LIKE ? OR key LIKE ?) ORDER BY sent_at`,
    )
    .all(`invite-${interviewId}`, `remind-${interviewId}-%`, `nudge-${interviewId}-%`) as {
    key: string;
    channel: string;
    ts: string;
  }[];
}

/** Slack will never deliver to this person (deactivated, a bot): out of the campaign, with no more jobs. */
export function markRemoved(db: Db, id: number, at: Date): boolean {
  return endUnanswered(db, id, 'removed', at);
}
