import type { Match, PatternTarget } from './patterns.js';
import type { Evidence } from './types.js';

/** A label's running score while an answer is tagged, and the evidence behind it. */

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
