import { beforeEach, describe, expect, it } from 'vitest';
import { refreshDigestPeople } from '../../src/digest/queries.js';
import { listTicked, saveChecklist } from '../../src/store/checklist.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import {
  claimDigest,
  findDigest,
  findPreviousDigest,
  markDigestPosted,
  releaseDigest,
} from '../../src/store/digests.js';
import { addCampaign, addPerson } from './seed.js';

let db: Db;
let campaign: number;
beforeEach(() => {
  db = openDatabase(':memory:');
  campaign = addCampaign(db);
});

function person(userId: string) {
  refreshDigestPeople(db);
  return db
    .prepare('SELECT petal, stage, motivators, consent FROM digest_people WHERE user_id = ?')
    .get(userId) as
    | { petal: string | null; stage: string | null; motivators: string; consent: string }
    | undefined;
}

describe('digest_people: one voice per person, kept up to date by triggers', () => {
  it('takes the petal from a staff correction, else the person’s choice, else the tagger', () => {
    addPerson(db, {
      campaignId: campaign,
      userId: 'U1',
      petal: 'legal',
      answers: [{ text: 'x', tags: [{ kind: 'petal', label: 'business', confidence: 0.9 }] }],
    });
    addPerson(db, {
      campaignId: campaign,
      userId: 'U2',
      petal: 'legal',
      answers: [
        { text: 'x', tags: [{ kind: 'petal', label: 'business', confidence: 0.4, source: 'staff' }] },
      ],
    });
    addPerson(db, {
      campaignId: campaign,
      userId: 'U3',
      petal: null,
      answers: [{ text: 'x', tags: [{ kind: 'petal', label: 'ospo', confidence: 0.6 }] }],
    });
    expect(person('U1')?.petal).toBe('legal');
    expect(person('U2')?.petal).toBe('business');
    expect(person('U3')?.petal).toBe('ospo');
  });

  it('places a person at the stage with the most evidence across their answers', () => {
    addPerson(db, {
      campaignId: campaign,
      userId: 'U1',
      answers: [
        { text: 'a', tags: [{ kind: 'stage', label: 'stage-2', confidence: 0.9 }] },
        { text: 'b', tags: [{ kind: 'stage', label: 'stage-1', confidence: 0.6 }] },
        { text: 'c', tags: [{ kind: 'stage', label: 'stage-1', confidence: 0.6 }] },
      ],
    });
    expect(person('U1')?.stage).toBe('stage-1');
  });

  it('counts chosen motivators and tagged ones with enough evidence, but not one weak mention', () => {
    addPerson(db, {
      campaignId: campaign,
      userId: 'U1',
      motivators: ['cost'],
      answers: [
        {
          text: 'a',
          tags: [
            { kind: 'motivator', label: 'compliance', confidence: 0.3 },
            { kind: 'motivator', label: 'security-risk', confidence: 0.3 },
          ],
        },
        { text: 'b', tags: [{ kind: 'motivator', label: 'compliance', confidence: 0.3 }] },
      ],
    });
    expect(JSON.parse(person('U1')!.motivators)).toEqual(['compliance', 'cost']);
  });

  it('hears a person once, with what they said in their latest interview', () => {
    addPerson(db, {
      campaignId: campaign,
      userId: 'U1',
      petal: 'legal',
      answeredAt: '2026-02-01T10:00:00.000Z',
    });
    const later = addCampaign(db);
    addPerson(db, {
      campaignId: later,
      userId: 'U1',
      petal: 'business',
      answeredAt: '2026-03-01T10:00:00.000Z',
    });
    refreshDigestPeople(db);
    expect(db.prepare('SELECT count(*) FROM digest_people').pluck().get()).toBe(1);
    expect(person('U1')?.petal).toBe('business');
  });

  it('follows later changes: a retag written with INSERT OR REPLACE, a removed interview, a withdrawn answer', () => {
    const id = addPerson(db, {
      campaignId: campaign,
      userId: 'U1',
      answers: [{ text: 'a', tags: [{ kind: 'stage', label: 'stage-1' }] }],
    });
    expect(person('U1')?.stage).toBe('stage-1');
    const answerId = db.prepare('SELECT id FROM answers WHERE interview_id = ?').pluck().get(id) as number;
    db.prepare(`INSERT OR REPLACE INTO tags (answer_id, kind, label, confidence, source, taxonomy_version, created_at)
                VALUES (?, 'stage', 'stage-3', 0.9, 'staff', '1.0.0', 'x')`).run(answerId);
    expect(person('U1')?.stage).toBe('stage-3');
    db.prepare(`UPDATE interviews SET status = 'removed' WHERE id = ?`).run(id);
    expect(person('U1')).toBeUndefined();
  });

  it('erases a person’s row with their interview at once, before any refresh', () => {
    const id = addPerson(db, { campaignId: campaign, userId: 'U1', petal: 'legal' });
    refreshDigestPeople(db);
    db.prepare('DELETE FROM interviews WHERE id = ?').run(id);
    expect(db.prepare('SELECT count(*) FROM digest_people').pluck().get()).toBe(0);
  });

  it('does not stop on a hand-edited, malformed motivator list', () => {
    const id = addPerson(db, { campaignId: campaign, userId: 'U1', petal: 'legal' });
    db.prepare(`UPDATE interviews SET motivator_ids = '{not json' WHERE id = ?`).run(id);
    expect(JSON.parse(person('U1')!.motivators)).toEqual([]);
  });

  it('recomputes only people whose data changed', () => {
    addPerson(db, { campaignId: campaign, userId: 'U1' });
    addPerson(db, { campaignId: campaign, userId: 'U2' });
    expect(refreshDigestPeople(db)).toBe(2);
    expect(refreshDigestPeople(db)).toBe(0);
    db.prepare(`UPDATE interviews SET reminders_sent = 3 WHERE user_id = 'U1'`).run();
    expect(refreshDigestPeople(db)).toBe(0);
    db.prepare(`UPDATE interviews SET consent = 'none' WHERE user_id = 'U1'`).run();
    expect(refreshDigestPeople(db)).toBe(1);
  });
});

describe('digests table: one per ISO week', () => {
  const at = new Date('2026-03-09T09:00:00Z');
  const claim = (week: string, when: Date, summaryJson = '{}') =>
    claimDigest(db, { week, channel: 'C1', late: false, summaryJson, at: when, leaseMs: 120_000 });

  it('lets one attempt hold a week at a time, keeps the figures of the first, and frees the week on release', () => {
    const first = claim('2026-W11', at, '{"a":1}');
    expect(first).toBeDefined();
    // A second attempt a moment later (another instance, a staff post) is kept out while the first sends.
    expect(claim('2026-W11', new Date(at.getTime() + 5_000), '{"a":2}')).toBeUndefined();
    expect(findDigest(db, '2026-W11')).toMatchObject({ state: 'posting', summaryJson: '{"a":1}' });
    // The first failed and let go: its retry takes the week at once.
    releaseDigest(db, '2026-W11', first!);
    expect(claim('2026-W11', new Date(at.getTime() + 6_000))).toBeDefined();
  });

  it('hands a week over when its holder crashed and the lease ran out, never once it is posted', () => {
    expect(claim('2026-W11', at)).toBeDefined();
    expect(claim('2026-W11', new Date(at.getTime() + 119_000))).toBeUndefined();
    expect(claim('2026-W11', new Date(at.getTime() + 121_000))).toBeDefined();
    markDigestPosted(db, '2026-W11', at);
    expect(claim('2026-W11', new Date(at.getTime() + 999_000))).toBeUndefined();
  });

  it('finds the previous week that was really posted', () => {
    claim('2026-W10', at);
    markDigestPosted(db, '2026-W10', at);
    claim('2026-W11', at);
    // W11 is only being posted: what came before W12 that went out is W10.
    expect(findPreviousDigest(db, '2026-W12')?.week).toBe('2026-W10');
    expect(findPreviousDigest(db, '2026-W10')).toBeUndefined();
  });
});

describe('checklist store', () => {
  it('ticks and unticks shown items, keeps who ticked first, and leaves items not shown alone', () => {
    const at = new Date('2026-03-02T09:00:00Z');
    saveChecklist(db, { modelId: 'm', shown: ['a', 'b', 'c'], ticked: ['a', 'b'], by: 'U1', at });
    saveChecklist(db, { modelId: 'm', shown: ['z'], ticked: ['z'], by: 'U1', at });
    const second = saveChecklist(db, {
      modelId: 'm',
      shown: ['a', 'b', 'c'],
      ticked: ['a', 'c'],
      by: 'U2',
      at,
    });
    expect(second).toEqual({ added: ['c'], removed: ['b'] });
    const ticks = listTicked(db, 'm');
    expect(ticks.map((t) => t.itemId).sort()).toEqual(['a', 'c', 'z']);
    expect(ticks.find((t) => t.itemId === 'a')?.tickedBy).toBe('U1');
    expect(
      saveChecklist(db, { modelId: 'm', shown: ['a', 'b', 'c'], ticked: ['a', 'c'], by: 'U2', at }),
    ).toEqual({ added: [], removed: [] });
  });
});
