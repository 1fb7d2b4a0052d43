import { BOUNDARY, type Token } from './tokenize.js';

/**
 * Marks the words that fall under a negation ("we don't contribute back") or describe something not done yet
 * ("we'd like to contribute", "we should upstream"). Either reaches to the end of its clause (at most a few words),
 * and never marks the cue word itself, so a signal that contains its cue ("no policy") still counts as said.
 */
export const NEGATED = 1;
export const UNREAL = 2;

/** Negation binds to the next few words; a wish ("I'd love someone to walk me through my first contribution") to the clause. */
const NEGATION_SCOPE = 8;
const UNREAL_SCOPE = 14;

const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'none',
  'nobody',
  'nothing',
  'neither',
  'nor',
  'without',
  'cannot',
  'hardly',
  'barely',
  'zero',
  'lack',
  'lacking',
]);

// First-person wishes: "legal wants every contribution reviewed" states a rule, not a wish, so no "wants".
const UNREAL_CUES = new Set([
  'would',
  'could',
  'should',
  'might',
  'want',
  'wish',
  'hope',
  'hoping',
  'plan',
  'plans',
  'planning',
  'if',
  'unless',
  'maybe',
  'perhaps',
  'eventually',
  'someday',
  'ought',
  'aim',
  'aiming',
  'need',
  'whether',
  'love',
]);

/** Words that end a negation's reach within a sentence. */
const CLAUSE_WORDS = new Set([
  'but',
  'however',
  'although',
  'though',
  'except',
  'whereas',
  'yet',
  'instead',
  'so',
]);

const NEGATOR = 1;
const UNREAL_CUE = 2;
const CLAUSE_END = 3;

/** Every cue word in one map, so each word of an answer costs one lookup. */
const CUES = new Map<string, number>([
  ...[...NEGATORS].map((w) => [w, NEGATOR] as const),
  ...[...UNREAL_CUES].map((w) => [w, UNREAL_CUE] as const),
  ...[...CLAUSE_WORDS].map((w) => [w, CLAUSE_END] as const),
  [BOUNDARY, CLAUSE_END],
]);

const COPULAS = new Set(['is', 'are', 'was', 'were', 'be']);
/** "Security is not a worry": what a negated copula says this of is denied, though it came first. */
const DISMISSALS = new Set([
  'worry',
  'concern',
  'problem',
  'issue',
  'priority',
  'reason',
  'driver',
  'factor',
  'point',
  'focus',
  'topic',
  'question',
  'important',
  'relevant',
  'why',
  'what',
  'something',
  'thing',
  'deal',
  'consideration',
]);
const FILLERS = new Set([
  'a',
  'an',
  'the',
  'really',
  'our',
  'my',
  'much',
  'of',
  'big',
  'main',
  'real',
  'very',
]);
/** A time still to come makes the whole clause a plan: "open sourcing our SDK is the plan for next year". */
const LATER = new Set(['year', 'quarter', 'month', 'step', 'phase', 'spring', 'summer', 'autumn', 'winter']);

/** One flag byte per token (NEGATED | UNREAL). */
export function markScopes(tokens: readonly Token[]): Uint8Array {
  const flags = forwardScopes(tokens);
  markClauses(tokens, flags);
  return flags;
}

/** The clause-wide cues, which reach back to the clause's start. */
function markClauses(tokens: readonly Token[], flags: Uint8Array): void {
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!.word;
    if (CUES.get(w) === CLAUSE_END) {
      start = i + 1;
      continue;
    }
    if (w === 'next' && LATER.has(tokens[i + 1]?.word ?? '')) {
      let end = i;
      while (end < tokens.length && CUES.get(tokens[end]!.word) !== CLAUSE_END) end++;
      for (let k = start; k < end; k++) flags[k]! |= UNREAL;
    } else if (w === 'not' && i > start && COPULAS.has(tokens[i - 1]!.word)) {
      let k = i + 1;
      while (k < tokens.length && FILLERS.has(tokens[k]!.word)) k++;
      if (DISMISSALS.has(tokens[k]?.word ?? '')) for (let j = start; j < i - 1; j++) flags[j]! |= NEGATED;
    }
  }
}

function forwardScopes(tokens: readonly Token[]): Uint8Array {
  const flags = new Uint8Array(tokens.length);
  let negLeft = 0;
  let unrealLeft = 0;
  for (let i = 0; i < tokens.length; i++) {
    const cue = CUES.get(tokens[i]!.word);
    if (cue === CLAUSE_END) {
      negLeft = 0;
      unrealLeft = 0;
      continue;
    }
    let f = 0;
    if (negLeft > 0) {
      f |= NEGATED;
      negLeft--;
    }
    if (unrealLeft > 0) {
      f |= UNREAL;
      unrealLeft--;
    }
    flags[i] = f;
    if (cue === NEGATOR) negLeft = NEGATION_SCOPE;
    else if (cue === UNREAL_CUE) unrealLeft = UNREAL_SCOPE;
  }
  return flags;
}
