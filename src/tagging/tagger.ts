import { isAudience } from '../interviews/audience.js';
import { type ExtraSignals, NO_EXTRA_SIGNALS } from './extraSignals.js';
import {
  compilePatterns,
  type LabelKind,
  type Match,
  type PatternSet,
  type PatternTarget,
} from './patterns.js';
import { markScopes, NEGATED, UNREAL } from './scope.js';
import type { Taxonomy } from './taxonomy.js';
import { type Token, tokenize } from './tokenize.js';
import type { Evidence, LabelTag, StageTag, TagInput, TagResult } from './types.js';

/**
 * The tagger: taxonomy signals matched on stems and phrases, weighed by where they occur (negated, only wished for,
 * in the question), plus the interviewee's own choices and what staff taught it. Deterministic and offline; the
 * taxonomy is compiled once, so tagging one answer is a single pass over its words.
 */

/** How much each kind of evidence counts. Tuned on the dev split of test/fixtures/labelled-answers.yml only. */
export interface Weights {
  /** A checklist item's signal, for its stage (a stage's own signal counts 1). */
  checklist: number;
  /** Another maturity model's stage signal, for its equivalent reference stage. */
  otherModel: number;
  /** The audience's default petal (managers → Management): a prior, not evidence from the text. */
  audience: number;
  /** A petal signal found in the question rather than the answer. */
  question: number;
  /** Each extra word in a matched phrase: phrases are more specific than single words. */
  phraseBonus: number;
  /** A second, third… occurrence of the same signal. */
  repeat: number;
  /** A negated petal signal still shows the topic came up. */
  negatedPetal: number;
  /** A negated motivator signal ("security isn't a worry"). */
  negatedMotivator: number;
  /** Smallest score for a petal or motivator to be given. */
  petalMin: number;
  motivatorMin: number;
  /** The most mature stage whose score reaches this share of the best score wins. */
  stageShare: number;
  /** Most motivators given from text alone. */
  maxMotivators: number;
}

export const DEFAULT_WEIGHTS: Weights = {
  checklist: 0.7,
  otherModel: 0.5,
  audience: 1,
  question: 1,
  phraseBonus: 0.5,
  repeat: 0.25,
  negatedPetal: 0.5,
  negatedMotivator: 0.3,
  petalMin: 1,
  motivatorMin: 1,
  stageShare: 0.7,
  maxMotivators: 3,
};

/** A vote from staff-corrected answers (see learner.ts). Negative weight: staff removed that label. */
export interface LearnedVote {
  kind: LabelKind;
  id: string;
  weight: number;
  evidence: Evidence;
}

/** What the tagger asks of a learner: votes for an answer's words. */
export interface VoteSource {
  votes(tokens: readonly Token[], stemOf: (word: string) => string, excludeAnswerId?: number): LearnedVote[];
}

export interface TaggerOptions {
  weights?: Partial<Weights>;
  learner?: VoteSource;
  /** The tagger's own signals and reweighted taxonomy signals (data/tagging/extra-signals.yml). */
  extras?: ExtraSignals;
}

export interface Tagger {
  readonly taxonomy: Taxonomy;
  readonly weights: Weights;
  tag(input: TagInput): TagResult;
  /** The stem of a word, as the tagger sees it (the learner indexes with the same stems). */
  stemOf(word: string): string;
}

interface Score {
  score: number;
  evidence: Evidence[];
}

type Scores = Map<string, Score>;

export function createTagger(taxonomy: Taxonomy, options: TaggerOptions = {}): Tagger {
  const weights: Weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const patterns = compileTaxonomy(taxonomy, weights, options.extras ?? NO_EXTRA_SIGNALS);
  const reference = taxonomy.referenceModel;
  const stageOrder = new Map(reference.stages.map((s, i) => [s.id, i]));
  // Whoever is asked about open source uses it: with no evidence at all, the first stage past the starting one.
  const fallbackOrder = Math.min(1, reference.stages.length - 1);

  const tag = (input: TagInput): TagResult => {
    const petals: Scores = new Map();
    const stages: Scores = new Map();
    const motivators: Scores = new Map();
    const text = input.text ?? '';

    const tokens = tokenize(text);
    const flags = markScopes(tokens);
    const counted = new Map<string, number>();
    let notReached: { order: number; evidence?: Evidence } = { order: Number.POSITIVE_INFINITY };
    for (const m of outermost(patterns.match(tokens))) {
      const f = flags[m.first]!;
      const phrase = text.slice(tokens[m.first]!.start, tokens[m.last]!.end);
      const length = 1 + weights.phraseBonus * (m.pattern.elements.length - 1);
      for (const t of m.pattern.targets) {
        const key = `${t.kind}\u0001${t.id}\u0001${m.pattern.signal}`;
        const seen = counted.get(key) ?? 0;
        counted.set(key, seen + 1);
        const base = t.weight * length * (seen === 0 ? 1 : weights.repeat);
        const words: Evidence = {
          type: 'words',
          text: phrase,
          signal: m.pattern.signal,
          ...(t.ref ? { via: t.ref } : {}),
        };
        if (t.kind === 'petal') {
          const w = f & NEGATED ? base * weights.negatedPetal : base;
          add(petals, t.id, w, f & NEGATED ? { ...words, weakened: 'negated' } : words, seen === 0);
        } else if (t.kind === 'motivator') {
          const w = f & NEGATED ? base * weights.negatedMotivator : base;
          add(motivators, t.id, w, f & NEGATED ? { ...words, weakened: 'negated' } : words, seen === 0);
        } else if (f & (NEGATED | UNREAL)) {
          // Not done (yet): no evidence for this stage, and a sign the organisation has not reached it.
          const order = stageOrder.get(t.id);
          if (order !== undefined && order < notReached.order) {
            notReached = { order, evidence: { ...words, weakened: f & NEGATED ? 'negated' : 'not-yet' } };
          }
        } else {
          add(stages, t.id, base, words, seen === 0);
        }
      }
    }

    if (input.question) {
      const qTokens = tokenize(input.question);
      for (const m of outermost(patterns.match(qTokens))) {
        const phrase = input.question.slice(qTokens[m.first]!.start, qTokens[m.last]!.end);
        for (const t of m.pattern.targets) {
          if (t.kind !== 'petal') continue;
          add(petals, t.id, t.weight * weights.question, {
            type: 'words',
            text: phrase,
            signal: m.pattern.signal,
            in: 'question',
          });
        }
      }
    }

    if (isAudience(input.audience)) {
      add(petals, taxonomy.defaultPetalFor(input.audience).id, weights.audience, {
        type: 'audience',
        audience: input.audience,
      });
    }

    if (options.learner) {
      for (const v of options.learner.votes(tokens, patterns.stemOf, input.answerId)) {
        const target = v.kind === 'petal' ? petals : v.kind === 'stage' ? stages : motivators;
        add(target, v.id, v.weight, v.evidence);
      }
    }

    const petalTags = pickMany(
      petals,
      weights.petalMin,
      Number.POSITIVE_INFINITY,
      (id) => !!taxonomy.petalById(id),
    );
    const motivatorTags = pickMany(motivators, weights.motivatorMin, weights.maxMotivators, (id) =>
      Boolean(taxonomy.motivatorById(id)),
    );
    const finalPetals = withSelf(
      petalTags,
      input.selfPetal ? [input.selfPetal] : [],
      (id) => !!taxonomy.petalById(id),
    );
    const finalMotivators = withSelf(
      motivatorTags,
      input.selfMotivators ?? [],
      (id) => !!taxonomy.motivatorById(id),
    );
    const stage = pickStage(stages, notReached);

    const top = finalPetals[0]?.confidence ?? 0;
    return {
      petals: finalPetals,
      stage,
      motivators: finalMotivators,
      confidence: round(Math.min(top, stage.confidence)),
      taxonomyVersion: taxonomy.version,
    };
  };

  const pickStage = (stages: Scores, notReached: { order: number; evidence?: Evidence }): StageTag => {
    let best = 0;
    let total = 0;
    for (const [id, s] of stages) {
      if (!stageOrder.has(id) || s.score <= 0) continue;
      best = Math.max(best, s.score);
      total += s.score;
    }
    if (best <= 0) {
      // "We don't contribute back" with nothing else said: below the stage that was denied.
      const capped = Math.min(fallbackOrder, Math.max(0, notReached.order - 1));
      const stage = reference.stages[capped]!;
      return {
        id: stage.id,
        confidence: notReached.evidence ? 0.3 : 0.1,
        source: 'auto',
        evidence: notReached.evidence ? [notReached.evidence] : [{ type: 'default' }],
        equivalents: equivalentsOf(stage.id),
      };
    }
    // Organisations that contribute also consume: the most mature stage with solid evidence is the one they reached.
    let chosen: string | undefined;
    for (const s of reference.stages) {
      const sc = stages.get(s.id)?.score ?? 0;
      if (sc > 0 && sc >= weights.stageShare * best) chosen = s.id;
    }
    const s = stages.get(chosen!)!;
    return {
      id: chosen!,
      confidence: round(confidenceOf(s.score) * Math.sqrt(s.score / total)),
      source: 'auto',
      evidence: s.evidence,
      equivalents: equivalentsOf(chosen!),
    };
  };

  const equivalentsOf = (stageId: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const model of taxonomy.models) {
      const st = taxonomy.stageInModel(stageId, model.id);
      if (st) out[model.id] = st.id;
    }
    return out;
  };

  return { taxonomy, weights, tag, stemOf: patterns.stemOf };
}

function compileTaxonomy(taxonomy: Taxonomy, w: Weights, extras: ExtraSignals): PatternSet {
  const entries: { signal: string; target: PatternTarget }[] = [];
  const push = (
    kind: LabelKind,
    signal: string,
    target: Omit<PatternTarget, 'kind' | 'weight'>,
    weight = 1,
  ) => {
    const factor = extras.reweight[kind].get(signal.toLowerCase()) ?? 1;
    if (factor > 0) entries.push({ signal, target: { kind, weight: weight * factor, ...target } });
  };
  for (const p of taxonomy.petals)
    for (const signal of p.signals) push('petal', signal, { id: p.id, via: 'signal' });
  for (const m of taxonomy.motivators) {
    for (const signal of m.signals) push('motivator', signal, { id: m.id, via: 'signal' });
  }
  for (const model of taxonomy.models) {
    const isReference = model.id === taxonomy.referenceModel.id;
    for (const stage of model.stages) {
      for (const signal of stage.signals) {
        if (isReference) push('stage', signal, { id: stage.id, via: 'signal' });
        else push('stage', signal, { id: stage.equivalent, via: 'model', ref: stage.id }, w.otherModel);
      }
      if (!isReference) continue;
      for (const item of stage.checklist) {
        for (const signal of item.signals) {
          push('stage', signal, { id: stage.id, via: 'checklist', ref: item.id }, w.checklist);
        }
      }
    }
  }
  for (const kind of ['petal', 'stage', 'motivator'] as const) {
    for (const [id, signals] of Object.entries(extras.signals[kind])) {
      for (const signal of signals) entries.push({ signal, target: { kind, id, weight: 1, via: 'signal' } });
    }
  }
  return compilePatterns(entries);
}

/**
 * Drops a match when a longer match for the same label covers it ("contributor licence agreement" and "licence"
 * are one piece of evidence for Legal, not two).
 */
function outermost(matches: Match[]): Match[] {
  if (matches.length < 2) return matches;
  return matches.filter((m) => {
    const len = m.last - m.first;
    for (const o of matches) {
      if (o === m || o.last - o.first <= len || o.first > m.first || o.last < m.last) continue;
      // Only when the longer match speaks for every label the shorter one does; otherwise both count.
      if (m.pattern.targets.every((u) => o.pattern.targets.some((t) => t.kind === u.kind && t.id === u.id))) {
        return false;
      }
    }
    return true;
  });
}

function add(scores: Scores, id: string, weight: number, evidence: Evidence, keepEvidence = true): void {
  let s = scores.get(id);
  if (!s) {
    s = { score: 0, evidence: [] };
    scores.set(id, s);
  }
  s.score += weight;
  if (keepEvidence && s.evidence.length < 8) s.evidence.push(evidence);
}

function confidenceOf(score: number): number {
  return score <= 0 ? 0 : Math.min(0.99, score / (score + 1));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function pickMany(scores: Scores, min: number, max: number, known: (id: string) => boolean): LabelTag[] {
  const ranked = [...scores]
    .filter(([id, s]) => known(id) && s.score >= min)
    .sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1))
    .slice(0, max);
  return ranked.map(([id, s]) => ({
    id,
    confidence: round(confidenceOf(s.score)),
    source: 'auto',
    evidence: s.evidence,
  }));
}

/** Self-chosen labels go first with full confidence; text evidence for them is kept beside the choice. */
function withSelf(auto: LabelTag[], chosen: readonly string[], known: (id: string) => boolean): LabelTag[] {
  const self = [...new Set(chosen)].filter(known);
  if (self.length === 0) return auto;
  const byId = new Map(auto.map((t) => [t.id, t]));
  const first: LabelTag[] = self.map((id) => ({
    id,
    confidence: 1,
    source: 'self',
    evidence: [{ type: 'self' }, ...(byId.get(id)?.evidence ?? [])],
  }));
  return [...first, ...auto.filter((t) => !self.includes(t.id))];
}
