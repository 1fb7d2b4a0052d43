import { describe, expect, it } from 'vitest';
import { aggregate, type Dimensions } from '../../src/digest/aggregate.js';
import { renderDigest } from '../../src/digest/blocks.js';
import type { DigestView } from '../../src/digest/types.js';
import { validateBlocks, validateView } from '../../src/sandbox/emulator/index.js';
import {
  checklistView,
  itemOption,
  parseChecklistSubmission,
} from '../../src/slack/digest/checklistModal.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';

/** A taxonomy grown far past the book's six petals, with long names, as the data files allow. */
function bigView(petals: number, motivators: number): DigestView {
  const long = (s: string) => `${s} ${'with a very long name that goes on '.repeat(2)}`.slice(0, 75);
  const dims: Dimensions = {
    petals: Array.from({ length: petals }, (_, i) => ({
      id: `p${i}`,
      name: long(`Petal ${i}`),
      emoji: ':seedling:',
    })),
    motivators: Array.from({ length: motivators }, (_, i) => ({ id: `m${i}`, name: long(`Motivator ${i}`) })),
    stages: Array.from({ length: 5 }, (_, i) => ({
      id: `s${i}`,
      name: `Stage ${i}: ${long('Stage')}`,
      order: i,
    })),
  };
  const groups = dims.petals.flatMap((_, p) => [
    {
      petal: p,
      stage: p % 5,
      motivators: [p % motivators, (p + 1) % motivators, (p + 2) % motivators],
      count: 5 + p,
    },
    { petal: p, stage: (p + 1) % 5, motivators: [(p + 3) % motivators], count: p % 3 },
  ]);
  const agg = aggregate(groups, dims, 3);
  return {
    summary: {
      version: 1,
      week: '2026-W48',
      occurrence: '2026-11-23T08:00:00.000Z',
      generatedAt: '2026-11-23T08:00:00.000Z',
      late: true,
      minGroup: 3,
      modelId: 'm',
      taxonomyVersion: '1',
      peopleHeard: agg.peopleHeard,
      unplacedPetal: agg.unplacedPetal,
      campaigns: Array.from({ length: 6 }, (_, i) => ({
        id: i,
        name: long(`Campaign ${i}`),
        status: 'open' as const,
        dueDate: '2026-12-18',
        invited: 40,
        answered: 10 + i,
        answeredThisWeek: i,
        overdue: i,
        scheduled: 2,
      })),
      campaignsTotal: 30,
      stages: dims.stages.map((s) => ({ ...s })),
      unplacedPetalCells: agg.unplacedPetalCells,
      petals: agg.petals,
      motivators: agg.motivators,
      consistency: agg.consistency,
      nextSteps: {
        stageId: 's1',
        nextStageId: 's2',
        items: Array.from({ length: 10 }, (_, i) => ({
          id: `i${i}`,
          text: long(`Item ${i}`).repeat(2),
          ticked: i % 2 === 0,
          tickedBy: 'U1',
        })),
        openAtCurrent: Array.from({ length: 10 }, (_, i) => ({
          id: `o${i}`,
          text: long(`Open ${i}`),
          ticked: false,
          tickedBy: null,
        })),
      },
    },
    quotes: dims.petals.map((p) => ({
      petalId: p.id,
      text: 'x'.repeat(600),
      attribution: 'A Person',
      motivatorId: null,
    })),
    changes: Array.from({ length: 8 }, (_, i) => ({
      kind: 'stage-shift' as const,
      text: long(`Change ${i}`),
    })),
    hasPrevious: true,
  };
}

describe('digest rendering within Slack’s limits', () => {
  for (const [petals, motivators] of [
    [6, 12],
    [30, 40],
    [80, 60],
  ] as const) {
    it(`stays within 50 blocks and every Block Kit limit with ${petals} petals and ${motivators} motivators`, () => {
      const { blocks, text } = renderDigest(bigView(petals, motivators), {
        dateRange: '23 Nov',
        picture: 'below',
      });
      expect(validateBlocks(blocks, 'message')).toEqual([]);
      expect(blocks.length).toBeLessThanOrEqual(50);
      expect(text.length).toBeGreaterThan(0);
      // Every petal still appears, packed several to a section when there are many.
      const all = JSON.stringify(blocks);
      expect(all).toContain(`Petal ${petals - 1}`);
    });
  }

  it('says when a digest is late, and never mentions who ticked an item outside a preview', () => {
    const view = bigView(6, 12);
    const posted = JSON.stringify(renderDigest(view, { picture: 'below' }).blocks);
    expect(posted).toContain('posted late');
    expect(posted).not.toContain('<@U1>');
    expect(JSON.stringify(renderDigest(view, { preview: true }).blocks)).toContain('<@U1>');
  });
});

describe('checklist modal', () => {
  const taxonomy = loadTaxonomy();

  it('shows every stage’s items, pre-ticks what is stored, and passes Slack’s view checks', () => {
    const view = checklistView(taxonomy, new Set(['sbom-inventory']));
    expect(validateView(view)).toEqual([]);
    const all = JSON.stringify(view);
    for (const stage of taxonomy.defaultModel.stages) expect(all).toContain(stage.name);
    const stage1 = view.blocks.find((b) => b.block_id === 'stage-stage-1') as {
      element: { initial_options?: { value: string }[] };
    };
    expect(stage1.element.initial_options?.map((o) => o.value)).toEqual(['sbom-inventory']);
  });

  it('splits an item longer than an option allows into text and description', () => {
    const text =
      'Make outgoing contributions compliant with licences, contributor agreements, the DCO and internal approvals, every time';
    const option = itemOption('x', text);
    expect([...option.text.text].length).toBeLessThanOrEqual(75);
    expect([...(option.description?.text ?? '')].length).toBeLessThanOrEqual(75);
    expect(option.text.text.endsWith('…')).toBe(true);
  });

  it('reads a submission, ignoring item ids it did not show and forged metadata', () => {
    const view = checklistView(taxonomy, new Set());
    const values = {
      'stage-stage-1': {
        items: { selected_options: [{ value: 'sbom-inventory' }, { value: 'made-up-item' }] },
      },
      'stage-stage-2': { items: { selected_options: null } },
      'not-ours': { items: { selected_options: [{ value: 'advise-the-cto' }] } },
    };
    const parsed = parseChecklistSubmission(taxonomy, view.private_metadata, values);
    expect(parsed?.ticked).toEqual(['sbom-inventory']);
    expect(parsed?.shown).toContain('advise-the-cto');
    expect(parseChecklistSubmission(taxonomy, '{"modelId":"nope","shown":[]}', values)).toBeUndefined();
    expect(parseChecklistSubmission(taxonomy, 'not json', values)).toBeUndefined();
  });
});
