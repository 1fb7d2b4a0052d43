import { describe, expect, it } from 'vitest';
import { loadQuestionSets } from '../../src/interviews/questionSets.js';
import {
  closingBlockCount,
  MAX_VIEW_BLOCKS,
  motivatorGroups,
  planSteps,
} from '../../src/interviews/steps.js';
import { loadTaxonomy, type Motivator } from '../../src/tagging/taxonomy.js';

const taxonomy = loadTaxonomy();
const sets = loadQuestionSets('prompts', taxonomy);

const fakeMotivators = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    ...taxonomy.motivators[0]!,
    id: `m-${i}`,
    index: i,
  })) as Motivator[];

describe('planSteps', () => {
  it('keeps each shipped set at its own steps, with petal, motivators and consent on the last', () => {
    for (const set of Object.values(sets)) {
      const plan = planSteps(set, taxonomy.motivators.length);
      expect(plan.map((s) => s.questions)).toEqual(set.steps);
      expect(plan.map((s) => s.closing)).toEqual(plan.map((_, i) => i === plan.length - 1));
      expect(plan.every((s) => s.total === plan.length)).toBe(true);
    }
  });

  it('gives the closing inputs a step of their own only when the last step would pass 100 blocks', () => {
    const set = sets.contributor;
    const manyMotivators = 920;
    const plan = planSteps(set, manyMotivators);
    expect(plan).toHaveLength(set.steps.length + 1);
    expect(plan.at(-1)).toMatchObject({
      questions: [],
      closing: true,
      number: plan.length,
      total: plan.length,
    });
    expect(plan.at(-2)?.closing).toBe(false);
    expect(closingBlockCount(manyMotivators) + 2).toBeLessThanOrEqual(MAX_VIEW_BLOCKS);
    expect(planSteps(set, 900)).toHaveLength(set.steps.length);
  });

  it('still asks petal and consent for a set without questions', () => {
    expect(planSteps({ steps: [] }, 12)).toEqual([{ number: 1, total: 1, questions: [], closing: true }]);
  });
});

describe('motivatorGroups', () => {
  it('splits into groups of at most 10, as even as possible, in order', () => {
    expect(motivatorGroups(fakeMotivators(12)).map((g) => g.length)).toEqual([6, 6]);
    expect(motivatorGroups(fakeMotivators(10)).map((g) => g.length)).toEqual([10]);
    expect(motivatorGroups(fakeMotivators(25)).map((g) => g.length)).toEqual([9, 9, 7]);
    expect(motivatorGroups(fakeMotivators(0))).toEqual([]);
    const flat = motivatorGroups(fakeMotivators(31))
      .flat()
      .map((m) => m.id);
    expect(flat).toEqual(fakeMotivators(31).map((m) => m.id));
  });
});
