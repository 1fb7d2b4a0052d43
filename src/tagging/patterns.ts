import { stem } from './stem.js';
import { BOUNDARY, type Token, tokenize } from './tokenize.js';

/**
 * Signals from the taxonomy ("contribut*", "contributor licen* agreement*", "SBOM") compiled once into token
 * patterns: a word without `*` matches any word with the same Porter stem (licence, licences), a word with `*`
 * matches any word that starts with it. Matching an answer is then one pass with a map lookup per word.
 */

export type LabelKind = 'petal' | 'stage' | 'motivator';

/** What a pattern is evidence for, and how strongly. */
export interface PatternTarget {
  kind: LabelKind;
  id: string;
  weight: number;
  /** Where the pattern comes from, for evidence: a taxonomy entry's signal, a checklist item, another model's stage. */
  via: 'signal' | 'checklist' | 'model';
  /** The checklist item or the other model's stage it came through. */
  ref?: string;
}

interface Element {
  /** Set for `word*`: the token must start with it. */
  prefix?: string;
  /** Set otherwise: the token's stem must equal it… */
  stem?: string;
  /** …and its length be close to the signal word's, because Porter is greedy ("evenings" → "even"). */
  length?: number;
}

export interface Pattern {
  /** As written in the taxonomy. */
  signal: string;
  elements: Element[];
  targets: PatternTarget[];
}

export interface Match {
  pattern: Pattern;
  /** Token indexes, first and last inclusive. */
  first: number;
  last: number;
}

interface TokenInfo {
  stem: string;
  /** Patterns whose first element this word satisfies. */
  heads: Pattern[];
}

export interface PatternSet {
  patterns: readonly Pattern[];
  /** All matches in the tokens, in order of their first token. */
  match(tokens: readonly Token[]): Match[];
  /** The stem of a token's word (memoised). */
  stemOf(word: string): string;
}

/** Compiles (signal, target) pairs; the same signal for several targets becomes one pattern with several targets. */
export function compilePatterns(entries: Iterable<{ signal: string; target: PatternTarget }>): PatternSet {
  const bySignal = new Map<string, Pattern>();
  for (const { signal, target } of entries) {
    const elements = compileSignal(signal.toLowerCase().replace(/’/g, "'"));
    if (elements.length === 0) continue;
    // "depend on" and "depends on" are one pattern: the same words must not count twice.
    const key = elements.map((e) => (e.prefix !== undefined ? `${e.prefix}*` : e.stem)).join(' ');
    let pattern = bySignal.get(key);
    if (!pattern) {
      pattern = { signal, elements, targets: [] };
      bySignal.set(key, pattern);
    }
    // One target per label: the strongest route wins (a stage's own signal over another model's).
    const same = pattern.targets.findIndex((t) => t.kind === target.kind && t.id === target.id);
    if (same < 0) pattern.targets.push(target);
    else if (pattern.targets[same]!.weight < target.weight) pattern.targets[same] = target;
  }
  const patterns = [...bySignal.values()];
  const byStem = new Map<string, Pattern[]>();
  const byPrefix: { prefix: string; patterns: Pattern[] }[] = [];
  const prefixIndex = new Map<string, Pattern[]>();
  for (const p of patterns) {
    const head = p.elements[0]!;
    if (head.prefix !== undefined) {
      let list = prefixIndex.get(head.prefix);
      if (!list) {
        list = [];
        prefixIndex.set(head.prefix, list);
        byPrefix.push({ prefix: head.prefix, patterns: list });
      }
      list.push(p);
    } else {
      const list = byStem.get(head.stem!) ?? [];
      list.push(p);
      byStem.set(head.stem!, list);
    }
  }

  // Per distinct word: its stem and the patterns it can start. Bounded like the stem cache.
  const infoCache = new Map<string, TokenInfo>();
  const info = (word: string): TokenInfo => {
    let i = infoCache.get(word);
    if (i === undefined) {
      const s = stem(word);
      const heads = (byStem.get(s) ?? []).filter((p) => closeInLength(p.elements[0]!, word));
      for (const { prefix, patterns: ps } of byPrefix) if (word.startsWith(prefix)) heads.push(...ps);
      i = { stem: s, heads };
      if (infoCache.size >= 100_000) infoCache.clear();
      infoCache.set(word, i);
    }
    return i;
  };

  const elementMatches = (el: Element, word: string): boolean =>
    el.prefix !== undefined
      ? word.startsWith(el.prefix)
      : info(word).stem === el.stem && closeInLength(el, word);

  return {
    patterns,
    stemOf: (word) => info(word).stem,
    match(tokens) {
      const matches: Match[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const word = tokens[i]!.word;
        if (word === BOUNDARY) continue;
        const heads = info(word).heads;
        for (let h = 0; h < heads.length; h++) {
          const p = heads[h]!;
          const n = p.elements.length;
          if (i + n > tokens.length) continue;
          let ok = true;
          for (let k = 1; k < n && ok; k++) {
            const w = tokens[i + k]!.word;
            ok = w !== BOUNDARY && elementMatches(p.elements[k]!, w);
          }
          if (ok) matches.push({ pattern: p, first: i, last: i + n - 1 });
        }
      }
      return matches;
    },
  };
}

const MAX_LENGTH_GAP = 2;

function closeInLength(el: Element, word: string): boolean {
  return el.length === undefined || Math.abs(el.length - word.length) <= MAX_LENGTH_GAP;
}

/** A signal's words as elements, tokenised like answers so "open-source" and "don't" line up with the text. */
export function compileSignal(signal: string): Element[] {
  const elements: Element[] = [];
  for (const raw of signal.split(' ')) {
    const star = raw.endsWith('*');
    const tokens = tokenize(star ? raw.slice(0, -1) : raw).filter((t) => t.word !== BOUNDARY);
    tokens.forEach((t, i) => {
      if (star && i === tokens.length - 1) elements.push({ prefix: t.word });
      else elements.push({ stem: stem(t.word), length: t.word.length });
    });
  }
  return elements;
}
