import { contentStems, isContentWord } from './learner.js';
import type { LabelKind } from './patterns.js';
import { NEGATED, UNREAL } from './scope.js';
import { BOUNDARY, type Token } from './tokenize.js';

/**
 * What the trained model (model.ts) reads of an answer: its content-word stems and neighbouring pairs, which of them
 * sit under a negation or a wish, who was asked, and how strongly each label's signals fired. The signal scores let
 * the model learn how far to trust the hand-written vocabulary; the words let it cover what the vocabulary misses.
 *
 * Training collects the features by name (featureMap). Tagging walks the words again in model.ts with one cached
 * look-up per word, for speed; test/tagging/model.test.ts holds the two walks equal on every labelled answer.
 */

export type WordFeature = 'w' | 'n' | 'u';

export interface WordVisitor {
  /** A content word's stem: plain (w), under a negation (n) or only wished for (u). */
  word(kind: WordFeature, stem: string): void;
  /** Two content words next to each other in one clause. */
  pair(first: string, second: string): void;
}

export interface ContextVisitor {
  /** A label's signal score, damped so one long answer cannot dominate. */
  signal(kind: LabelKind, id: string, value: number): void;
  /** The answer says this stage's practice is not done ("we don't contribute back"). */
  denied(stageId: string): void;
  /** Who was asked: a prior (managers talk about Management more often). */
  audience(audience: string): void;
  /** A content word of the question: context for what the answer is about, never quoted as evidence. */
  question(stem: string): void;
}

export interface SignalScores {
  kind: LabelKind;
  scores: ReadonlyMap<string, { score: number }>;
}

export interface AnswerView {
  tokens: readonly Token[];
  flags: Uint8Array;
  stemOf: (word: string) => string;
  signals: readonly SignalScores[];
  deniedStage: string | undefined;
  audience: string | undefined;
  /** Stems of the question's content words. */
  questionStems: readonly string[];
}

/** The words' features, in the order model.ts's own walk finds them. */
export function visitWords(a: AnswerView, v: WordVisitor): void {
  let previous: string | undefined;
  const { tokens, flags, stemOf } = a;
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!.word;
    if (word === BOUNDARY) {
      previous = undefined;
      continue;
    }
    if (!isContentWord(word)) continue;
    const s = stemOf(word);
    v.word('w', s);
    const f = flags[i]!;
    if (f & NEGATED) v.word('n', s);
    else if (f & UNREAL) v.word('u', s);
    if (previous !== undefined) v.pair(previous, s);
    previous = s;
  }
}

/** Everything but the words: signal scores, the denied stage, the audience and the question. */
export function visitContext(a: AnswerView, v: ContextVisitor): void {
  for (const { kind, scores } of a.signals) {
    for (const [id, { score }] of scores) if (score > 0) v.signal(kind, id, Math.log1p(score));
  }
  if (a.deniedStage) v.denied(a.deniedStage);
  if (a.audience) v.audience(a.audience);
  for (const s of a.questionStems) v.question(s);
}

/** The distinct content-word stems of a question (worked out once per question text by the tagger). */
export function questionStems(tokens: readonly Token[], stemOf: (word: string) => string): string[] {
  return [...contentStems(tokens, stemOf)];
}

/** Feature name → value, for training. Words count once however often they occur. */
export type Features = Map<string, number>;

export function featureMap(a: AnswerView): Features {
  const out: Features = new Map();
  visitWords(a, {
    word: (kind, stem) => out.set(`${kind}:${stem}`, 1),
    pair: (first, second) => out.set(`b:${first} ${second}`, 1),
  });
  visitContext(a, {
    signal: (kind, id, value) => out.set(`r:${kind}:${id}`, value),
    denied: (stageId) => out.set(`d:${stageId}`, 1),
    audience: (audience) => out.set(`a:${audience}`, 1),
    question: (stem) => out.set(`q:${stem}`, 1),
  });
  return out;
}

/** Whether a feature name is one of the (many, sparse) word features rather than a signal or prior. */
export function isWordFeature(name: string): boolean {
  const kind = name.slice(0, 2);
  return kind === 'w:' || kind === 'n:' || kind === 'u:' || kind === 'b:' || kind === 'q:';
}
