/**
 * A small tokeniser made for the tagger: one regular expression pass, contractions expanded ("don't" → do not) so
 * that negation and phrases see whole words, and each token keeps its place in the original text for evidence.
 * Hyphens split words ("open-source" → open, source) so the two spellings match the same signal.
 */

export interface Token {
  /** Lower case, apostrophes straightened. */
  word: string;
  /** Offsets of the text this token came from (an expanded contraction shares its word's offsets). */
  start: number;
  end: number;
}

/** A clause boundary: negation and "would like to" never reach past one. */
export const BOUNDARY = '\u0000';

// Words (with inner apostrophes or dots: don't, node.js, 2.0; trailing + # %: c++, c#, 20%) or clause punctuation.
const PIECE = /([\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*[+#%]*)|([.,;:!?()\n]|\s[-–—]\s)/gu;

const NOT_CONTRACTIONS = new Map<string, string>(
  Object.entries({
    "won't": 'will',
    "can't": 'can',
    "shan't": 'shall',
    "ain't": 'is',
    // Slack style, no apostrophe
    dont: 'do',
    doesnt: 'does',
    didnt: 'did',
    cant: 'can',
    wont: 'will',
    isnt: 'is',
    arent: 'are',
    wasnt: 'was',
    werent: 'were',
    havent: 'have',
    hasnt: 'has',
    hadnt: 'had',
    wouldnt: 'would',
    shouldnt: 'should',
    couldnt: 'could',
  }),
);

const SUFFIXES = new Map<string, string>([
  ["'re", 'are'],
  ["'ve", 'have'],
  ["'d", 'would'],
  ["'ll", 'will'],
  ["'m", 'am'],
]);
const IS_AFTER = new Set(['it', 'that', 'there', 'what', 'who', 'he', 'she', 'here', 'where', 'this']);

/** Splits text into tokens; clause punctuation becomes a BOUNDARY token. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  // Lower-casing once is much cheaper than per word; the rare letters whose lower case is longer (İ) would shift
  // offsets, so then each word is lower-cased on its own instead.
  const lower = text.toLowerCase();
  const source = lower.length === text.length ? lower : text;
  const perWord = source !== lower;
  const pattern = new RegExp(PIECE);
  for (let m = pattern.exec(source); m !== null; m = pattern.exec(source)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[2] !== undefined) {
      if (out.length > 0 && out[out.length - 1]!.word !== BOUNDARY) out.push({ word: BOUNDARY, start, end });
      continue;
    }
    let word = perWord ? m[1]!.toLowerCase() : m[1]!;
    if (word.includes('’')) word = word.replace(/’/g, "'");
    pushWord(out, word, start, end);
  }
  return out;
}

function pushWord(out: Token[], word: string, start: number, end: number): void {
  const apostrophe = word.indexOf("'");
  if (apostrophe < 0) {
    // Only words ending in "nt" can be an apostrophe-less contraction (dont, isnt): skip the lookup otherwise.
    const base = word.endsWith('nt') ? NOT_CONTRACTIONS.get(word) : undefined;
    if (base) {
      out.push({ word: base, start, end }, { word: 'not', start, end });
      return;
    }
    out.push({ word, start, end });
    return;
  }
  const full = NOT_CONTRACTIONS.get(word);
  if (full) {
    out.push({ word: full, start, end }, { word: 'not', start, end });
    return;
  }
  if (word.endsWith("n't")) {
    out.push({ word: word.slice(0, -3), start, end }, { word: 'not', start, end });
    return;
  }
  const base = word.slice(0, apostrophe);
  const suffix = word.slice(apostrophe);
  const expanded = SUFFIXES.get(suffix);
  if (expanded) {
    out.push({ word: base, start, end }, { word: expanded, start, end });
    return;
  }
  if (suffix === "'s") {
    out.push({ word: base, start, end });
    if (IS_AFTER.has(base)) out.push({ word: 'is', start, end });
    return;
  }
  // An apostrophe inside a name (o'reilly) or a trailing possessive (teams'): keep the letters.
  out.push({ word: word.replace(/'/g, ''), start, end });
}
