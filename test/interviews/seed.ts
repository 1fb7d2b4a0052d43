import type { AppContext } from '../../src/context.js';
import { invitationMessage } from '../../src/slack/blocks/invitation.js';
import type { Db } from '../../src/store/db.js';

export interface SeedOptions {
  userId: string;
  audience?: 'manager' | 'executive' | 'contributor';
  interviewerId?: string | null;
  status?: 'scheduled' | 'invited' | 'answered' | 'declined' | 'expired' | 'removed';
  campaignName?: string;
  campaignStatus?: 'open' | 'closed';
  createdBy?: string;
}

/** A campaign with one interview in it, as the campaigns feature leaves them once the invitation went out. */
export function seedInterview(db: Db, o: SeedOptions): { campaignId: number; interviewId: number } {
  const now = new Date().toISOString();
  const campaign = db
    .prepare(
      `INSERT INTO campaigns (name, created_by, created_at, start_date, due_date, status)
       VALUES (?, ?, ?, '2026-01-05', '2026-12-31', ?)`,
    )
    .run(
      o.campaignName ?? 'Open source at Example Org',
      o.createdBy ?? 'U0STAFF',
      now,
      o.campaignStatus ?? 'open',
    );
  const interview = db
    .prepare(
      `INSERT INTO interviews (campaign_id, user_id, audience, interviewer_id, tz, status, invited_at)
       VALUES (?, ?, ?, ?, 'Europe/Berlin', ?, ?)`,
    )
    .run(
      campaign.lastInsertRowid,
      o.userId,
      o.audience ?? 'contributor',
      o.interviewerId ?? null,
      o.status ?? 'invited',
      now,
    );
  return { campaignId: Number(campaign.lastInsertRowid), interviewId: Number(interview.lastInsertRowid) };
}

/** Posts the invitation DM the way the invitation job does, and records where it is. */
export async function sendInvitation(
  ctx: AppContext,
  interviewId: number,
): Promise<{ channel: string; ts: string }> {
  const row = ctx.db
    .prepare(
      `SELECT i.user_id AS userId, i.audience, i.interviewer_id AS interviewerId, c.name, c.created_by AS createdBy, c.due_date AS due
         FROM interviews i JOIN campaigns c ON c.id = i.campaign_id WHERE i.id = ?`,
    )
    .get(interviewId) as {
    userId: string;
    audience: 'contributor';
    interviewerId: string | null;
    name: string;
    createdBy: string;
    due: string;
  };
  const set = ctx.questionSets[row.audience];
  const message = invitationMessage({
    interviewId,
    campaignName: row.name,
    askedBy: row.createdBy,
    interviewerId: row.interviewerId,
    intro: set.intro,
    questionCount: set.questions.length,
    dueDate: row.due,
    tz: 'Europe/Berlin',
  });
  const res = await ctx.slack.chat.postMessage({ channel: row.userId, ...message });
  const channel = String(res.channel);
  const ts = String(res.ts);
  ctx.db
    .prepare('UPDATE interviews SET dm_channel = ?, dm_ts = ? WHERE id = ?')
    .run(channel, ts, interviewId);
  return { channel, ts };
}
