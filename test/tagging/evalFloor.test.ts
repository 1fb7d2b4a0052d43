import { describe, expect, it } from 'vitest';
import { evaluateSplits } from '../../src/tagging/evaluate.js';
import { loadLabelledAnswers, splitOf } from '../../src/tagging/labelled.js';
import { loadTagger } from '../../src/tagging/loadTagger.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';

/**
 * Macro-F1 on the held-out split of test/fixtures/labelled-answers.yml may not fall below what the tagger reached
 * when this model was shipped (npm run eval prints the same figures). The held-out answers are never trained or
 * tuned on, so theirs is the honest figure; the dev split is what the model was trained on and reads near 1.
 */
const FLOOR = { petals: 0.835, stage: 0.751, motivators: 0.742 } as const;

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

  it('keeps macro-F1 on the held-out split at or above the floor', () => {
    const e = result.test;
    expect.soft(e.petals.macroF1).toBeGreaterThanOrEqual(FLOOR.petals);
    expect.soft(e.stage.macroF1).toBeGreaterThanOrEqual(FLOOR.stage);
    expect.soft(e.motivators.macroF1).toBeGreaterThanOrEqual(FLOOR.motivators);
  });

  it('scores every label of the taxonomy that the labelled set uses', () => {
    const labels = result.all.petals.labels.map((l) => l.label);
    expect(labels).toEqual(expect.arrayContaining(taxonomy.petals.map((p) => p.id)));
    expect(result.all.stage.labels.map((l) => l.label)).toEqual(
      taxonomy.referenceModel.stages.map((s) => s.id),
    );
  });
});
