import type { Match, PatternTarget } from './patterns.js';
import { NEGATED, UNREAL } from './scope.js';
import type { Token } from './tokenize.js';
import type { Evidence } from './types.js';

// A label's running score while an answer is tagged, the evidence behind it, and how both are shown.

/** Evidence kept cheaply while scoring and written out only for the labels that are given. */
export interface EvidenceRef {
  match?: Match;
  target?: PatternTarget;
  flags?: number;
  source?: string;
  fixed?: Evidence;
}

export interface Score {
  score: number;
  evidence: EvidenceRef[];
}

export type Scores = Map<string, Score>;

/** A signal score as a confidence: more evidence, more confident, never certain. */
export function confidenceOf(score: number): number {
  return score <= 0 ? 0 : Math.min(0.99, score / (score + 1));
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The evidence a reference stands for, quoting the answer's words. */
export function materialise(ref: EvidenceRef, text: string, tokens: readonly Token[]): Evidence {
  if (ref.fixed) return ref.fixed;
  const m = ref.match!;
  const words: Evidence = {
    type: 'words',
    text: text.slice(tokens[m.first]!.start, tokens[m.last]!.end),
    signal: m.pattern.signal,
  };
  if (ref.target?.ref) words.via = ref.target.ref;
  if (ref.flags && ref.flags & NEGATED) words.weakened = 'negated';
  else if (ref.flags && ref.flags & UNREAL && ref.target?.kind === 'stage') words.weakened = 'not-yet';
  return words;
}
