import type { Hits, TaggerModel } from './model.js';
import { sigmoid } from './model.js';
import { NEGATED } from './scope.js';
import { confidenceOf, type EvidenceRef, materialise, round, type Scores } from './scores.js';
import type { Token } from './tokenize.js';
import type { Evidence, LabelTag } from './types.js';

/**
 * Turning the model's scores for one answer into tags: petals and motivators whose probability reaches the model's
 * threshold, the most probable stage, each with the signals' evidence for it and the words the model weighed most.
 * Top-level functions over one per-answer record, so tagging creates no closures per answer.
 */

export interface Decided {
  model: TaggerModel;
  /** The model's raw scores, staff's votes included. */
  z: Float64Array;
  /** The answer's words the model weighed. */
  hits: Hits;
  /** The answer, to quote the signals' words from. */
  text: string;
  tokens: readonly Token[];
}

function evidenceOf(d: Decided, refs: readonly EvidenceRef[], max: number): Evidence[] {
  const out: Evidence[] = [];
  for (let i = 0; i < refs.length && i < max; i++) out.push(materialise(refs[i]!, d.text, d.tokens));
  return out;
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

function isNegated(ref: EvidenceRef): boolean {
  return ref.flags !== undefined && (ref.flags & NEGATED) !== 0;
}

/** Evidence for a label the model gave: the signals' first, then its strongest words (the modal shows four). */
function modelEvidence(d: Decided, label: number, refs: EvidenceRef[] | undefined): Evidence[] {
  const words = d.model.strongestWords(d.hits, label, 3, EVIDENCE_PUSH);
  const out = refs ? evidenceOf(d, refs, 3) : [];
  if (words.length > 0) out.push({ type: 'model', text: words.join(', ') });
  return out;
}

function byProbability(x: { id: string; p: number }, y: { id: string; p: number }): number {
  return y.p - x.p || (x.id < y.id ? -1 : 1);
}

/**
 * Petals or motivators the model gives. `reasons` is for motivators: they are reasons the person gave, so one with
 * nothing in the answer behind it, or one the answer dismisses, is left out; a petal is a topic, and a negated
 * mention ("we don't contribute back") still shows the topic came up.
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
    } else {
      // Compared as log-odds: no exp for the many labels that are not given.
      if (d.z[at]! >= d.model.logitThresholds[at]!) picked.push({ id, p: sigmoid(d.z[at]!), at });
    }
  }
  picked.sort(byProbability);
  const out: LabelTag[] = [];
  for (const { id, p, at } of picked) {
    if (out.length === max) break;
    const refs = scores.get(id)?.evidence;
    // "Security is not a worry": when every signal for a label is negated, the answer dismisses it.
    if (reasons && refs && refs.length > 0 && refs.every(isNegated)) continue;
    const evidence =
      at === undefined ? evidenceOf(d, refs ?? [], refs?.length ?? 0) : modelEvidence(d, at, refs);
    // A reason nobody gave: nothing in the answer behind it.
    if (evidence.length === 0 && reasons) continue;
    out.push({ id, confidence: round(p), source: 'auto', evidence });
  }
  return out;
}

/** The most probable stage among those the model knows (`at`: their indexes, never empty). */
export function stageByModel(d: Decided, at: readonly number[], scores: Scores): LabelTag {
  const { z } = d;
  let best = at[0]!;
  for (const i of at) if (z[i]! > z[best]!) best = i;
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
        evidence: [{ type: 'default' }],
      };
}
