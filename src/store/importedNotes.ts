import type { Db } from './db.js';

/**
 * Earlier interview notes loaded from a file become a campaign of their own (campaigns.source = 'import'), with one
 * answered interview per person and one answer per note. Kept apart from the Slack campaign code: nothing is
 * scheduled or sent for these.
 */

export interface ImportedPerson {
  /** As written in the file; stored as the interview's user id with an "import:" prefix, never a Slack id. */
  person: string;
  audience: string;
  answeredAt: string;
  notes: { line: number; question: string; answer: string; at: string }[];
}

export interface ImportedCampaign {
  name: string;
  /** A hash of the file: importing the same file again finds this campaign instead of adding another. */
  requestKey: string;
  startDate: string;
  dueDate: string;
  at: Date;
}

export function findImportedCampaign(db: Db, requestKey: string): { id: number; name: string } | undefined {
  return db
    .prepare(`SELECT id, name FROM campaigns WHERE request_key = ? AND source = 'import'`)
    .get(requestKey) as { id: number; name: string } | undefined;
}

export const IMPORTED_USER_PREFIX = 'import:';

/** Inserts the campaign, its interviews and answers in one transaction; returns the campaign and the answer ids. */
export function insertImportedNotes(
  db: Db,
  campaign: ImportedCampaign,
  people: readonly ImportedPerson[],
): { campaignId: number; answerIds: number[] } {
  return db
    .transaction(() => {
      const when = campaign.at.toISOString();
      const { lastInsertRowid } = db
        .prepare(
          `INSERT INTO campaigns (name, created_by, created_at, start_date, due_date, settings_json, status, closed_at,
                                  source, request_key)
           VALUES (?, 'import', ?, ?, ?, '{}', 'closed', ?, 'import', ?)`,
        )
        .run(campaign.name, when, campaign.startDate, campaign.dueDate, when, campaign.requestKey);
      const campaignId = Number(lastInsertRowid);
      const interview = db.prepare(
        `INSERT INTO interviews (campaign_id, user_id, audience, status, answered_at, recorded_by, consent, version)
         VALUES (?, ?, ?, 'answered', ?, 'import', 'none', 1)`,
      );
      const answer = db.prepare(
        `INSERT INTO answers (interview_id, question_id, question, text, version, answered_at) VALUES (?, ?, ?, ?, 1, ?)`,
      );
      const answerIds: number[] = [];
      for (const p of people) {
        const interviewId = Number(
          interview.run(campaignId, `${IMPORTED_USER_PREFIX}${p.person}`, p.audience, p.answeredAt)
            .lastInsertRowid,
        );
        for (const n of p.notes) {
          answerIds.push(
            Number(answer.run(interviewId, `line-${n.line}`, n.question, n.answer, n.at).lastInsertRowid),
          );
        }
      }
      return { campaignId, answerIds };
    })
    .immediate();
}
