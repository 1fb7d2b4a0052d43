import { stemmer } from 'stemmer';

/**
 * Porter stems, memoised: answers reuse a small vocabulary, so after warm-up almost every lookup is a map hit.
 * The cache is dropped when it grows past a bound so a stream of unusual words cannot grow memory without limit.
 */
const MAX_ENTRIES = 200_000;
const cache = new Map<string, string>();

export function stem(word: string): string {
  let s = cache.get(word);
  if (s === undefined) {
    // Porter is for English words; numbers, versions and symbols (2.0, c++, 20%) stay as they are.
    s = /^[a-z]+$/.test(word) ? stemmer(word) : word;
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(word, s);
  }
  return s;
}
