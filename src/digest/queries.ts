import type { Db } from '../store/db.js';
import type { CampaignProgress } from './types.js';

/**
 * The digest's reads. Designed for a million answers: a build never scans `answers` or `tags`. It reads
 * digest_people (one row per person, see migration 005), first recomputing the rows of the people whose interviews,
 * answers or tags changed since the last build.
 */

/** Auto-tagged motivators count for a person once their answers' confidence for it adds up to this. */
export const MOTIVATOR_MIN_WEIGHT = 0.5;

/**
 * Recomputes digest_people for every person marked dirty, in one write transaction: their latest answered
 * interview; its tags summed per label; petal = a staff correction, else the person's own choice, else the
 * strongest tag; stage = the strongest stage evidence (staff, then self, then summed confidence); motivators = the
 * person's own choice plus tags that are self/staff or add up to MOTIVATOR_MIN_WEIGHT. Returns how many people were
 * recomputed. Cheap when few changed since last time; the first build after a bulk load does everyone once.
 */
export function refreshDigestPeople(db: Db): number {
  return db
    .transaction(() => {
      const dirty = db.prepare('SELECT count(*) FROM digest_dirty').pluck().get() as number;
      if (dirty === 0) return 0;
      db.exec(`CREATE TEMP TABLE IF NOT EXISTS digest_latest (
                 id INTEGER PRIMARY KEY, user_id TEXT NOT NULL, petal_id TEXT, motivator_ids TEXT, consent TEXT,
                 answered_at TEXT);
               CREATE TEMP TABLE IF NOT EXISTS digest_weights (
                 interview_id INTEGER NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL, weight REAL NOT NULL,
                 src INTEGER NOT NULL, PRIMARY KEY (interview_id, kind, label)) WITHOUT ROWID;
               DELETE FROM temp.digest_latest;
               DELETE FROM temp.digest_weights;`);
      // CROSS JOIN below fixes the join order: the planner has no statistics for the temp table and would otherwise
      // scan every tag. The bare columns come from the row holding max(answered_at): each person's latest answered interview.
      db.prepare(
        `INSERT INTO temp.digest_latest (id, user_id, petal_id, motivator_ids, consent, answered_at)
         SELECT id, user_id, petal_id, motivator_ids, consent, max(answered_at) FROM interviews
          WHERE status = 'answered' AND user_id IN (SELECT user_id FROM digest_dirty)
          GROUP BY user_id`,
      ).run();
      db.prepare(
        `INSERT INTO temp.digest_weights (interview_id, kind, label, weight, src)
         SELECT l.id, t.kind, t.label, sum(t.confidence), max(CASE t.source WHEN 'staff' THEN 2 WHEN 'self' THEN 1 ELSE 0 END)
           FROM temp.digest_latest l CROSS JOIN answers a ON a.interview_id = l.id CROSS JOIN tags t ON t.answer_id = a.id
          GROUP BY l.id, t.kind, t.label`,
      ).run();
      db.prepare('DELETE FROM digest_people WHERE user_id IN (SELECT user_id FROM digest_dirty)').run();
      db.prepare(
        `INSERT INTO digest_people (user_id, interview_id, petal, stage, motivators, consent, answered_at)
         SELECT l.user_id, l.id,
                coalesce(
                  (SELECT w.label FROM temp.digest_weights w WHERE w.interview_id = l.id AND w.kind = 'petal' AND w.src = 2
                    ORDER BY w.weight DESC, w.label LIMIT 1),
                  nullif(l.petal_id, ''),
                  (SELECT w.label FROM temp.digest_weights w WHERE w.interview_id = l.id AND w.kind = 'petal'
                    ORDER BY w.src DESC, w.weight DESC, w.label LIMIT 1)),
                (SELECT w.label FROM temp.digest_weights w WHERE w.interview_id = l.id AND w.kind = 'stage'
                  ORDER BY w.src DESC, w.weight DESC, w.label LIMIT 1),
                (SELECT json_group_array(m.label ORDER BY m.label) FROM (
                   SELECT j.value AS label
                     FROM json_each(CASE WHEN json_valid(l.motivator_ids) THEN l.motivator_ids ELSE '[]' END) j
                    WHERE j.type = 'text'
                   UNION
                   SELECT w.label FROM temp.digest_weights w
                    WHERE w.interview_id = l.id AND w.kind = 'motivator' AND (w.src > 0 OR w.weight >= ?)) m),
                l.consent, l.answered_at
           FROM temp.digest_latest l`,
      ).run(MOTIVATOR_MIN_WEIGHT);
      db.prepare('DELETE FROM digest_dirty').run();
      db.exec('DELETE FROM temp.digest_latest; DELETE FROM temp.digest_weights;');
      return dirty;
    })
    .immediate();
}

/**
 * People counted by (petal, stage, motivator set): a few thousand distinct combinations at most, however many
 * people, so the work left to JavaScript does not grow with the number of answers.
 */
export function selectProfileGroups(
  db: Db,
): [petal: string | null, stage: string | null, motivators: string, people: number][] {
  return db
    .prepare('SELECT petal, stage, motivators, count(*) FROM digest_people GROUP BY petal, stage, motivators')
    .raw()
    .all() as [string | null, string | null, string, number][];
}

export interface QuotePoolMember {
  interviewId: number;
  userId: string;
  consent: 'name' | 'anonymous';
}

/** The newest people of a petal who agreed to be quoted (by name or anonymously). */
export function selectQuotePool(db: Db, petalId: string, limit: number): QuotePoolMember[] {
  return db
    .prepare(
      `SELECT interview_id AS interviewId, user_id AS userId, consent FROM digest_people
        WHERE petal = ? AND consent IN ('name', 'anonymous') ORDER BY answered_at DESC, interview_id DESC LIMIT ?`,
    )
    .all(petalId, limit) as QuotePoolMember[];
}

export interface CampaignWindow {
  /** Start of the digest's week (ISO): answers since then are "new this week"; campaigns closed since are shown. */
  since: string;
  /** Today's date in the OSPO's zone: invitations of campaigns due before it are overdue. */
  today: string;
}

/** Open campaigns and those closed during the week, open first, soonest due first. */
export function selectCampaignProgress(db: Db, window: CampaignWindow): CampaignProgress[] {
  return db
    .prepare(
      `SELECT c.id, c.name, c.status, c.due_date AS dueDate,
              coalesce(sum(i.status IN ('invited', 'answered', 'declined', 'expired')), 0) AS invited,
              coalesce(sum(i.status = 'answered'), 0) AS answered,
              coalesce(sum(i.status = 'answered' AND i.answered_at >= @since), 0) AS answeredThisWeek,
              coalesce(sum(i.status IN ('invited', 'expired') AND c.due_date < @today), 0) AS overdue,
              coalesce(sum(i.status = 'scheduled'), 0) AS scheduled
         FROM campaigns c LEFT JOIN interviews i ON i.campaign_id = c.id
        WHERE c.status = 'open' OR c.closed_at >= @since
        GROUP BY c.id
        ORDER BY c.status = 'open' DESC, c.due_date, c.id`,
    )
    .all(window) as CampaignProgress[];
}

export function countCampaigns(db: Db): number {
  return db.prepare('SELECT count(*) FROM campaigns').pluck().get() as number;
}

export interface QuoteCandidate {
  interviewId: number;
  text: string;
  /** How strongly the answer speaks of the motivator asked for (0 when untagged). */
  fit: number;
}

/**
 * The best answer to quote among the given interviews: the one most tagged with `motivatorId`, of a length that
 * reads well on a phone, newest on ties. The caller passes only interviews whose people consented to quoting.
 */
export function selectQuote(
  db: Db,
  interviewIds: readonly number[],
  motivatorId: string | null,
): QuoteCandidate | undefined {
  if (interviewIds.length === 0) return undefined;
  return db
    .prepare(
      `SELECT a.interview_id AS interviewId, a.text,
              coalesce(max(CASE WHEN t.kind = 'motivator' AND t.label = @motivator THEN t.confidence END), 0) AS fit
         FROM answers a LEFT JOIN tags t ON t.answer_id = a.id
        WHERE a.interview_id IN (SELECT value FROM json_each(@ids))
          AND a.text IS NOT NULL AND length(trim(a.text)) BETWEEN 25 AND 600
        GROUP BY a.id
        ORDER BY fit DESC, length(a.text) BETWEEN 40 AND 280 DESC, a.answered_at DESC, a.id DESC
        LIMIT 1`,
    )
    .get({ ids: JSON.stringify(interviewIds), motivator: motivatorId }) as QuoteCandidate | undefined;
}

/** The name to show for someone quoted by name: Slack's real name, else the display name. */
export function selectPersonName(db: Db, userId: string): string | null {
  const row = db.prepare('SELECT real_name AS realName, name FROM people WHERE user_id = ?').get(userId) as
    | { realName: string | null; name: string | null }
    | undefined;
  const name = row?.realName?.trim() || row?.name?.trim();
  return name || null;
}

/** Whether any campaign existed at `at`: before that, there was no digest to miss. */
export function campaignCreatedBefore(db: Db, at: Date): boolean {
  return (
    db.prepare('SELECT 1 FROM campaigns WHERE created_at <= ? LIMIT 1').get(at.toISOString()) !== undefined
  );
}
