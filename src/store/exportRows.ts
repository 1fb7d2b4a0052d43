import type { Db } from './db.js';

export interface ExportAnswerRow {
  interviewId: number;
  campaignId: number;
  campaignName: string;
  userId: string;
  personName: string | null;
  audience: string;
  petalId: string | null;
  motivatorIds: string;
  consent: 'name' | 'anonymous' | 'none' | null;
  answerId: number;
  questionId: string;
  question: string;
  text: string | null;
  answeredAt: string;
}

export interface ExportTagRow {
  answerId: number;
  kind: 'petal' | 'stage' | 'motivator';
  label: string;
  confidence: number;
  source: 'auto' | 'self' | 'staff';
  taxonomyVersion: string;
  createdAt: string;
}

/** Every answer of every answered interview (of one campaign, when given), with what consent needs. */
export function selectExportAnswers(db: Db, campaignId?: number): ExportAnswerRow[] {
  return db
    .prepare(
      `SELECT i.id AS interviewId, c.id AS campaignId, c.name AS campaignName, i.user_id AS userId,
              coalesce(nullif(trim(p.real_name), ''), nullif(trim(p.name), '')) AS personName, i.audience,
              i.petal_id AS petalId, i.motivator_ids AS motivatorIds, i.consent, a.id AS answerId,
              a.question_id AS questionId, a.question, a.text, a.answered_at AS answeredAt
         FROM interviews i
         JOIN campaigns c ON c.id = i.campaign_id
         JOIN answers a ON a.interview_id = i.id
         LEFT JOIN people p ON p.user_id = i.user_id
        WHERE i.status = 'answered' AND (@campaign IS NULL OR i.campaign_id = @campaign)
        ORDER BY c.id, i.id, a.id`,
    )
    .all({ campaign: campaignId ?? null }) as ExportAnswerRow[];
}

/** The tags of the answers selectExportAnswers returns, in answer order. */
export function selectExportTags(db: Db, campaignId?: number): ExportTagRow[] {
  return db
    .prepare(
      `SELECT t.answer_id AS answerId, t.kind, t.label, t.confidence, t.source, t.taxonomy_version AS taxonomyVersion,
              t.created_at AS createdAt
         FROM tags t
         JOIN answers a ON a.id = t.answer_id
         JOIN interviews i ON i.id = a.interview_id
        WHERE i.status = 'answered' AND (@campaign IS NULL OR i.campaign_id = @campaign)
        ORDER BY t.answer_id, t.kind, t.confidence DESC, t.label`,
    )
    .all({ campaign: campaignId ?? null }) as ExportTagRow[];
}
