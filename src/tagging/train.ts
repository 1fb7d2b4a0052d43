import { type Features, isWordFeature } from './features.js';
import type { ModelFile } from './model.js';

/**
 * Training the model (model.ts): L2-regularised logistic regression, one yes/no scorer per petal and motivator and
 * one softmax over the stages, fitted by full-batch Adam for a fixed number of steps from zero weights. No randomness
 * anywhere, so the same examples always give the same file and a reviewer can rebuild it byte for byte.
 */

export interface TrainingRow {
  features: Features;
  petals: readonly string[];
  stage: string;
  motivators: readonly string[];
}

export interface TrainOptions {
  /** Strength of the L2 penalty (per example). */
  l2: number;
  steps: number;
  learningRate: number;
  /** A word feature must occur in this many examples to get a weight: rarer ones are noise at this size. */
  minCount: number;
  /** Weigh each stage's examples by how rare the stage is, so the common stage does not win every doubt. */
  balanceStages: boolean;
  /** The penalty on signal, audience and denial features, as a share of the word features' penalty. */
  signalPenalty: number;
  /**
   * Per kind of label, k in the word penalty's scaling by association (see associationPenalties); 0 leaves the
   * penalty flat. Smaller k lets a word that goes with a label in the examples weigh more for it.
   */
  association: { petal: number; stage: number; motivator: number };
  thresholds: { petal: number; motivator: number };
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  l2: 0.0005,
  steps: 300,
  learningRate: 0.05,
  minCount: 2,
  signalPenalty: 0.1,
  // On validation (fresh / older dev split), petals 0.804 → 0.818 / 0.839 → 0.838, stage 0.779 → 0.810 /
  // 0.772 → 0.788; motivators lost 0.004 to 0.01 at every k tried, so not for them.
  association: { petal: 0.5, stage: 0.5, motivator: 0 },
  balanceStages: true,
  // Best on both validation sets of the grid tried (petals 0.35-0.55, motivators 0.2-0.4); cross-validation over
  // the training answers agreed within 0.003.
  thresholds: { petal: 0.4, motivator: 0.3 },
};

/** Weights smaller than this are left out of the file: they never change a decision and double its size. */
const KEEP_WEIGHT = 0.02;

export interface LabelSet {
  petals: readonly string[];
  stages: readonly string[];
  motivators: readonly string[];
}

export function trainModel(
  rows: readonly TrainingRow[],
  labelSet: LabelSet,
  sources: string[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): ModelFile {
  const labels = [
    ...labelSet.petals.map((id) => `petal:${id}`),
    ...labelSet.stages.map((id) => `stage:${id}`),
    ...labelSet.motivators.map((id) => `motivator:${id}`),
  ];
  const L = labels.length;
  const petalAt = new Map(labelSet.petals.map((id, i) => [id, i]));
  const stageAt = new Map(labelSet.stages.map((id, i) => [id, labelSet.petals.length + i]));
  const motivatorAt = new Map(
    labelSet.motivators.map((id, i) => [id, labelSet.petals.length + labelSet.stages.length + i]),
  );
  const stageIdx = [...stageAt.values()];
  const isStage = new Uint8Array(L);
  for (const i of stageIdx) isStage[i] = 1;

  // Feature index: sorted names, so the file does not depend on the examples' order.
  const counts = new Map<string, number>();
  for (const r of rows) for (const name of r.features.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  const names = [...counts]
    .filter(([name, c]) => c >= options.minCount || !isWordFeature(name))
    .map(([name]) => name)
    .sort();
  const featureAt = new Map(names.map((n, i) => [n, i]));
  const F = names.length;
  // The signal scores are few and meant to be trusted: the penalty is for the many word features that could
  // memorise the examples.
  const penalty = Float64Array.from(names, (n) =>
    isWordFeature(n) ? options.l2 : options.l2 * options.signalPenalty,
  );
  const isWord = Uint8Array.from(names, (n) => (isWordFeature(n) ? 1 : 0));

  // Rows are sparse (a few dozen features of thousands); targets dense, so every label's residual is one subtraction.
  const N = rows.length;
  const rowStart = new Int32Array(N + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  const target = new Float64Array(N * L);
  rows.forEach((r, n) => {
    for (const [name, value] of [...r.features].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const f = featureAt.get(name);
      if (f === undefined) continue;
      cols.push(f);
      vals.push(value);
    }
    rowStart[n + 1] = cols.length;
    for (const p of r.petals) {
      const i = petalAt.get(p);
      if (i !== undefined) target[n * L + i] = 1;
    }
    for (const m of r.motivators) {
      const i = motivatorAt.get(m);
      if (i !== undefined) target[n * L + i] = 1;
    }
    const s = stageAt.get(r.stage);
    if (s !== undefined) target[n * L + s] = 1;
  });

  const associationK = [
    ...labelSet.petals.map(() => options.association.petal),
    ...labelSet.stages.map(() => options.association.stage),
    ...labelSet.motivators.map(() => options.association.motivator),
  ];
  const penaltyOf = associationPenalties({ rowStart, cols, target, N, F, L }, isWord, penalty, associationK);

  // Weighing the stage loss by rarity (balanceStages) raised stage macro-F1 on validation from 0.711 to 0.742.
  const stageWeight = new Float64Array(N).fill(1);
  if (options.balanceStages) {
    const perStage = new Map<string, number>();
    for (const r of rows) perStage.set(r.stage, (perStage.get(r.stage) ?? 0) + 1);
    rows.forEach((r, n) => {
      stageWeight[n] = N / (perStage.size * perStage.get(r.stage)!);
    });
  }

  const W = new Float64Array(F * L);
  const b = new Float64Array(L);
  const gW = new Float64Array(F * L);
  const gb = new Float64Array(L);
  const adam = {
    mW: new Float64Array(F * L),
    vW: new Float64Array(F * L),
    mb: new Float64Array(L),
    vb: new Float64Array(L),
  };
  const z = new Float64Array(L);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-8;

  for (let step = 1; step <= options.steps; step++) {
    gW.fill(0);
    gb.fill(0);
    for (let n = 0; n < N; n++) {
      z.set(b);
      for (let k = rowStart[n]!; k < rowStart[n + 1]!; k++) {
        const base = cols[k]! * L;
        const v = vals[k]!;
        for (let l = 0; l < L; l++) z[l]! += v * W[base + l]!;
      }
      // One softmax across the stages (an answer has exactly one), independent sigmoids for petals and motivators.
      let max = Number.NEGATIVE_INFINITY;
      for (const i of stageIdx) max = Math.max(max, z[i]!);
      let sum = 0;
      for (const i of stageIdx) sum += Math.exp(z[i]! - max);
      for (let l = 0; l < L; l++) {
        z[l] = isStage[l]
          ? (Math.exp(z[l]! - max) / sum - target[n * L + l]!) * stageWeight[n]!
          : 1 / (1 + Math.exp(-z[l]!)) - target[n * L + l]!;
      }
      for (let l = 0; l < L; l++) gb[l]! += z[l]!;
      for (let k = rowStart[n]!; k < rowStart[n + 1]!; k++) {
        const base = cols[k]! * L;
        const v = vals[k]!;
        for (let l = 0; l < L; l++) gW[base + l]! += v * z[l]!;
      }
    }
    const c1 = 1 - beta1 ** step;
    const c2 = 1 - beta2 ** step;
    const lr = options.learningRate;
    for (let i = 0; i < F * L; i++) {
      const g = gW[i]! / N + penaltyOf[i]! * W[i]!;
      adam.mW[i] = beta1 * adam.mW[i]! + (1 - beta1) * g;
      adam.vW[i] = beta2 * adam.vW[i]! + (1 - beta2) * g * g;
      W[i]! -= (lr * (adam.mW[i]! / c1)) / (Math.sqrt(adam.vW[i]! / c2) + eps);
    }
    for (let l = 0; l < L; l++) {
      const g = gb[l]! / N;
      adam.mb[l] = beta1 * adam.mb[l]! + (1 - beta1) * g;
      adam.vb[l] = beta2 * adam.vb[l]! + (1 - beta2) * g * g;
      b[l]! -= (lr * (adam.mb[l]! / c1)) / (Math.sqrt(adam.vb[l]! / c2) + eps);
    }
  }

  const weights: Record<string, number[]> = {};
  names.forEach((name, f) => {
    const flat: number[] = [];
    for (let l = 0; l < L; l++) {
      const w = W[f * L + l]!;
      if (Math.abs(w) >= KEEP_WEIGHT) flat.push(l, round(w));
    }
    if (flat.length > 0) weights[name] = flat;
  });
  return {
    format: 1,
    trainedOn: { examples: N, sources },
    thresholds: options.thresholds,
    labels,
    bias: [...b].map(round),
    weights,
  };
}

/**
 * The L2 penalty of each word feature for each label, scaled by how strongly the word goes with the label: r is the
 * log of the word's share among the label's examples over its share among the others (naive Bayes' log-count
 * ratio, add-one smoothed), and the penalty is multiplied by (k + 1) / (k + r²). A word with no leaning keeps
 * nearly the whole penalty, one with a strong leaning is let weigh more. This is NBSVM's idea (Wang and Manning,
 * 2012, "Baselines and bigrams") written as a penalty, so the shipped file keeps one weight per feature and label.
 */
function associationPenalties(
  data: { rowStart: Int32Array; cols: number[]; target: Float64Array; N: number; F: number; L: number },
  isWord: Uint8Array,
  penalty: Float64Array,
  k: readonly number[],
): Float64Array {
  const { rowStart, cols, target, N, F, L } = data;
  const out = new Float64Array(F * L);
  for (let f = 0; f < F; f++) out.fill(penalty[f]!, f * L, (f + 1) * L);
  if (k.every((x) => x <= 0)) return out;
  const inLabel = new Float64Array(F * L);
  const inOthers = new Float64Array(F * L);
  const labelTotal = new Float64Array(L);
  const othersTotal = new Float64Array(L);
  for (let n = 0; n < N; n++) {
    for (let c = rowStart[n]!; c < rowStart[n + 1]!; c++) {
      const f = cols[c]!;
      if (!isWord[f]) continue;
      for (let l = 0; l < L; l++) {
        if (target[n * L + l]) {
          inLabel[f * L + l]! += 1;
          labelTotal[l]! += 1;
        } else {
          inOthers[f * L + l]! += 1;
          othersTotal[l]! += 1;
        }
      }
    }
  }
  for (let f = 0; f < F; f++) {
    if (!isWord[f]) continue;
    for (let l = 0; l < L; l++) {
      const kl = k[l]!;
      if (kl <= 0) continue;
      const i = f * L + l;
      const r = Math.log(
        (inLabel[i]! + 1) / (labelTotal[l]! + F) / ((inOthers[i]! + 1) / (othersTotal[l]! + F)),
      );
      out[i] = (penalty[f]! * (kl + 1)) / (kl + r * r);
    }
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
