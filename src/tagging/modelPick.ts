import { HIT_NEGATED, HIT_WISHED, type Hits, sigmoid, type TaggerModel } from './model.js';
import { NEGATED, UNREAL } from './scope.js';
import { confidenceOf, type EvidenceRef, materialise, round, type Scores } from './scores.js';
import type { Token } from './tokenize.js';
import type { Evidence, LabelTag } from './types.js';

/**
 * Turning the model's scores for one answer into tags: petals and motivators whose probability reaches the model's
 * threshold, the most probable stage, each with what staff taught, the signals' words and the words the model
 * weighed most. Top-level functions over one per-answer record, so tagging creates no closures per answer.
 */

export interface Decided {
  model: TaggerModel;
  /** The model's raw scores, staff's votes included. */
  z: Float64Array;
  /** The answer's words the model weighed. */
  hits: Hits;
  /** The answer, to quote words from. */
  text: string;
  tokens: readonly Token[];
}

/** Where each taxonomy label sits in the model's scores: undefined when the model was trained without it. */
export type Slots = readonly (readonly [string, number | undefined])[];

/**
 * A word must move a label's score at least this much to count as evidence for it: below, it is one of the many
 * small nudges every word gives (0.1-0.2 for "weekends" or "folks"), not a reason a person would accept.
 */
export const EVIDENCE_PUSH = 0.3;

/**
 * The most confident a tag can be when nothing in the answer supports it (no signal, no word past EVIDENCE_PUSH):
 * the model is then guessing from who answered and what is usual, and staff should see it in the review queue.
 */
export const GUESS_CONFIDENCE = 0.4;

/** The evidence the modal has room for (it shows four). */
const MAX_EVIDENCE = 4;

function isNegated(ref: EvidenceRef): boolean {
  return ref.flags !== undefined && (ref.flags & NEGATED) !== 0;
}

function isLearned(ref: EvidenceRef): boolean {
  return ref.fixed?.type === 'learned';
}

function isRejection(ref: EvidenceRef): boolean {
  return ref.fixed?.type === 'learned' && ref.fixed.rejected === true;
}

/**
 * Evidence for a label the model gives: what staff taught first (the strongest reason there is), then the signals'
 * words, then the words that moved the model most, each quoted from the answer. A staff rejection is left out: it
 * argues against the label, and the label was given anyway.
 */
function modelEvidence(d: Decided, label: number, refs: readonly EvidenceRef[] | undefined): Evidence[] {
  const out: Evidence[] = [];
  // Token ranges already quoted (first, last, …): "upstream" beside "upstream fixes", or beside the signal it
  // matched, says nothing new.
  const quoted: number[] = [];
  if (refs) {
    for (const r of refs) {
      if (isLearned(r) && !isRejection(r) && out.length < MAX_EVIDENCE) out.push(r.fixed!);
    }
    for (const r of refs) {
      if (isLearned(r) || out.length >= MAX_EVIDENCE) continue;
      out.push(materialise(r, d.text, d.tokens));
      if (r.match) quoted.push(r.match.first, r.match.last);
    }
  }
  const { hits, tokens } = d;
  let words = 0;
  for (const h of d.model.strongest(hits, label, 6, EVIDENCE_PUSH)) {
    if (out.length >= MAX_EVIDENCE || words === 3) break;
    const first = hits.first[h]!;
    const last = hits.last[h]!;
    let seen = false;
    for (let q = 0; q < quoted.length && !seen; q += 2) seen = quoted[q]! <= last && first <= quoted[q + 1]!;
    if (seen) continue;
    quoted.push(first, last);
    words++;
    const e: Evidence = { type: 'model', text: d.text.slice(tokens[first]!.start, tokens[last]!.end) };
    if (hits.how[h] === HIT_NEGATED) e.weakened = 'negated';
    else if (hits.how[h] === HIT_WISHED) e.weakened = 'not-yet';
    out.push(e);
  }
  return out;
}

function byProbability(x: { id: string; p: number }, y: { id: string; p: number }): number {
  return y.p - x.p || (x.id < y.id ? -1 : 1);
}

/**
 * Petals or motivators the model gives. `reasons` is for motivators: they are reasons the person gave, so one the
 * answer dismisses is left out and one nothing in the answer supports is not given. (Asking more of a motivator
 * only the model's words support, p ≥ 0.5, helped an earlier, weaker model; with this one it cost 0.013 of
 * macro-F1 in cross-validation and 0.02 on validation.) A petal is a topic: a negated mention ("we don't contribute
 * back") still shows the topic came up, and a petal with nothing behind it is kept as a guess with low confidence.
 */
export function labelsByModel(
  d: Decided,
  slots: Slots,
  scores: Scores,
  signalMin: number,
  max: number,
  reasons: boolean,
): LabelTag[] {
  // Evidence is built only for the labels given: it is the costly part.
  const picked: { id: string; p: number; at: number | undefined }[] = [];
  for (const [id, at] of slots) {
    if (at === undefined) {
      // A label the model was not trained on (a newer taxonomy): the signals alone decide.
      const s = scores.get(id);
      if (s && s.score >= signalMin) picked.push({ id, p: confidenceOf(s.score), at });
    } else if (d.z[at]! >= d.model.logitThresholds[at]!) {
      // Compared as log-odds: no exp for the many labels that are not given.
      picked.push({ id, p: sigmoid(d.z[at]!), at });
    }
  }
  picked.sort(byProbability);
  const out: LabelTag[] = [];
  for (const { id, p, at } of picked) {
    if (out.length === max) break;
    const refs = scores.get(id)?.evidence;
    if (at === undefined) {
      out.push({
        id,
        confidence: round(p),
        source: 'auto',
        evidence: (refs ?? []).map((r) => materialise(r, d.text, d.tokens)),
      });
      continue;
    }
    if (reasons) {
      // "Security is not a worry": when every signal for it is negated, the answer dismisses it.
      if (refs && refs.length > 0 && refs.every(isNegated)) continue;
    }
    const evidence = modelEvidence(d, at, refs);
    if (evidence.length > 0) out.push({ id, confidence: round(p), source: 'auto', evidence });
    else if (!reasons)
      out.push({
        id,
        confidence: round(Math.min(p, GUESS_CONFIDENCE)),
        source: 'auto',
        evidence: [{ type: 'guess' }],
      });
  }
  return out;
}

/**
 * Whether anything in the answer shows a stage as practice: a signal or a word the model weighed for it that is
 * neither negated nor wished for, or what staff taught.
 */
function showsPractice(d: Decided, label: number, refs: readonly EvidenceRef[] | undefined): boolean {
  if (refs?.some((r) => (isLearned(r) ? !isRejection(r) : !r.flags || (r.flags & (NEGATED | UNREAL)) === 0)))
    return true;
  const { hits } = d;
  return d.model
    .strongest(hits, label, 6, EVIDENCE_PUSH)
    .some((h) => hits.how[h] !== HIT_NEGATED && hits.how[h] !== HIT_WISHED);
}

/**
 * The most probable stage among those the model knows (`at`: their indexes in the stages' order, never empty).
 * `denied` is the order of a stage the answer denies or only wishes for ("we'd love to host a project one day"):
 * the model may still favour that stage or a later one from the words alone, but with nothing in the answer showing
 * it as practice, the most probable stage below it is chosen. Plans are not practice.
 */
export function stageByModel(
  d: Decided,
  at: readonly number[],
  scores: Scores,
  denied = Number.POSITIVE_INFINITY,
): LabelTag {
  const { z } = d;
  let order = 0;
  for (let o = 1; o < at.length; o++) if (z[at[o]!]! > z[at[order]!]!) order = o;
  if (order >= denied && denied > 0) {
    const id = d.model.labels[at[order]!]!.id;
    if (!showsPractice(d, at[order]!, scores.get(id)?.evidence)) {
      order = 0;
      for (let o = 1; o < denied; o++) if (z[at[o]!]! > z[at[order]!]!) order = o;
    }
  }
  const best = at[order]!;
  // The softmax probability of the best stage, without an array of all of them.
  let sum = 0;
  for (const i of at) sum += Math.exp(z[i]! - z[best]!);
  const chance = 1 / sum;
  const id = d.model.labels[best]!.id;
  const evidence = modelEvidence(d, best, scores.get(id)?.evidence);
  return evidence.length > 0
    ? { id, confidence: round(chance), source: 'auto', evidence }
    : {
        id,
        confidence: round(Math.min(chance, GUESS_CONFIDENCE)),
        source: 'auto',
        evidence: [{ type: 'guess' }],
      };
}
