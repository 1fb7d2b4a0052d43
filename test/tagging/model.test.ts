import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LABELLED_FILE, loadLabelledAnswers, splitOf } from '../../src/tagging/labelled.js';
import { loadTagger } from '../../src/tagging/loadTagger.js';
import { compileModel, loadModel, MODEL_FILE, type ModelFile } from '../../src/tagging/model.js';
import { createTagger } from '../../src/tagging/tagger.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../../src/tagging/train.js';
import { buildModel, trainingAnswers } from '../../src/tagging/trainCli.js';

const taxonomy = loadTaxonomy();
const labelSet = {
  petals: taxonomy.petals.map((p) => p.id),
  stages: taxonomy.referenceModel.stages.map((s) => s.id),
  motivators: taxonomy.motivators.map((m) => m.id),
};
const tmp = mkdtempSync(path.join(tmpdir(), 'tagging-model-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the trained model', () => {
  it('reads an answer the same way when tagging as when it was trained', () => {
    const tagger = loadTagger(taxonomy);
    const model = loadModel()!;
    for (const a of loadLabelledAnswers(taxonomy)) {
      const input = { text: a.text, question: a.question, audience: a.audience };
      const fast = tagger.modelScores(input)!;
      const slow = model.scoreFeatures(tagger.features(input));
      for (let i = 0; i < fast.length; i++) expect(fast[i]).toBeCloseTo(slow[i]!, 9);
    }
  });

  it('is what npm run train builds from the training answers, and never saw a held-out answer', () => {
    // Weights within 1e-3 rather than bytes: a Node release may round a fourth decimal differently.
    const shipped = JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as ModelFile;
    const rebuilt = buildModel(taxonomy);
    expect(rebuilt.labels).toEqual(shipped.labels);
    expect(rebuilt.trainedOn).toEqual(shipped.trainedOn);
    const dense = (flat: number[] | undefined) => {
      const out = new Array<number>(shipped.labels.length).fill(0);
      for (let k = 0; flat && k < flat.length; k += 2) out[flat[k]!] = flat[k + 1]!;
      return out;
    };
    for (const f of new Set([...Object.keys(shipped.weights), ...Object.keys(rebuilt.weights)])) {
      const a = dense(shipped.weights[f]);
      const b = dense(rebuilt.weights[f]);
      for (let l = 0; l < a.length; l++)
        expect(Math.abs(a[l]! - b[l]!), `${f} → ${shipped.labels[l]}`).toBeLessThan(1e-3);
    }
    const heldOut = new Set(
      loadLabelledAnswers(taxonomy, LABELLED_FILE)
        .filter((a) => splitOf(a) === 'test')
        .map((a) => a.text.trim().toLowerCase()),
    );
    const trainedOn = trainingAnswers(taxonomy);
    expect(trainedOn.length).toBeGreaterThan(1000);
    expect(trainedOn.filter((a) => heldOut.has(a.text.trim().toLowerCase()))).toEqual([]);
  }, 60_000);

  it('learns a word from examples and quotes it as evidence', () => {
    const rows = [
      'kumquat budget',
      'the kumquat line',
      'kumquat again',
      'plain words here',
      'other words here',
    ].map((text, i) => ({
      features: loadTagger(taxonomy, { model: null }).features({ text }),
      petals: ['business'],
      stage: 'stage-1',
      motivators: i < 3 ? ['cost'] : ['reputation'],
    }));
    const file = trainModel(rows, labelSet, ['test'], { ...DEFAULT_TRAIN_OPTIONS, minCount: 2 });
    expect(
      JSON.stringify(trainModel(rows, labelSet, ['test'], { ...DEFAULT_TRAIN_OPTIONS, minCount: 2 })),
    ).toBe(JSON.stringify(file));
    const tagger = createTagger(taxonomy, { model: compileModel(file, 'kumquat') });
    const r = tagger.tag({ text: 'We bought a kumquat.' });
    const cost = r.motivators.find((m) => m.id === 'cost');
    expect(cost?.evidence).toContainEqual({ type: 'model', text: 'kumquat' });
    expect(tagger.tag({ text: 'Plain words here.' }).motivators.map((m) => m.id)).not.toContain('cost');
  });

  it('leaves a label it was never trained on to the signals, so a taxonomy change does not lose it', () => {
    const rows = loadLabelledAnswers(taxonomy)
      .filter((a) => splitOf(a) === 'dev')
      .map((a) => ({
        features: loadTagger(taxonomy, { model: null }).features(a),
        petals: a.petals,
        stage: a.stage,
        motivators: a.motivators.filter((m) => m !== 'cost'),
      }));
    const withoutCost = { ...labelSet, motivators: labelSet.motivators.filter((m) => m !== 'cost') };
    const model = compileModel(trainModel(rows, withoutCost, ['test']), 'no-cost');
    expect(model.indexOf('motivator', 'cost')).toBeUndefined();
    const r = createTagger(taxonomy, { model }).tag({
      text: 'The licence fees were eating our budget, so we moved to Postgres to save money.',
    });
    const cost = r.motivators.find((m) => m.id === 'cost');
    expect(cost?.evidence.some((e) => e.type === 'words')).toBe(true);

    // A stage the model lacks could never be chosen by it: the signals choose the stage instead.
    const withoutStage4 = { ...labelSet, stages: labelSet.stages.filter((s) => s !== 'stage-4') };
    const noStage4 = compileModel(
      trainModel(
        rows.filter((r) => r.stage !== 'stage-4'),
        withoutStage4,
        ['test'],
      ),
      'no-stage-4',
    );
    const strategic = createTagger(taxonomy, { model: noStage4 }).tag({
      text: 'The OSPO advises the CTO on every technology decision and we benchmark acceptable projects.',
    });
    expect(strategic.stage.id).toBe('stage-4');
  }, 30_000);

  it('names a broken model file and says how to rebuild it; without one, the signals tag alone', () => {
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, '{"format": 1, "labels": [');
    expect(() => loadModel(bad)).toThrow(/bad\.json: not valid JSON.*npm run train/);
    const wrong = path.join(tmp, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ format: 1, labels: ['petal:legal'], bias: [], weights: {} }));
    expect(() => loadModel(wrong)).toThrow(/wrong\.json: trainedOn: .*npm run train/);
    const mismatched = path.join(tmp, 'mismatched.json');
    writeFileSync(
      mismatched,
      JSON.stringify({
        format: 1,
        trainedOn: { examples: 1, sources: [] },
        thresholds: { petal: 0.5, motivator: 0.5 },
        labels: ['petal:legal'],
        bias: [0, 1],
        weights: {},
      }),
    );
    expect(() => loadModel(mismatched)).toThrow(/1 labels but 2 biases/);
    expect(() => loadModel(path.join(tmp, 'absent.json'))).toThrow(
      /absent\.json: missing; run npm run train/,
    );
    const alone = loadTagger(taxonomy, { model: null });
    expect(alone.tag({ text: 'We keep an SBOM for every release.' }).stage.id).toBe('stage-1');
  });
});
