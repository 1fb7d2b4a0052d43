import { describe, expect, it } from 'vitest';
import { evaluateSplits } from '../../src/tagging/evaluate.js';
import { loadLabelledAnswers, splitOf } from '../../src/tagging/labelled.js';
import { loadTagger } from '../../src/tagging/loadTagger.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';

/**
 * Macro-F1 on test/fixtures/labelled-answers.yml may not fall below what the tagger reached when the trained model
 * was first shipped (npm run eval prints the same figures). "test" is the held-out split: never trained or tuned on,
 * so it is the honest figure. "dev" is what the model was trained on (with data/tagging/training-answers.yml), so it
 * reads near 1 and gets no floor of its own; "all" mixes the two.
 */
const FLOOR = {
  test: { petals: 0.831, stage: 0.735, motivators: 0.676 },
  all: { petals: 0.94, stage: 0.914, motivators: 0.87 },
} as const;

const taxonomy = loadTaxonomy();
const answers = loadLabelledAnswers(taxonomy);
const result = evaluateSplits(loadTagger(taxonomy), answers);

describe('tagging quality on the labelled answers', () => {
  it('has at least 150 labelled answers from every audience, with a held-out third', () => {
    expect(answers.length).toBeGreaterThanOrEqual(150);
    for (const audience of ['manager', 'executive', 'contributor']) {
      expect(answers.filter((a) => a.audience === audience).length).toBeGreaterThanOrEqual(30);
    }
    const test = answers.filter((a) => splitOf(a) === 'test').length;
    expect(test / answers.length).toBeGreaterThan(0.3);
  });

  for (const split of ['test', 'all'] as const) {
    it(`keeps macro-F1 on the ${split} split at or above the floor`, () => {
      const e = result[split];
      expect.soft(e.petals.macroF1).toBeGreaterThanOrEqual(FLOOR[split].petals);
      expect.soft(e.stage.macroF1).toBeGreaterThanOrEqual(FLOOR[split].stage);
      expect.soft(e.motivators.macroF1).toBeGreaterThanOrEqual(FLOOR[split].motivators);
    });
  }

  it('scores every label of the taxonomy that the labelled set uses', () => {
    const labels = result.all.petals.labels.map((l) => l.label);
    expect(labels).toEqual(expect.arrayContaining(taxonomy.petals.map((p) => p.id)));
    expect(result.all.stage.labels.map((l) => l.label)).toEqual(
      taxonomy.referenceModel.stages.map((s) => s.id),
    );
  });
});
