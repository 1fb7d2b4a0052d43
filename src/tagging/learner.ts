import type { LabelKind } from './patterns.js';
import type { LearnedVote, VoteSource } from './tagger.js';
import { BOUNDARY, type Token, tokenize } from './tokenize.js';

/**
 * Learning from staff: every answer staff have confirmed or corrected becomes a weighted example, and a new answer
 * gets votes from the examples it resembles (cosine similarity over content-word stems, rarer words weighing more).
 * Staff's labels vote for themselves; labels staff removed from the tagger's suggestion vote against. Nearest
 * neighbours rather than a fitted model, so one correction counts at once and its effect is easy to explain: the
 * evidence names the corrected answer and the words the two share.
 */

export interface Example {
  answerId: number;
  text: string;
  petals: readonly string[];
  stage: string | null;
  motivators: readonly string[];
  /** Labels staff took away from the tagger's suggestion. */
  rejected?: { petals?: readonly string[]; motivators?: readonly string[]; stage?: string | null };
}

export interface LearnerOptions {
  /** Votes of an example this similar (0..1) or less are ignored. Default 0.25. */
  minSimilarity?: number;
  /** A vote's weight at similarity 1. Default 3: one close correction outweighs a few signal words. */
  weight?: number;
  /** Neighbours that vote. Default 5. */
  neighbours?: number;
}

export interface Learner extends VoteSource {
  readonly size: number;
}

interface Indexed {
  example: Example;
  terms: Map<string, string>;
  norm: number;
}

const STOPWORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers ' +
    'him his how i if in into is it its itself just me more most my myself no nor not now of off on once only or ' +
    'other our ours ourselves out over own same she should so some such than that the their theirs them then there ' +
    'these they this those through to too under until up very was we were what when where which while who whom why ' +
    'will with would you your yours also really much many one two three get got make makes made even still like ' +
    'well thing things lot bit way us'
  ).split(' '),
);

/** Content words of a text as stem → first word seen, the basis of similarity. */
export function contentTerms(
  tokens: readonly Token[],
  stemOf: (word: string) => string,
): Map<string, string> {
  const terms = new Map<string, string>();
  for (const t of tokens) {
    if (t.word === BOUNDARY || t.word.length < 2 || STOPWORDS.has(t.word) || /^\d+$/.test(t.word)) continue;
    const s = stemOf(t.word);
    if (!terms.has(s)) terms.set(s, t.word);
  }
  return terms;
}

export function createLearner(
  examples: readonly Example[],
  stemOf: (word: string) => string,
  options: LearnerOptions = {},
): Learner {
  const minSimilarity = options.minSimilarity ?? 0.25;
  const weight = options.weight ?? 3;
  const neighbours = options.neighbours ?? 5;

  const indexed: Indexed[] = examples.map((example) => ({
    example,
    terms: contentTerms(tokenize(example.text), stemOf),
    norm: 0,
  }));
  const df = new Map<string, number>();
  for (const e of indexed) for (const s of e.terms.keys()) df.set(s, (df.get(s) ?? 0) + 1);
  const n = indexed.length;
  const idf = (s: string) => Math.log((n + 1) / ((df.get(s) ?? 0) + 0.5));
  const postings = new Map<string, number[]>();
  indexed.forEach((e, i) => {
    let sum = 0;
    for (const s of e.terms.keys()) {
      sum += idf(s) ** 2;
      let list = postings.get(s);
      if (!list) {
        list = [];
        postings.set(s, list);
      }
      list.push(i);
    }
    e.norm = Math.sqrt(sum);
  });

  return {
    size: n,
    votes(tokens, stem, excludeAnswerId) {
      if (n === 0) return [];
      const terms = contentTerms(tokens, stem);
      const dot = new Map<number, number>();
      let norm = 0;
      for (const s of terms.keys()) {
        const list = postings.get(s);
        const w = idf(s);
        norm += w * w;
        if (!list) continue;
        for (const i of list) dot.set(i, (dot.get(i) ?? 0) + w * w);
      }
      if (norm === 0) return [];
      norm = Math.sqrt(norm);
      const ranked: { i: number; sim: number }[] = [];
      for (const [i, d] of dot) {
        const e = indexed[i]!;
        if (e.example.answerId === excludeAnswerId || e.norm === 0) continue;
        const sim = d / (norm * e.norm);
        if (sim > minSimilarity) ranked.push({ i, sim });
      }
      ranked.sort((a, b) => b.sim - a.sim || indexed[a.i]!.example.answerId - indexed[b.i]!.example.answerId);
      const out: LearnedVote[] = [];
      for (const { i, sim } of ranked.slice(0, neighbours)) {
        const e = indexed[i]!;
        const shared = [...terms.keys()].filter((s) => e.terms.has(s)).map((s) => terms.get(s)!);
        const evidence = (rejected: boolean) => ({
          type: 'learned' as const,
          answerId: e.example.answerId,
          similarity: Math.round(sim * 100) / 100,
          words: shared.slice(0, 6),
          ...(rejected ? { rejected: true } : {}),
        });
        const vote = (kind: LabelKind, id: string, sign: 1 | -1) =>
          out.push({ kind, id, weight: sign * weight * sim, evidence: evidence(sign < 0) });
        for (const id of e.example.petals) vote('petal', id, 1);
        for (const id of e.example.motivators) vote('motivator', id, 1);
        if (e.example.stage) vote('stage', e.example.stage, 1);
        for (const id of e.example.rejected?.petals ?? []) vote('petal', id, -1);
        for (const id of e.example.rejected?.motivators ?? []) vote('motivator', id, -1);
        if (e.example.rejected?.stage) vote('stage', e.example.rejected.stage, -1);
      }
      return out;
    },
  };
}
