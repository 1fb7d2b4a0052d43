/**
 * `npm run train`: rebuilds data/tagging/model.json from the training answers (data/tagging/training-answers.yml)
 * and the dev split of the labelled answers. The held-out split is never read here, so `npm run eval` stays honest.
 * `npm run train -- --check` rebuilds in memory and fails if the shipped file differs (the model is reproducible).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../shared/loadYaml.js';
import { LABELLED_FILE, type LabelledAnswer, loadLabelledAnswers, splitOf } from './labelled.js';
import { loadTagger } from './loadTagger.js';
import { MODEL_FILE, type ModelFile } from './model.js';
import type { Tagger } from './tagger.js';
import { loadTaxonomy, type Taxonomy } from './taxonomy.js';
import { DEFAULT_TRAIN_OPTIONS, type TrainingRow, type TrainOptions, trainModel } from './train.js';

export const TRAINING_FILE = 'data/tagging/training-answers.yml';

/** Rows for training: each answer's features as the tagger without a model sees them, with its labels. */
export function trainingRows(tagger: Tagger, answers: readonly LabelledAnswer[]): TrainingRow[] {
  return answers.map((a) => ({
    features: tagger.features({ text: a.text, question: a.question, audience: a.audience }),
    petals: a.petals,
    stage: a.stage,
    motivators: a.motivators,
  }));
}

/** The examples the shipped model learns from: every training answer and the labelled set's dev split. */
export function trainingAnswers(taxonomy: Taxonomy): LabelledAnswer[] {
  return [
    ...loadLabelledAnswers(taxonomy, TRAINING_FILE),
    ...loadLabelledAnswers(taxonomy, LABELLED_FILE).filter((a) => splitOf(a) === 'dev'),
  ];
}

export function buildModel(taxonomy: Taxonomy, options: TrainOptions = DEFAULT_TRAIN_OPTIONS): ModelFile {
  const signalsOnly = loadTagger(taxonomy, { model: null });
  const rows = trainingRows(signalsOnly, trainingAnswers(taxonomy));
  return trainModel(
    rows,
    {
      petals: taxonomy.petals.map((p) => p.id),
      stages: taxonomy.referenceModel.stages.map((s) => s.id),
      motivators: taxonomy.motivators.map((m) => m.id),
    },
    [TRAINING_FILE, `${LABELLED_FILE} (dev split)`],
    options,
  );
}

/** One line per feature keeps the file diffable when a retrain moves a few weights. */
export function serialiseModel(model: ModelFile): string {
  const { weights, ...head } = model;
  const lines = Object.entries(weights).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const headJson = JSON.stringify(head, null, 2);
  return `${headJson.slice(0, -2)},\n  "weights": {\n${lines.join(',\n')}\n  }\n}\n`;
}

export function main(argv: string[]): number {
  const taxonomy = loadTaxonomy();
  const started = performance.now();
  const model = buildModel(taxonomy);
  const text = serialiseModel(model);
  const file = path.resolve(repoRoot, MODEL_FILE);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (argv.includes('--check')) {
    if (!existsSync(file)) {
      process.stderr.write(`${MODEL_FILE} is missing; run npm run train to build it\n`);
      return 1;
    }
    if (readFileSync(file, 'utf8') !== text) {
      process.stderr.write(
        `${MODEL_FILE} is not what npm run train builds from the training answers; rebuild it\n`,
      );
      return 1;
    }
    process.stdout.write(
      `${MODEL_FILE} matches its training answers (${model.trainedOn.examples} examples)\n`,
    );
    return 0;
  }
  writeFileSync(file, text);
  process.stdout.write(
    `${MODEL_FILE}: ${model.trainedOn.examples} examples, ${Object.keys(model.weights).length} features, ${seconds} s\n`,
  );
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.exitCode = main(process.argv.slice(2));
