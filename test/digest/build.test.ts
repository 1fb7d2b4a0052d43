import { beforeEach, describe, expect, it } from 'vitest';
import { renderDigest } from '../../src/digest/blocks.js';
import { buildDigest } from '../../src/digest/build.js';
import { validateBlocks } from '../../src/sandbox/emulator/index.js';
import { saveChecklist } from '../../src/store/checklist.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { claimDigest, markDigestPosted } from '../../src/store/digests.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';
import { addCampaign, addCrowd, addPerson } from './seed.js';

const taxonomy = loadTaxonomy();
const options = {
  week: '2026-W10',
  occurrence: new Date('2026-03-02T09:00:00Z'),
  now: new Date('2026-03-02T09:00:00Z'),
  late: false,
  minGroup: 3,
  timezone: 'UTC',
};

let db: Db;
let campaign: number;
beforeEach(() => {
  db = openDatabase(':memory:');
  campaign = addCampaign(db, { name: 'Platform <!channel> & friends' });
});

function allText(value: unknown): string {
  return JSON.stringify(value);
}

describe('buildDigest on a crafted organisation', () => {
  beforeEach(() => {
    addCrowd(db, campaign, 'UM', 5, {
      petal: 'management',
      stage: 'stage-1',
      motivators: ['development-velocity', 'cost'],
    });
    addCrowd(db, campaign, 'UB', 4, {
      petal: 'business',
      stage: 'stage-1',
      motivators: ['development-velocity'],
    });
    addCrowd(db, campaign, 'UI', 6, {
      petal: 'individual-contributors',
      stage: 'stage-2',
      motivators: ['personal-learning', 'development-velocity'],
    });
    // Legal: two people only. One refused quoting, one said "by name".
    addPerson(db, {
      campaignId: campaign,
      userId: 'UL1',
      petal: 'legal',
      consent: 'none',
      answers: [
        {
          text: 'SECRET-NONE licence reviews slow us down every single week',
          tags: [{ kind: 'motivator', label: 'compliance' }],
        },
      ],
    });
    addPerson(db, {
      campaignId: campaign,
      userId: 'UL2',
      petal: 'legal',
      consent: 'name',
      realName: 'Lena Legal',
      answers: [
        {
          text: 'SECRET-SMALL we check every licence by hand, it takes days',
          tags: [{ kind: 'motivator', label: 'compliance' }],
        },
      ],
    });
  });

  it('counts people per petal and hides the small petal (and one more, so totals do not give it away)', () => {
    const { summary } = buildDigest(db, taxonomy, options);
    expect(summary.peopleHeard).toBe(17);
    const heard = Object.fromEntries(summary.petals.map((p) => [p.id, p.heard]));
    expect(heard.legal).toBeNull();
    expect(heard['individual-contributors']).toBe(6);
    // Business (4) goes as the complement: 17 − 6 − 5 − 0 − 0 − 0 would otherwise be Legal's 2.
    expect(Object.values(heard).filter((n) => n === null).length).toBeGreaterThanOrEqual(2);
    const management = summary.petals.find((p) => p.id === 'management')!;
    expect(management.dominantStageId).toBe('stage-1');
    expect(management.topMotivators.map((m) => m.id).sort()).toEqual(['cost', 'development-velocity']);
  });

  it('quotes only people who agreed, names only those who chose to be named, and never quotes a hidden petal', () => {
    const view = buildDigest(db, taxonomy, options);
    const text = allText(view);
    expect(text).not.toContain('SECRET-NONE');
    expect(text).not.toContain('SECRET-SMALL');
    expect(text).not.toContain('Lena Legal');
    expect(view.quotes.map((q) => q.petalId).sort()).toEqual(['individual-contributors', 'management']);
    expect(view.quotes.every((q) => q.attribution === null)).toBe(true);
  });

  it('names a quoted person only when they chose "by name"', () => {
    addCrowd(db, campaign, 'UE', 3, {
      petal: 'ecosystem',
      stage: 'stage-2',
      motivators: ['community-approach'],
      consent: 'none',
    });
    addPerson(db, {
      campaignId: campaign,
      userId: 'UE9',
      petal: 'ecosystem',
      consent: 'name',
      realName: 'Eve Upstream',
      answeredAt: '2026-03-03T10:00:00.000Z',
      answers: [
        {
          text: 'Sending our fixes upstream is how we learn to approach the community.',
          tags: [{ kind: 'motivator', label: 'community-approach' }],
        },
      ],
    });
    const view = buildDigest(db, taxonomy, options);
    const quote = view.quotes.find((q) => q.petalId === 'ecosystem');
    expect(quote).toMatchObject({ attribution: 'Eve Upstream' });
    // The three who refused quoting are never the quote.
    expect(quote?.text).toContain('Sending our fixes upstream');
  });

  it('renders within Slack’s limits, escapes what people and staff typed, and shows hidden cells shaded', () => {
    addPerson(db, {
      campaignId: campaign,
      userId: 'UM9',
      petal: 'management',
      consent: 'anonymous',
      answeredAt: '2026-03-04T10:00:00.000Z',
      answers: [
        {
          text: 'Ping <!channel> & <@U123>: velocity matters > everything',
          tags: [{ kind: 'motivator', label: 'development-velocity', confidence: 1 }],
        },
      ],
    });
    const view = buildDigest(db, taxonomy, options);
    const { blocks, text } = renderDigest(view, { dateRange: '2 Mar', picture: 'below' });
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(text).toContain('18 people heard');
    const all = allText(blocks);
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<@U123>');
    expect(all).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt;');
    expect(all).toContain('Platform &lt;!channel&gt; &amp; friends');
    const grid = blocks.find(
      (b) => b.type === 'section' && 'text' in b && b.text?.text.includes('Where each petal stands'),
    );
    // Legal's two people are not placed on a stage yet: that cell is hidden, the others are empty.
    expect(allText(grid)).toMatch(/Legal {7}( {3}·){5} {3}░/);
  });

  it('lists next steps from the stage the evidence points to, with the OSPO’s ticks', () => {
    saveChecklist(db, {
      modelId: 'todo-ospo',
      shown: ['contribution-compliance'],
      ticked: ['contribution-compliance'],
      by: 'U0STAFF',
      at: new Date(),
    });
    const { summary } = buildDigest(db, taxonomy, options);
    // 9 people at stage 1, 6 at stage 2: the evidence points to stage 1, so stage 2's items come next.
    expect(summary.nextSteps.stageId).toBe('stage-1');
    expect(summary.nextSteps.nextStageId).toBe('stage-2');
    const items = Object.fromEntries(summary.nextSteps.items.map((i) => [i.id, i.ticked]));
    expect(items['contribution-compliance']).toBe(true);
    expect(items['how-to-contribute']).toBe(false);
    const rendered = allText(renderDigest(buildDigest(db, taxonomy, options)).blocks);
    const done = taxonomy.checklistItemById('contribution-compliance')!.text;
    const open = taxonomy.checklistItemById('how-to-contribute')!.text;
    expect(rendered).toContain(`:white_check_mark: ${done}`);
    expect(rendered).toContain(`:white_large_square: ${open}`);
  });
});

describe('what changed since last week', () => {
  it('compares with the previous posted digest, reporting only rises of at least minGroup people', () => {
    addCrowd(db, campaign, 'UM', 4, { petal: 'management', stage: 'stage-1', motivators: ['cost'] });
    addCrowd(db, campaign, 'UB', 4, { petal: 'business', stage: 'stage-1', motivators: ['cost'] });
    const first = buildDigest(db, taxonomy, options);
    expect(first.changes.map((c) => c.kind)).toEqual(['first']);
    claimDigest(db, {
      week: '2026-W10',
      channel: 'C1',
      late: false,
      summaryJson: JSON.stringify(first.summary),
      at: new Date(),
      leaseMs: 60_000,
    });
    markDigestPosted(db, '2026-W10', new Date());

    addCrowd(db, campaign, 'UX', 4, { petal: 'management', stage: 'stage-2', motivators: ['security-risk'] });
    addCrowd(db, campaign, 'UY', 2, { petal: 'business', stage: 'stage-1', motivators: ['compliance'] });
    const next = buildDigest(db, taxonomy, {
      ...options,
      week: '2026-W11',
      occurrence: new Date('2026-03-09T09:00:00Z'),
      now: new Date('2026-03-09T09:00:00Z'),
    });
    const texts = next.changes.map((c) => c.text);
    expect(texts).toContain('6 more people heard (14 in all).');
    expect(texts.some((t) => t.startsWith('Security risk is rising'))).toBe(true);
    // Compliance rose by 2 only: reporting it would point at the two people heard this week.
    expect(texts.some((t) => t.startsWith('Compliance'))).toBe(false);
  });
});
