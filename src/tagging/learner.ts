import type { LearnedVote, VoteSource } from './tagger.js';
import { BOUNDARY, type Token, tokenize } from './tokenize.js';
import type { Evidence } from './types.js';

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

/** A content word's stem as a query sees it: its postings (none if too common or unseen) and its weight. */
interface QueryTerm {
  stem: string;
  entry: { idf2: number; postings: Int32Array } | undefined;
  idf2: number;
  stamp: number;
}

/** Bound on the per-word cache, so a stream of unusual words cannot grow memory without limit. */
const MAX_CACHED_WORDS = 100_000;

interface Indexed {
  example: Example;
  stems: Set<string>;
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

/** The distinct stems of a text's content words: what similarity (and the model's question features) are made of. */
export function contentStems(tokens: readonly Token[], stemOf: (word: string) => string): Set<string> {
  const stems = new Set<string>();
  for (const t of tokens) if (isContentWord(t.word)) stems.add(stemOf(t.word));
  return stems;
}

/** A word that says something about an answer's subject: not a stopword, a number or a clause boundary. */
export function isContentWord(w: string): boolean {
  return w.length >= 2 && w !== BOUNDARY && !STOPWORDS.has(w) && !isNumber(w);
}

function isNumber(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
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
    stems: contentStems(tokenize(example.text), stemOf),
  }));
  const n = indexed.length;
  const df = new Map<string, number>();
  for (const e of indexed) for (const s of e.stems) df.set(s, (df.get(s) ?? 0) + 1);
  // Words in many examples say little about any one of them and cost the most to look up: leave them out.
  const common = n >= 40 ? n * 0.05 : Number.POSITIVE_INFINITY;
  const postingLists = new Map<string, number[]>();
  indexed.forEach((e, i) => {
    for (const s of e.stems) {
      if (df.get(s)! > common) continue;
      let list = postingLists.get(s);
      if (!list) {
        list = [];
        postingLists.set(s, list);
      }
      list.push(i);
    }
  });
  const index = new Map<string, { idf2: number; postings: Int32Array }>();
  for (const [s, list] of postingLists) {
    const idf = Math.log((n + 1) / (df.get(s)! + 0.5));
    index.set(s, { idf2: idf * idf, postings: Int32Array.from(list) });
  }
  // A word never seen in an example weighs like the rarest seen one.
  const unseenIdf2 = Math.log((n + 1) / 0.5) ** 2;
  // Each example's length in the same idf space, the divisor of its similarity.
  const norms = Float64Array.from(indexed, (e) => {
    let sum = 0;
    for (const s of e.stems) sum += index.get(s)?.idf2 ?? 0;
    return Math.sqrt(sum);
  });
  const dots = new Float64Array(n);
  const touched = new Int32Array(n);
  // The best neighbours so far, best first: example index and similarity.
  const rankAt = new Int32Array(neighbours + 1);
  const rankSim = new Float64Array(neighbours + 1);
  const answerIds = Float64Array.from(indexed, (e) => e.example.answerId);

  // What each word of a query means here, worked out once per word rather than once per answer: answers reuse a
  // small vocabulary, and stemming and the index look-up were most of a query's cost. Words of one stem share
  // one entry, and the entry's stamp says whether this query has counted it already.
  const byStem = new Map<string, QueryTerm>();
  const byWord = new Map<string, QueryTerm | null>();
  let cachedStemOf: ((word: string) => string) | undefined;
  const queryTerms: QueryTerm[] = [];
  const queryWords: string[] = [];
  let queryNo = 0;
  const termOf = (word: string, stemOf: (word: string) => string): QueryTerm | null => {
    let t = byWord.get(word);
    if (t !== undefined) return t;
    if (!isContentWord(word)) t = null;
    else {
      const s = stemOf(word);
      t = byStem.get(s);
      if (!t) {
        const entry = index.get(s);
        // As in the examples' norms: a stem left out as too common counts for nothing, an unseen one as the rarest.
        t = { stem: s, entry, idf2: entry ? entry.idf2 : df.has(s) ? 0 : unseenIdf2, stamp: 0 };
        byStem.set(s, t);
      }
    }
    byWord.set(word, t);
    return t;
  };

  return {
    size: n,
    votes(tokens, stem, excludeAnswerId) {
      if (n === 0) return [];
      // Emptied between answers, never during one, so the stamps stay true for the whole answer.
      if (stem !== cachedStemOf || byWord.size >= MAX_CACHED_WORDS) {
        byWord.clear();
        byStem.clear();
        cachedStemOf = stem;
      }
      queryNo++;
      queryTerms.length = 0;
      queryWords.length = 0;
      let norm = 0;
      let touchedCount = 0;
      for (const token of tokens) {
        const term = termOf(token.word, stem);
        if (!term || term.stamp === queryNo) continue;
        term.stamp = queryNo;
        queryTerms.push(term);
        queryWords.push(token.word);
        norm += term.idf2;
        const entry = term.entry;
        if (!entry) continue;
        const list = entry.postings;
        for (let k = 0; k < list.length; k++) {
          const i = list[k]!;
          if (dots[i] === 0) touched[touchedCount++] = i;
          dots[i]! += entry.idf2;
        }
      }
      // The few best neighbours, kept sorted by insertion: no array of every candidate, no full sort. Ties go to
      // the older example, so the votes never depend on the order examples were loaded in.
      let ranked = 0;
      if (norm > 0) {
        norm = Math.sqrt(norm);
        for (let t = 0; t < touchedCount; t++) {
          const i = touched[t]!;
          const en = norms[i]!;
          const id = answerIds[i]!;
          if (en === 0 || id === excludeAnswerId) continue;
          const sim = dots[i]! / (norm * en);
          if (sim <= minSimilarity) continue;
          let at = ranked;
          while (
            at > 0 &&
            (sim > rankSim[at - 1]! || (sim === rankSim[at - 1]! && id < answerIds[rankAt[at - 1]!]!))
          ) {
            rankAt[at] = rankAt[at - 1]!;
            rankSim[at] = rankSim[at - 1]!;
            at--;
          }
          if (at >= neighbours) continue;
          rankAt[at] = i;
          rankSim[at] = sim;
          if (ranked < neighbours) ranked++;
        }
      }
      for (let t = 0; t < touchedCount; t++) dots[touched[t]!] = 0;
      if (ranked === 0) return [];
      const out: LearnedVote[] = [];
      for (let r = 0; r < ranked; r++) {
        const i = rankAt[r]!;
        const sim = rankSim[r]!;
        const e = indexed[i]!.example;
        const shared: string[] = [];
        const theirs = indexed[i]!.stems;
        for (let k = 0; k < queryTerms.length && shared.length < 6; k++)
          if (theirs.has(queryTerms[k]!.stem)) shared.push(queryWords[k]!);
        const similarity = Math.round(sim * 100) / 100;
        const w = weight * sim;
        // One evidence object per neighbour and direction, shared by its votes.
        const pro: Evidence = { type: 'learned', answerId: e.answerId, similarity, text: shared.join(', ') };
        for (const id of e.petals) out.push({ kind: 'petal', id, weight: w, evidence: pro });
        for (const id of e.motivators) out.push({ kind: 'motivator', id, weight: w, evidence: pro });
        if (e.stage) out.push({ kind: 'stage', id: e.stage, weight: w, evidence: pro });
        const rejected = e.rejected;
        if (!rejected) continue;
        const con: Evidence = { ...pro, rejected: true };
        for (const id of rejected.petals ?? []) out.push({ kind: 'petal', id, weight: -w, evidence: con });
        for (const id of rejected.motivators ?? [])
          out.push({ kind: 'motivator', id, weight: -w, evidence: con });
        if (rejected.stage) out.push({ kind: 'stage', id: rejected.stage, weight: -w, evidence: con });
      }
      return out;
    },
  };
}
