import type { Db } from './db.js';

export interface AnswerRecord {
  id: number;
  interviewId: number;
  questionId: string;
  /** The question as it was asked, so later edits of the question set do not change what was answered. */
  question: string;
  /** NULL once the retention period has passed. */
  text: string | null;
  version: number;
  answeredAt: string;
}

export interface AnswerInput {
  questionId: string;
  question: string;
  text: string;
}

/** The current answers of an interview, in the order they were first given. */
export function listAnswers(db: Db, interviewId: number): AnswerRecord[] {
  return db
    .prepare(
      `SELECT id, interview_id AS interviewId, question_id AS questionId, question, text, version,
              answered_at AS answeredAt
         FROM answers WHERE interview_id = ? ORDER BY id`,
    )
    .all(interviewId) as AnswerRecord[];
}

/**
 * Makes `answers` the interview's current answers at `version`: changed ones are replaced in place (their row id,
 * and so their tags, stay until the tagger looks again), new ones added, and answers no longer given removed.
 * Call inside the submission's transaction.
 */
export function replaceAnswers(
  db: Db,
  interviewId: number,
  version: number,
  answers: readonly AnswerInput[],
  at: Date,
): void {
  const upsert = db.prepare(
    `INSERT INTO answers (interview_id, question_id, question, text, version, answered_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (interview_id, question_id) DO UPDATE
        SET question = excluded.question, text = excluded.text, version = excluded.version,
            answered_at = CASE WHEN answers.text IS excluded.text THEN answers.answered_at ELSE excluded.answered_at END`,
  );
  const when = at.toISOString();
  for (const a of answers) upsert.run(interviewId, a.questionId, a.question, a.text, version, when);
  const kept = JSON.stringify(answers.map((a) => a.questionId));
  db.prepare(
    `DELETE FROM answers WHERE interview_id = ? AND question_id NOT IN (SELECT value FROM json_each(?))`,
  ).run(interviewId, kept);
}
