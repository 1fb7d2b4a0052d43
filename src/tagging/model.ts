import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DataFileError, displayPath, repoRoot } from '../shared/loadYaml.js';
import { type AnswerView, type ContextVisitor, type Features, visitContext } from './features.js';
import { isContentWord } from './learner.js';
import type { LabelKind } from './patterns.js';
import { NEGATED, UNREAL } from './scope.js';
import { BOUNDARY } from './tokenize.js';

/**
 * The trained model: one linear scorer per label over an answer's features (features.ts), trained by `npm run train`
 * (train.ts) on labelled answers and shipped as data, so tagging stays deterministic and offline. Petals and
 * motivators are independent yes/no decisions (sigmoid); the stage is one choice among the stages (softmax).
 */

export const MODEL_FILE = 'data/tagging/model.json';

const fileSchema = z.strictObject({
  format: z.literal(1),
  /** What it was trained on, for people reading the file. */
  trainedOn: z.strictObject({ examples: z.number().int().nonnegative(), sources: z.array(z.string()) }),
  /** A petal or motivator is given when its probability reaches this. */
  thresholds: z.strictObject({ petal: z.number().gt(0).lt(1), motivator: z.number().gt(0).lt(1) }),
  /** "petal:legal", "stage:stage-2", "motivator:cost", in the order of the bias and weight indexes. */
  labels: z
    .array(z.string().regex(/^(petal|stage|motivator):[a-z0-9-]+$/))
    .min(1)
    .refine((l) => new Set(l).size === l.length, 'a label is listed twice'),
  bias: z.array(z.number()),
  /** Feature → flat [label index, weight, label index, weight, …] for the weights that matter. */
  weights: z.record(z.string(), z.array(z.number())),
});

export type ModelFile = z.output<typeof fileSchema>;

export interface ModelLabel {
  kind: LabelKind;
  id: string;
}

/**
 * A feature: where its weights start in the model's one weight table (dense, a weight for every label: ten thousand
 * features × two dozen labels is small, and one table instead of one array per feature is less for the garbage
 * collector to walk).
 */
interface Entry {
  at: number;
  /** The scoring call that last counted it: a word repeated in one answer counts once. */
  seen: number;
}

/** What the model knows of one written word: its stem and the weights of its features. */
interface WordInfo {
  stem: string;
  w: Entry | undefined;
  n: Entry | undefined;
  u: Entry | undefined;
  /** Pairs starting with this word's stem, by the second stem. */
  next: Map<string, Entry> | undefined;
}

const NOT_CONTENT: WordInfo = { stem: '', w: undefined, n: undefined, u: undefined, next: undefined };

/** How a weighed word stood in the answer: as said, under a negation, or only wished for. */
export const HIT_PLAIN = 0;
export const HIT_NEGATED = 1;
export const HIT_WISHED = 2;

/**
 * The words and word pairs of an answer that the model weighed, as token ranges to quote as evidence. Reused from
 * answer to answer (score empties it), so tagging allocates nothing per word.
 */
export interface Hits {
  entries: Entry[];
  first: number[];
  last: number[];
  how: number[];
  count: number;
}

export function newHits(): Hits {
  return { entries: [], first: [], last: [], how: [], count: 0 };
}

export interface TaggerModel {
  readonly labels: readonly ModelLabel[];
  /** The probability each label needs, by index (stages: unused), and the same as log-odds. */
  readonly thresholds: Float64Array;
  readonly logitThresholds: Float64Array;
  /** Changes whenever the model does: part of the key that says which stored answers need tagging again. */
  readonly fingerprint: string;
  /** Index of a label in the scores, or undefined when the model was trained without it. */
  indexOf(kind: LabelKind, id: string): number | undefined;
  /**
   * One raw score per label for an answer; `hits` collects the words it weighed, for `strongestWords`. The array is
   * the model's own and is overwritten by the next call: read it (or copy it) first.
   */
  score(answer: AnswerView, hits?: Hits): Float64Array;
  /** The same scores from named features (training's form), to check the two agree. */
  scoreFeatures(features: Features): Float64Array;
  /** The hits (indexes into `hits`) that pushed one label up by at least `minPush`, strongest first. */
  strongest(hits: Hits, label: number, max: number, minPush: number): number[];
}

export function compileModel(data: ModelFile, fingerprint: string): TaggerModel {
  const labels: ModelLabel[] = data.labels.map((l) => {
    const at = l.indexOf(':');
    return { kind: l.slice(0, at) as LabelKind, id: l.slice(at + 1) };
  });
  const n = labels.length;
  if (data.bias.length !== n) throw new Error(`the model has ${n} labels but ${data.bias.length} biases`);
  // By kind, then id: looked up for every staff vote, so no key strings are built.
  const index: Record<LabelKind, Map<string, number>> = {
    petal: new Map(),
    stage: new Map(),
    motivator: new Map(),
  };
  for (const [i, l] of labels.entries()) index[l.kind].set(l.id, i);
  // Looked up by stem (and pair of stems) rather than by feature name, so tagging builds no strings.
  const byName = new Map<string, Entry>();
  const words = { w: new Map<string, Entry>(), n: new Map<string, Entry>(), u: new Map<string, Entry>() };
  const pairs = new Map<string, Map<string, Entry>>();
  const questionWords = new Map<string, Entry>();
  const features = Object.entries(data.weights);
  const W = new Float64Array(features.length * n);
  for (const [f, [feature, flat]] of features.entries()) {
    if (flat.length % 2 !== 0)
      throw new Error(`the model's weights for "${feature}" are not label/weight pairs`);
    const entry: Entry = { at: f * n, seen: 0 };
    for (let k = 0; k < flat.length; k += 2) {
      const i = flat[k]!;
      if (!Number.isInteger(i) || i < 0 || i >= n)
        throw new Error(`the model names label ${i} for "${feature}"`);
      W[entry.at + i] = flat[k + 1]!;
    }
    byName.set(feature, entry);
    const kind = feature.slice(0, 1);
    const rest = feature.slice(2);
    if (kind === 'w' || kind === 'n' || kind === 'u') words[kind].set(rest, entry);
    else if (kind === 'q') questionWords.set(rest, entry);
    else if (kind === 'b') {
      const [first, second] = rest.split(' ') as [string, string];
      let inner = pairs.get(first);
      if (!inner) {
        inner = new Map();
        pairs.set(first, inner);
      }
      inner.set(second, entry);
    }
  }
  const bias = Float64Array.from(data.bias);
  const thresholds = Float64Array.from(labels, (l) =>
    l.kind === 'petal' ? data.thresholds.petal : data.thresholds.motivator,
  );
  const signals = {
    petal: new Map<string, Entry>(),
    stage: new Map<string, Entry>(),
    motivator: new Map<string, Entry>(),
  };
  for (const [name, entry] of byName) {
    const [kind, id] = name.split(':').slice(1) as [LabelKind, string];
    if (name.startsWith('r:') && kind in signals) signals[kind].set(id, entry);
  }
  // Keyed by the written word: the stem is the one stem.ts gives, which every tagger uses (patterns.stemOf).
  const infoCache = new Map<string, WordInfo>();
  const infoOf = (word: string, stemOf: (word: string) => string): WordInfo => {
    let info = infoCache.get(word);
    if (info === undefined) {
      if (!isContentWord(word)) info = NOT_CONTENT;
      else {
        const stem = stemOf(word);
        info = {
          stem,
          w: words.w.get(stem),
          n: words.n.get(stem),
          u: words.u.get(stem),
          next: pairs.get(stem),
        };
      }
      // Bounded like the stem cache: a stream of unusual words cannot grow memory without limit.
      if (infoCache.size >= 100_000) infoCache.clear();
      infoCache.set(word, info);
    }
    return info;
  };
  let call = 0;
  // Reused from answer to answer: score's result is read before the next answer is scored.
  const z = new Float64Array(n);
  let hits: Hits | undefined;
  const addEntry = (entry: Entry | undefined, value: number) => {
    if (!entry || entry.seen === call) return false;
    entry.seen = call;
    const at = entry.at;
    for (let l = 0; l < n; l++) z[l]! += value * W[at + l]!;
    return true;
  };
  const addWords = (entry: Entry | undefined, first: number, last: number, how: number) => {
    if (!addEntry(entry, 1) || !hits) return;
    hits.entries[hits.count] = entry!;
    hits.first[hits.count] = first;
    hits.last[hits.count] = last;
    hits.how[hits.count] = how;
    hits.count++;
  };
  const context: ContextVisitor = {
    signal: (kind, id, value) => addEntry(signals[kind].get(id), value),
    denied: (stageId) => addEntry(byName.get(`d:${stageId}`), 1),
    audience: (audience) => addEntry(byName.get(`a:${audience}`), 1),
    question: (stem) => addEntry(questionWords.get(stem), 1),
  };
  return {
    labels,
    thresholds,
    logitThresholds: thresholds.map((t) => Math.log(t / (1 - t))),
    fingerprint,
    indexOf: (kind, id) => index[kind].get(id),
    score(answer, collect) {
      call++;
      z.set(bias);
      hits = collect;
      if (hits) hits.count = 0;
      // features.ts's visitWords, with one cached look-up per word instead of five.
      const { tokens, flags } = answer;
      let previous: WordInfo | undefined;
      let previousAt = 0;
      for (let i = 0; i < tokens.length; i++) {
        const word = tokens[i]!.word;
        if (word === BOUNDARY) {
          previous = undefined;
          continue;
        }
        const info = infoOf(word, answer.stemOf);
        if (info === NOT_CONTENT) continue;
        const f = flags[i]!;
        addWords(info.w, i, i, f & NEGATED ? HIT_NEGATED : f & UNREAL ? HIT_WISHED : HIT_PLAIN);
        if (f & NEGATED) addWords(info.n, i, i, HIT_NEGATED);
        else if (f & UNREAL) addWords(info.u, i, i, HIT_WISHED);
        const pair = previous?.next?.get(info.stem);
        if (pair)
          addWords(pair, previousAt, i, f & NEGATED ? HIT_NEGATED : f & UNREAL ? HIT_WISHED : HIT_PLAIN);
        previous = info;
        previousAt = i;
      }
      visitContext(answer, context);
      hits = undefined;
      return z;
    },
    scoreFeatures(features) {
      const out = bias.slice();
      for (const [name, value] of features) {
        const entry = byName.get(name);
        if (!entry) continue;
        for (let l = 0; l < n; l++) out[l]! += value * W[entry.at + l]!;
      }
      return out;
    },
    strongest(found, label, max, minPush) {
      // A few dozen hits per answer: a small insertion-sorted list of the best.
      const top: number[] = [];
      const entries = found.entries;
      for (let h = 0; h < found.count; h++) {
        const push = W[entries[h]!.at + label]!;
        if (push < minPush || push <= 0) continue;
        let at = top.length;
        while (at > 0 && push > W[entries[top[at - 1]!]!.at + label]!) at--;
        if (at >= max) continue;
        top.splice(at, 0, h);
        if (top.length > max) top.pop();
      }
      return top;
    },
  };
}

/**
 * Loads the shipped model. A missing or broken file is a DataFileError, like a broken taxonomy: the start stops with
 * one line that says what to do, rather than tagging with the signals alone and re-tagging every stored answer.
 * (`loadTagger(taxonomy, { model: null })` is the way to tag without one.)
 */
export function loadModel(file: string = MODEL_FILE): TaggerModel {
  const full = path.resolve(repoRoot, file);
  const broken = (where: string, message: string) =>
    new DataFileError(displayPath(full), [{ where, message: `${message}; run npm run train to rebuild it` }]);
  if (!existsSync(full)) throw broken('', 'missing');
  const text = readFileSync(full, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw broken('', `not valid JSON (${(err as Error).message})`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw broken(first.path.join('.'), first.message);
  }
  try {
    return compileModel(parsed.data, createHash('sha256').update(text).digest('hex').slice(0, 12));
  } catch (err) {
    throw broken('', (err as Error).message);
  }
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
