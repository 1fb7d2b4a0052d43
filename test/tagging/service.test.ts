import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/store/db.js';
import {
  countReviewQueue,
  countStaleAnswers,
  listReviewQueue,
  saveStaffReview,
} from '../../src/store/tags.js';
import { importNotesFile } from '../../src/tagging/importNotes.js';
import { currentTagger, REVIEW_BELOW, retag, tagInterview } from '../../src/tagging/service.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';
import { seedAnswered, tagsOf } from './seed.js';

const taxonomy = loadTaxonomy();
const at = () => new Date('2026-03-02T10:00:00Z');
const tmp = mkdtempSync(path.join(tmpdir(), 'tagging-service-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let db: Db;
beforeEach(() => {
  db = openDatabase(':memory:');
});

const VAGUE = 'Mostly the hackathon weekends with the mobile folks, plus the Kotlin meetups in Lisbon.';

describe('tagging stored answers', () => {
  it("writes the tagger's and the interviewee's tags and a run, and a second job changes nothing", () => {
    const { interviewId, answerIds } = seedAnswered(db, {
      userId: 'U1',
      petal: 'ecosystem',
      motivators: ['reputation'],
      answers: [{ question: 'What gets in your way?', text: 'The CLA and the licence review take weeks.' }],
    });
    expect(tagInterview(db, taxonomy, interviewId, at())).toEqual({ tagged: 1, unchanged: 0, noText: 0 });
    const tags = tagsOf(db, answerIds[0]!);
    expect(tags).toContainEqual(
      expect.objectContaining({ kind: 'petal', label: 'ecosystem', source: 'self', confidence: 1 }),
    );
    expect(tags).toContainEqual(
      expect.objectContaining({ kind: 'motivator', label: 'reputation', source: 'self' }),
    );
    expect(tags).toContainEqual(expect.objectContaining({ kind: 'petal', label: 'legal', source: 'auto' }));
    expect(tags.filter((t) => t.kind === 'stage')).toHaveLength(1);
    const ids = db.prepare('SELECT id FROM tags ORDER BY id').pluck().all();

    expect(tagInterview(db, taxonomy, interviewId, at())).toEqual({ tagged: 0, unchanged: 1, noText: 0 });
    expect(db.prepare('SELECT id FROM tags ORDER BY id').pluck().all()).toEqual(ids);
  });

  it('tags an edited answer again', () => {
    const { interviewId, answerIds } = seedAnswered(db, {
      userId: 'U1',
      answers: [{ question: 'Q', text: 'We use npm packages.' }],
    });
    tagInterview(db, taxonomy, interviewId, at());
    db.prepare(
      "UPDATE answers SET text = 'We host our own project in a foundation.', version = 2 WHERE id = ?",
    ).run(answerIds[0]);
    expect(tagInterview(db, taxonomy, interviewId, at()).tagged).toBe(1);
    expect(tagsOf(db, answerIds[0]!)).toContainEqual(
      expect.objectContaining({ kind: 'stage', label: 'stage-3' }),
    );
  });

  it('queues low-confidence answers for review, least confident first', () => {
    const { interviewId, answerIds } = seedAnswered(db, {
      userId: 'U1',
      answers: [
        {
          question: 'Q',
          text: 'We keep an SBOM and scan licences for every release, and the CVE triage is mine.',
        },
        { question: 'Q', text: VAGUE },
      ],
    });
    tagInterview(db, taxonomy, interviewId, at());
    const queue = listReviewQueue(db, REVIEW_BELOW, 10);
    expect(queue.map((q) => q.answerId)).toEqual([answerIds[1]]);
    expect(queue[0]!.confidence).toBeLessThan(REVIEW_BELOW);
  });
});

describe('a staff review', () => {
  it("replaces the answer's tags, leaves the queue, and tags a similar later answer like it", () => {
    const first = seedAnswered(db, { userId: 'U1', answers: [{ question: 'Q', text: VAGUE }] });
    tagInterview(db, taxonomy, first.interviewId, at());
    const before = tagsOf(db, first.answerIds[0]!);
    expect(before.find((t) => t.kind === 'stage')!.label).toBe('stage-1');

    saveStaffReview(db, {
      answerId: first.answerIds[0]!,
      answerVersion: 1,
      staffId: 'U0STAFF',
      petals: ['ecosystem'],
      stage: 'stage-2',
      motivators: ['community-approach'],
      suggested: { petals: ['individual-contributors'], stage: 'stage-1', motivators: [] },
      taxonomyVersion: taxonomy.version,
      at: at(),
    });
    expect(tagsOf(db, first.answerIds[0]!)).toEqual([
      { kind: 'motivator', label: 'community-approach', source: 'staff', confidence: 1 },
      { kind: 'petal', label: 'ecosystem', source: 'staff', confidence: 1 },
      { kind: 'stage', label: 'stage-2', source: 'staff', confidence: 1 },
    ]);
    expect(countReviewQueue(db, REVIEW_BELOW)).toBe(0);

    const later = seedAnswered(db, {
      userId: 'U2',
      answers: [
        { question: 'Q', text: 'Mostly hackathon weekends with the mobile folks and the Kotlin meetups.' },
      ],
    });
    tagInterview(db, taxonomy, later.interviewId, at());
    const tags = tagsOf(db, later.answerIds[0]!);
    expect(tags).toContainEqual(expect.objectContaining({ kind: 'stage', label: 'stage-2', source: 'auto' }));
    expect(tags).toContainEqual(
      expect.objectContaining({ kind: 'petal', label: 'ecosystem', source: 'auto' }),
    );
    expect(tags).toContainEqual(
      expect.objectContaining({ kind: 'motivator', label: 'community-approach', source: 'auto' }),
    );
    const evidence = db
      .prepare("SELECT evidence_json FROM tags WHERE answer_id = ? AND kind = 'stage'")
      .pluck()
      .get(later.answerIds[0]) as string;
    expect(JSON.parse(evidence)).toContainEqual(
      expect.objectContaining({ type: 'learned', answerId: first.answerIds[0] }),
    );
  });

  it('is dropped when the answer is edited afterwards: staff judged other words', () => {
    const { interviewId, answerIds } = seedAnswered(db, {
      userId: 'U1',
      answers: [{ question: 'Q', text: VAGUE }],
    });
    tagInterview(db, taxonomy, interviewId, at());
    saveStaffReview(db, {
      answerId: answerIds[0]!,
      answerVersion: 1,
      staffId: 'U0STAFF',
      petals: ['ospo'],
      stage: 'stage-4',
      motivators: [],
      suggested: { petals: [], stage: null, motivators: [] },
      taxonomyVersion: taxonomy.version,
      at: at(),
    });
    db.prepare("UPDATE answers SET text = 'We use npm packages.', version = 2 WHERE id = ?").run(
      answerIds[0],
    );
    tagInterview(db, taxonomy, interviewId, at());
    const tags = tagsOf(db, answerIds[0]!);
    expect(tags.some((t) => t.source === 'staff')).toBe(false);
    expect(tags).toContainEqual(expect.objectContaining({ kind: 'stage', label: 'stage-1', source: 'auto' }));
  });
});

describe('re-tagging after a taxonomy change', () => {
  it('tags exactly the answers the old taxonomy tagged, once', async () => {
    for (let i = 0; i < 5; i++) {
      const { interviewId } = seedAnswered(db, {
        userId: `U${i}`,
        answers: [{ question: 'Q', text: `Our red team threat models every dependency (${i}).` }],
      });
      tagInterview(db, taxonomy, interviewId, at());
    }
    expect(countStaleAnswers(db, currentTagger(db, taxonomy).key)).toBe(0);

    const dir = path.join(tmp, 'seven');
    rmSync(dir, { recursive: true, force: true });
    (await import('node:fs')).mkdirSync(dir);
    for (const f of ['petals.yml', 'maturity-models.yml', 'motivators.yml'])
      copyFileSync(path.join('data/taxonomy', f), path.join(dir, f));
    writeFileSync(
      path.join(dir, 'petals.yml'),
      `${readFileSync(path.join(dir, 'petals.yml'), 'utf8')}
  - id: security-office
    name: Security Office
    summary: The security team's view of open source
    description: How the security office sees the open source the organisation runs.
    signals: [red team*, threat model*]
`,
    );
    const changed = loadTaxonomy(dir);
    expect(countStaleAnswers(db, currentTagger(db, changed).key)).toBe(5);
    const batches: number[] = [];
    const first = await retag(db, changed, at, { batchSize: 2, onBatch: (n) => void batches.push(n) });
    expect(first.tagged).toBe(5);
    expect(batches).toEqual([2, 4, 5]);
    const labels = db
      .prepare("SELECT count(*) FROM tags WHERE kind = 'petal' AND label = 'security-office'")
      .pluck()
      .get();
    expect(labels).toBe(5);
    const snapshot = db.prepare('SELECT id, answer_id, kind, label, confidence FROM tags ORDER BY id').all();
    expect(await retag(db, changed, at)).toEqual({ tagged: 0, unchanged: 0, noText: 0 });
    expect(db.prepare('SELECT id, answer_id, kind, label, confidence FROM tags ORDER BY id').all()).toEqual(
      snapshot,
    );
  });
});

describe('importing earlier notes', () => {
  it('loads a campaign of its own, tags every note, reports bad lines by number, and adds nothing twice', async () => {
    const file = path.join(tmp, 'notes.csv');
    writeFileSync(
      file,
      [
        'Person,Audience,Question,Answer,Date',
        'Ana,manager,What gets in the way?,"Legal reviews every CLA, which takes weeks.",2025-11-03',
        'Ana,manager,And then?,"We still upstream fixes to Kafka, ""when we can"".",2025-11-03',
        'Bo,boss,Why?,Because.,2025-11-04',
        'Cy,contributor,Why?,,2025-11-04',
        'Di,executive,Value?,InnerSource across business units saves us money.,2025-02-30',
        'Ed,executive,Value?,"InnerSource across business units',
        'saves us money.",2025-11-05',
      ].join('\n'),
    );
    const progress: [number, number][] = [];
    const result = await importNotesFile(db, taxonomy, file, {
      at,
      onProgress: (d, t) => progress.push([d, t]),
    });
    expect(result).toMatchObject({ alreadyImported: false, people: 2, answers: 3, tagged: 3 });
    expect(result.problems.map((p) => p.line)).toEqual([4, 5, 6]);
    expect(result.problems[0]!.message).toMatch(/audience "boss"/);
    expect(result.problems[1]!.message).toMatch(/empty answer/);
    expect(result.problems[2]!.message).toMatch(/date "2025-02-30"/);
    expect(progress.at(-1)).toEqual([3, 3]);

    const campaign = db.prepare("SELECT * FROM campaigns WHERE source = 'import'").all() as {
      id: number;
      status: string;
    }[];
    expect(campaign).toHaveLength(1);
    const interviews = db
      .prepare('SELECT user_id, audience, status FROM interviews WHERE campaign_id = ? ORDER BY user_id')
      .all(campaign[0]!.id);
    expect(interviews).toEqual([
      { user_id: 'import:Ana', audience: 'manager', status: 'answered' },
      { user_id: 'import:Ed', audience: 'executive', status: 'answered' },
    ]);
    const texts = db.prepare('SELECT text FROM answers ORDER BY id').pluck().all();
    expect(texts).toContain('We still upstream fixes to Kafka, "when we can".');
    expect(texts).toContain('InnerSource across business units\nsaves us money.');
    expect(db.prepare("SELECT count(DISTINCT answer_id) FROM tags WHERE source = 'auto'").pluck().get()).toBe(
      3,
    );

    const again = await importNotesFile(db, taxonomy, file, { at });
    expect(again.alreadyImported).toBe(true);
    expect(db.prepare('SELECT count(*) FROM answers').pluck().get()).toBe(3);
  });

  it('refuses a file without the needed columns, and imports nothing', async () => {
    const file = path.join(tmp, 'bad.csv');
    writeFileSync(file, 'name,answer\nAna,Hello\n');
    await expect(importNotesFile(db, taxonomy, file, { at })).rejects.toThrow(
      /missing: person, audience, question, date/,
    );
    expect(db.prepare('SELECT count(*) FROM campaigns').pluck().get()).toBe(0);
  });
});
