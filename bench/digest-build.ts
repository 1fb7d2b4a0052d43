/**
 * Digest build time at scale: a database of 1,000,000 stored answers (100,000 people, ten answers each, about 1.4
 * tags per answer) and the time to build the whole digest from it (summary with small-group protection, quotes,
 * campaign progress, changes since last week), beside a plain SQL aggregate over the same answers in the same run:
 *
 *   SELECT i.petal_id, count(*) FROM answers a JOIN interviews i ON i.id = a.interview_id
 *    WHERE i.status = 'answered' GROUP BY i.petal_id
 *
 * — the least any report that looks at every answer costs. Targets: build under 1 s, and no more than twice the
 * plain aggregate. The build is timed as it runs every week: after a week's new answers (1,000 people) were
 * tagged, so the people they touch are recomputed inside the timed build. The one-off recomputation of everyone
 * after the bulk load is reported apart.
 *
 *   npx tsx bench/digest-build.ts [answers]      (default 1,000,000)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDigest } from '../src/digest/build.js';
import { refreshDigestPeople } from '../src/digest/queries.js';
import { type Db, openDatabase } from '../src/store/db.js';
import { loadTaxonomy, type Taxonomy } from '../src/tagging/taxonomy.js';

export interface DigestBenchResult {
  answers: number;
  people: number;
  tags: number;
  seedMs: number;
  /** Recomputing every person once after the bulk load (happens once, not weekly). */
  firstRefreshMs: number;
  /** Median of the timed builds, each after a week's 1,000 new people. */
  buildMs: number;
  /** Median of the plain aggregate over the same answers. */
  plainMs: number;
  ratio: number;
  peakRssMiB: number;
  /** Heap and RSS growth across the timed builds. */
  buildHeapMiB: number;
  targets: { buildMs: number; ratio: number };
  meetsTargets: boolean;
}

export const TARGETS = { buildMs: 1000, ratio: 2 } as const;
const ANSWERS_PER_PERSON = 10;
const RUNS = 5;
const WEEKLY_PEOPLE = 1000;

/**
 * Fills the database in a handful of INSERT … SELECT statements (SQLite generates the rows; nothing crosses into
 * JavaScript per row), in one transaction. Pseudo-random but deterministic: a hash of the row number picks each
 * value, so every run sees the same data. People of a petal lean towards a few motivators and a stage, as real
 * answers do, so the maps and the consistency figure have something to show.
 */
export function seed(
  db: Db,
  taxonomy: Taxonomy,
  people: number,
  firstId = 1,
  at = '2026-03-02T10:00:00.000Z',
): void {
  const petals = JSON.stringify(taxonomy.petals.map((p) => p.id));
  const motivators = JSON.stringify(taxonomy.motivators.map((m) => m.id));
  const stages = JSON.stringify(taxonomy.defaultModel.stages.map((s) => s.id));
  const P = taxonomy.petals.length;
  const M = taxonomy.motivators.length;
  const S = taxonomy.defaultModel.stages.length;
  const last = firstId + people - 1;
  // h(x, salt): a 31-bit hash; `% n` of it is the pseudo-random pick.
  const h = (x: string, salt: number) =>
    `((((${x}) * 2654435761 + ${salt * 40503}) % 2147483647 + 2147483647) % 2147483647)`;
  db.transaction(() => {
    db.prepare(
      `INSERT OR IGNORE INTO campaigns (id, name, created_by, created_at, start_date, due_date)
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
       SELECT i, 'Campaign ' || i, 'U0STAFF', '2026-01-05T09:00:00.000Z', '2026-01-05', '2026-12-18' FROM n`,
    ).run();
    db.prepare(
      `INSERT INTO interviews (id, campaign_id, user_id, audience, status, invited_at, answered_at, petal_id,
                               motivator_ids, consent)
       WITH RECURSIVE n(i) AS (SELECT CAST(@first AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < @last),
       p(i, petal) AS (SELECT i, ${h('i', 1)} % ${P} FROM n)
       SELECT i, 1 + i % 20, 'U' || printf('%07d', i), 'contributor', 'answered', @at, @at,
              json_extract(@petals, '$[' || (petal) || ']'),
              json_array(json_extract(@motivators, '$[' || (((petal * 2 + ${h('i', 2)} % 3) % ${M})) || ']'),
                         json_extract(@motivators, '$[' || (((petal * 2 + 3 + ${h('i', 3)} % 4) % ${M})) || ']')),
              CASE ${h('i', 4)} % 3 WHEN 0 THEN 'name' WHEN 1 THEN 'anonymous' ELSE 'none' END
         FROM p`,
    ).run({ first: firstId, last, at, petals, motivators });
    db.prepare(
      `INSERT INTO answers (interview_id, question_id, question, text, answered_at)
       WITH RECURSIVE q(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM q WHERE k < ${ANSWERS_PER_PERSON - 1})
       SELECT i.id, 'q' || q.k, 'What does open source bring to your work?',
              'Open source lets our team ' || CASE (i.id + q.k) % 4 WHEN 0 THEN 'ship faster with less code of our own'
                WHEN 1 THEN 'stay compliant with the licences we depend on' WHEN 2 THEN 'learn from the communities we work with'
                ELSE 'hire and keep people who care about their craft' END || ' (answer ' || q.k || ').',
              i.answered_at
         FROM interviews i CROSS JOIN q WHERE i.id BETWEEN @first AND @last`,
    ).run({ first: firstId, last });
    // One motivator tag per answer (mostly the person's own), a second on 40%, a stage on 30%, a petal on 10%.
    db.prepare(
      `INSERT OR IGNORE INTO tags (answer_id, kind, label, confidence, source, taxonomy_version, created_at)
       SELECT a.id, 'motivator',
              CASE ${h('a.id', 5)} % 5 WHEN 0 THEN json_extract(@motivators, '$[' || (${h('a.id', 6)} % ${M}) || ']')
                ELSE json_extract(i.motivator_ids, '$[' || (${h('a.id', 7)} % 2) || ']') END,
              0.3 + (${h('a.id', 8)} % 70) / 100.0, 'auto', '1.0.0', a.answered_at
         FROM answers a JOIN interviews i ON i.id = a.interview_id WHERE a.interview_id BETWEEN @first AND @last
       UNION ALL
       SELECT a.id, 'motivator', json_extract(@motivators, '$[' || (${h('a.id', 9)} % ${M}) || ']'),
              0.3 + (${h('a.id', 10)} % 70) / 100.0, 'auto', '1.0.0', a.answered_at
         FROM answers a WHERE a.interview_id BETWEEN @first AND @last AND ${h('a.id', 11)} % 10 < 4
       UNION ALL
       SELECT a.id, 'stage',
              json_extract(@stages, '$[' || (min(${S - 1}, (${h('a.interview_id', 12)} % 3) + (${h('a.id', 13)} % 4 = 0))) || ']'),
              0.3 + (${h('a.id', 14)} % 70) / 100.0, 'auto', '1.0.0', a.answered_at
         FROM answers a WHERE a.interview_id BETWEEN @first AND @last AND ${h('a.id', 15)} % 10 < 3
       UNION ALL
       SELECT a.id, 'petal', i.petal_id, 0.3 + (${h('a.id', 16)} % 70) / 100.0, 'auto', '1.0.0', a.answered_at
         FROM answers a JOIN interviews i ON i.id = a.interview_id
        WHERE a.interview_id BETWEEN @first AND @last AND ${h('a.id', 17)} % 10 = 0`,
    ).run({ first: firstId, last, motivators, stages });
  })();
}

const PLAIN_SQL = `SELECT i.petal_id, count(*) FROM answers a JOIN interviews i ON i.id = a.interview_id
                    WHERE i.status = 'answered' GROUP BY i.petal_id`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function run(options: { answers?: number; print?: boolean } = {}): Promise<DigestBenchResult> {
  const answers = options.answers ?? 1_000_000;
  const people = Math.max(1, Math.floor(answers / ANSWERS_PER_PERSON));
  const print = options.print ?? true;
  const dir = mkdtempSync(join(tmpdir(), 'ospo-digest-bench-'));
  const db = openDatabase(join(dir, 'bench.db'));
  try {
    const taxonomy = loadTaxonomy();
    const t0 = performance.now();
    seed(db, taxonomy, people);
    const seedMs = performance.now() - t0;
    const t1 = performance.now();
    refreshDigestPeople(db);
    const firstRefreshMs = performance.now() - t1;
    const tags = db.prepare('SELECT count(*) FROM tags').pluck().get() as number;
    const stored = db.prepare('SELECT count(*) FROM answers').pluck().get() as number;

    const plain = db.prepare(PLAIN_SQL);
    const builds: number[] = [];
    const plains: number[] = [];
    const heapBefore = process.memoryUsage().heapUsed;
    let nextId = people + 1;
    for (let r = 0; r < RUNS; r++) {
      // A week's new answers, tagged: the build recomputes those people inside the timing.
      seed(db, taxonomy, WEEKLY_PEOPLE, nextId, `2026-03-${String(9 + r).padStart(2, '0')}T10:00:00.000Z`);
      nextId += WEEKLY_PEOPLE;

      const p0 = performance.now();
      plain.all();
      plains.push(performance.now() - p0);

      const b0 = performance.now();
      const view = buildDigest(db, taxonomy, {
        week: `2026-W${11 + r}`,
        occurrence: new Date(`2026-03-${String(9 + r).padStart(2, '0')}T09:00:00.000Z`),
        now: new Date(`2026-03-${String(9 + r).padStart(2, '0')}T09:00:00.000Z`),
        late: false,
        minGroup: 3,
        timezone: 'UTC',
      });
      builds.push(performance.now() - b0);
      if (view.summary.peopleHeard < people)
        throw new Error(`the digest counted ${view.summary.peopleHeard} people of ${people}`);
    }
    const buildHeapMiB = mib(process.memoryUsage().heapUsed - heapBefore);
    const buildMs = median(builds);
    const plainMs = median(plains);
    const result: DigestBenchResult = {
      answers: stored,
      people: nextId - 1,
      tags,
      seedMs: Math.round(seedMs),
      firstRefreshMs: Math.round(firstRefreshMs),
      buildMs: Math.round(buildMs),
      plainMs: Math.round(plainMs),
      ratio: Math.round((buildMs / plainMs) * 100) / 100,
      peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
      buildHeapMiB,
      targets: { ...TARGETS },
      meetsTargets: buildMs < TARGETS.buildMs && buildMs / plainMs <= TARGETS.ratio,
    };
    if (print) {
      console.log(
        [
          `digest build from ${result.answers.toLocaleString('en')} answers (${result.people.toLocaleString('en')} people, ${result.tags.toLocaleString('en')} tags)`,
          `  seeding:                   ${result.seedMs} ms (one transaction, INSERT … SELECT)`,
          `  first refresh (everyone):  ${result.firstRefreshMs} ms (once after a bulk load)`,
          `  digest build (median ${RUNS}): ${result.buildMs} ms   target < ${TARGETS.buildMs} ms`,
          `  plain SQL aggregate:       ${result.plainMs} ms`,
          `  ratio build / plain:       ${result.ratio}   target ≤ ${TARGETS.ratio}`,
          `  peak RSS (whole run):      ${result.peakRssMiB} MiB; heap growth over the builds ${result.buildHeapMiB} MiB`,
          `  ${result.meetsTargets ? 'meets both targets' : 'MISSES a target'}`,
        ].join('\n'),
      );
    }
    return result;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const answers = process.argv[2] ? Number(process.argv[2].replace(/[_,]/g, '')) : undefined;
  await run(answers ? { answers } : {});
}
