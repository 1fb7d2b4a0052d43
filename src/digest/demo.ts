import type { Db } from '../store/db.js';
import type { Taxonomy } from '../tagging/taxonomy.js';

/**
 * A made-up organisation for `npm run digest -- --dry-run --demo`: enough people per petal to show every part of the
 * digest, one petal small enough to be hidden, motivators drawn from those the taxonomy links to each petal, and
 * answers in the interviewees' own (invented) words. Deterministic, so two runs draw the same picture.
 */
export function seedDemoOrganisation(db: Db, taxonomy: Taxonomy, at: Date): { people: number } {
  const next = rng(7);
  const sizes = [26, 12, 8, 10, 2, 6];
  const stagesByPetal = [2, 1, 1, 1, 2, 3];
  const when = at.toISOString();
  const campaign = Number(
    db
      .prepare(
        `INSERT INTO campaigns (name, created_by, created_at, start_date, due_date) VALUES (?, 'U0DEMO', ?, ?, ?)`,
      )
      .run('Spring listening round', when, when.slice(0, 10), when.slice(0, 10)).lastInsertRowid,
  );
  const insertInterview = db.prepare(
    `INSERT INTO interviews (campaign_id, user_id, audience, status, invited_at, answered_at, petal_id, motivator_ids, consent)
     VALUES (?, ?, 'contributor', ?, ?, ?, ?, ?, ?)`,
  );
  const insertAnswer = db.prepare(
    `INSERT INTO answers (interview_id, question_id, question, text, answered_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const insertTag = db.prepare(
    `INSERT OR IGNORE INTO tags (answer_id, kind, label, confidence, source, taxonomy_version, created_at)
     VALUES (?, ?, ?, ?, 'auto', ?, ?)`,
  );
  const stages = taxonomy.defaultModel.stages;
  let people = 0;
  db.transaction(() => {
    taxonomy.petals.forEach((petal, p) => {
      const own = taxonomy.motivators.filter((m) => m.petals.includes(petal.id));
      const pool = own.length > 0 ? own : taxonomy.motivators;
      const n = sizes[p % sizes.length]!;
      for (let i = 0; i < n; i++) {
        const first = pool[Math.floor(next() ** 1.6 * pool.length)]!;
        const second = taxonomy.motivators[Math.floor(next() * taxonomy.motivators.length)]!;
        const base = stagesByPetal[p % stagesByPetal.length]!;
        const stage =
          stages[
            Math.min(stages.length - 1, Math.max(0, base + (next() < 0.25 ? -1 : next() < 0.2 ? 1 : 0)))
          ]!;
        const consent = next() < 0.2 ? 'name' : next() < 0.7 ? 'anonymous' : 'none';
        const interviewId = Number(
          insertInterview.run(
            campaign,
            `UDEMO${p}${String(i).padStart(3, '0')}`,
            'answered',
            when,
            when,
            petal.id,
            JSON.stringify([first.id]),
            consent,
          ).lastInsertRowid,
        );
        const answers = [
          `For us it is mostly about ${first.name.toLowerCase()}: ${first.summary.charAt(0).toLowerCase()}${first.summary.slice(1)}.`,
          `Where we stand: ${stage.summary.charAt(0).toLowerCase()}${stage.summary.slice(1)}. ${second.name} matters too.`,
        ];
        answers.forEach((text, q) => {
          const answerId = Number(
            insertAnswer.run(interviewId, `q${q + 1}`, `Question ${q + 1}`, text, when).lastInsertRowid,
          );
          insertTag.run(
            answerId,
            'motivator',
            q === 0 ? first.id : second.id,
            0.6 + next() * 0.4,
            taxonomy.version,
            when,
          );
          if (q === 1) insertTag.run(answerId, 'stage', stage.id, 0.5 + next() * 0.5, taxonomy.version, when);
        });
        people++;
      }
    });
  })();
  return { people };
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
