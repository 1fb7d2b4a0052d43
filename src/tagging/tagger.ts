import { isAudience } from '../interviews/audience.js';
import { type ExtraSignals, NO_EXTRA_SIGNALS } from './extraSignals.js';
import { type AnswerView, type Features, featureMap, questionStems } from './features.js';
import { newHits, type TaggerModel } from './model.js';
import { type Decided, labelsByModel, stageByModel } from './modelPick.js';
import {
  compilePatterns,
  type LabelKind,
  type Match,
  type PatternSet,
  type PatternTarget,
} from './patterns.js';
import { markScopes, NEGATED, UNREAL } from './scope.js';
import { confidenceOf, type EvidenceRef, materialise, round, type Scores } from './scores.js';
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
  /** What evidence for a stage (or above) still counts when the answer says that stage's practice is not done. */
  deniedStage: number;
  /** Smallest score for a petal or motivator to be given. */
  petalMin: number;
  motivatorMin: number;
  /** The most mature stage whose score reaches this share of the best score wins. */
  stageShare: number;
  /** Below this, the stage evidence is too thin to use and the default stage is given. */
  stageMin: number;
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
  deniedStage: 0.5,
  petalMin: 1,
  motivatorMin: 1,
  stageShare: 0.7,
  stageMin: 0.5,
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
  /** The trained model (data/tagging/model.json): decides the labels it knows from the signals and the words. */
  model?: TaggerModel;
}

export interface Tagger {
  readonly taxonomy: Taxonomy;
  readonly weights: Weights;
  tag(input: TagInput): TagResult;
  /** What the model reads of an answer: the same features `tag` computes, for training it. */
  features(input: TagInput): Features;
  /** The model's raw scores for an answer as `tag` computes them (undefined without a model). */
  modelScores(input: TagInput): Float64Array | undefined;
  /** The stem of a word, as the tagger sees it (the learner indexes with the same stems). */
  stemOf(word: string): string;
}

const MAX_EVIDENCE = 8;

/**
 * A staff vote (3 × similarity, see learner.ts) in the model's log-odds: an answer much like a corrected one
 * (similarity 0.5) moves a label by 9, past what the words say; a loose likeness (0.3) by about 5.
 */
const STAFF_VOTE_LOGITS = 6;

export function createTagger(taxonomy: Taxonomy, options: TaggerOptions = {}): Tagger {
  const weights: Weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const model = options.model;
  const hits = newHits();
  const patterns = compileTaxonomy(taxonomy, weights, options.extras ?? NO_EXTRA_SIGNALS);
  const reference = taxonomy.referenceModel;
  // Where each taxonomy label sits in the model's scores (undefined: the model was trained without it).
  const modelSlots = model && {
    petal: taxonomy.petals.map((p) => [p.id, model.indexOf('petal', p.id)] as const),
    motivator: taxonomy.motivators.map((m) => [m.id, model.indexOf('motivator', m.id)] as const),
    stages: reference.stages
      .map((st) => model.indexOf('stage', st.id))
      .filter((i): i is number => i !== undefined),
  };
  const stageOrder = new Map(reference.stages.map((s, i) => [s.id, i]));
  // Whoever is asked about open source uses it: with no evidence at all, the first stage past the starting one.
  const fallbackOrder = Math.min(1, reference.stages.length - 1);
  const equivalents = new Map(reference.stages.map((s) => [s.id, equivalentsIn(taxonomy, s.id)]));
  const known: Record<LabelKind, (id: string) => boolean> = {
    petal: (id) => taxonomy.petalById(id) !== undefined,
    motivator: (id) => taxonomy.motivatorById(id) !== undefined,
    stage: (id) => stageOrder.has(id),
  };
  // Questions repeat across answers: what the tagger reads of one (its petal evidence for the signals, its word
  // stems for the model) is worked out once per question text.
  const questionCache = new Map<
    string,
    { votes: { id: string; weight: number; ref: EvidenceRef }[]; stems: string[] }
  >();
  const questionOf = (question: string) => {
    let read = questionCache.get(question);
    if (!read) {
      const votes: { id: string; weight: number; ref: EvidenceRef }[] = [];
      const tokens = tokenize(question);
      for (const { match: m, targets } of outermost(patterns.match(tokens))) {
        for (const t of targets) {
          if (t.kind !== 'petal') continue;
          const ref: EvidenceRef = {
            fixed: {
              type: 'words',
              text: question.slice(tokens[m.first]!.start, tokens[m.last]!.end),
              signal: m.pattern.signal,
              in: 'question',
            },
          };
          votes.push({ id: t.id, weight: t.weight * weights.question, ref });
        }
      }
      read = { votes, stems: questionStems(tokens, patterns.stemOf) };
      if (questionCache.size > 1_000) questionCache.clear();
      questionCache.set(question, read);
    }
    return read;
  };

  /** The signals' verdict on an answer, before anything learnt: scores per label and what the answer denies. */
  const analyse = (input: TagInput) => {
    const petals: Scores = new Map();
    const stages: Scores = new Map();
    const motivators: Scores = new Map();
    const text = input.text ?? '';

    const tokens = tokenize(text);
    const flags = markScopes(tokens);
    const counted = new Map<PatternTarget, number>();
    let notReached: { order: number; ref?: EvidenceRef } = { order: Number.POSITIVE_INFINITY };
    for (const { match, targets } of outermost(patterns.match(tokens))) {
      const f = flags[match.first]!;
      const length = 1 + weights.phraseBonus * (match.pattern.elements.length - 1);
      for (const target of targets) {
        const seen = counted.get(target) ?? 0;
        counted.set(target, seen + 1);
        const base = target.weight * length * (seen === 0 ? 1 : weights.repeat);
        const ref: EvidenceRef | undefined = seen === 0 ? { match, target, flags: f } : undefined;
        if (target.kind === 'petal') {
          add(petals, target.id, f & NEGATED ? base * weights.negatedPetal : base, ref);
        } else if (target.kind === 'motivator') {
          add(motivators, target.id, f & NEGATED ? base * weights.negatedMotivator : base, ref);
        } else if (f & (NEGATED | UNREAL)) {
          // Not done (yet): no evidence for this stage, and a sign the organisation has not reached it. Only for
          // stages past the default one: a usage word under a negation ("not to fix other people's libraries") is
          // too often incidental to mean "we do not use open source".
          const order = stageOrder.get(target.id);
          if (order !== undefined && order > fallbackOrder && order < notReached.order)
            notReached = { order, ref: { match, target, flags: f } };
        } else {
          add(stages, target.id, base, ref);
        }
      }
    }

    if (input.question) {
      for (const v of questionOf(input.question).votes) add(petals, v.id, v.weight, v.ref);
    }

    if (isAudience(input.audience)) {
      add(petals, taxonomy.defaultPetalFor(input.audience).id, weights.audience, {
        fixed: { type: 'audience', audience: input.audience },
      });
    }
    return { text, tokens, flags, petals, stages, motivators, notReached };
  };

  type Analysis = ReturnType<typeof analyse>;

  const viewOf = (input: TagInput, a: Analysis): AnswerView => ({
    tokens: a.tokens,
    flags: a.flags,
    stemOf: patterns.stemOf,
    signals: [
      { kind: 'petal', scores: a.petals },
      { kind: 'stage', scores: a.stages },
      { kind: 'motivator', scores: a.motivators },
    ],
    deniedStage: Number.isFinite(a.notReached.order) ? reference.stages[a.notReached.order]?.id : undefined,
    audience: isAudience(input.audience) ? input.audience : undefined,
    questionStems: input.question ? questionOf(input.question).stems : [],
  });

  const tag = (input: TagInput): TagResult => {
    const a = analyse(input);
    const { text, tokens, petals, stages, motivators, notReached } = a;
    const votes = options.learner ? options.learner.votes(tokens, patterns.stemOf, input.answerId) : [];

    let petalTags: LabelTag[];
    let motivatorTags: LabelTag[];
    let stage: StageTag;
    if (model) {
      const z = model.score(viewOf(input, a), hits);
      // What staff taught moves the model's scores directly: one close correction outweighs the words.
      const scoresOf = { petal: petals, stage: stages, motivator: motivators };
      for (const v of votes) {
        const i = model.indexOf(v.kind, v.id);
        if (i !== undefined) z[i]! += v.weight * STAFF_VOTE_LOGITS;
        add(scoresOf[v.kind], v.id, i === undefined ? v.weight : 0, { fixed: v.evidence });
      }
      const decided: Decided = { model, z, hits, text, tokens };
      const { petal, motivator, stages: stageSlots } = modelSlots!;
      petalTags = labelsByModel(decided, petal, petals, weights.petalMin, Number.POSITIVE_INFINITY, false);
      motivatorTags = labelsByModel(
        decided,
        motivator,
        motivators,
        weights.motivatorMin,
        weights.maxMotivators,
        true,
      );
      // A model that lacks one of the taxonomy's stages could never choose it: the signals choose instead.
      if (stageSlots.length === reference.stages.length) {
        const chosen = stageByModel(decided, stageSlots, stages, notReached.order);
        stage = { ...chosen, equivalents: { ...equivalents.get(chosen.id)! } };
      } else {
        stage = pickStage(stages, notReached, (refs) => refs.map((r) => materialise(r, text, tokens)));
      }
    } else {
      for (const v of votes) {
        const target = v.kind === 'petal' ? petals : v.kind === 'stage' ? stages : motivators;
        add(target, v.id, v.weight, { fixed: v.evidence });
      }
      const evidenceOf = (refs: EvidenceRef[]) => refs.map((r) => materialise(r, text, tokens));
      petalTags = pickMany(petals, weights.petalMin, Number.POSITIVE_INFINITY, known.petal, evidenceOf);
      motivatorTags = pickMany(
        motivators,
        weights.motivatorMin,
        weights.maxMotivators,
        known.motivator,
        evidenceOf,
      );
      stage = pickStage(stages, notReached, evidenceOf);
    }
    const finalPetals = withSelf(petalTags, input.selfPetal ? [input.selfPetal] : [], known.petal);
    const finalMotivators = withSelf(motivatorTags, input.selfMotivators ?? [], known.motivator);

    const top = finalPetals[0]?.confidence ?? 0;
    return {
      petals: finalPetals,
      stage,
      motivators: finalMotivators,
      confidence: round(Math.min(top, stage.confidence)),
      taxonomyVersion: taxonomy.version,
    };
  };

  /**
   * The signals' stage: the most mature stage with solid evidence, after what the answer denies weighs on that stage
   * and above ("we don't contribute back, the CLA scares legal" mentions contribution without contributing). With
   * too little evidence, the usual stage, or the one below a denied one.
   */
  const signalsStage = (stages: Scores, notReached: { order: number }) => {
    const scoreOf = (id: string) => {
      const sc = stages.get(id)?.score ?? 0;
      const denied = (stageOrder.get(id) ?? -1) >= notReached.order && weights.deniedStage < 1;
      return denied ? sc * weights.deniedStage : sc;
    };
    let best = 0;
    let total = 0;
    for (const st of reference.stages) {
      const sc = scoreOf(st.id);
      if (sc <= 0) continue;
      best = Math.max(best, sc);
      total += sc;
    }
    if (best < weights.stageMin) {
      const capped = Math.min(fallbackOrder, Math.max(0, notReached.order - 1));
      return { id: reference.stages[capped]!.id, score: 0, total };
    }
    // Organisations that contribute also consume: the most mature stage with solid evidence is the one they reached.
    let chosen = reference.stages[0]!.id;
    let score = 0;
    for (const st of reference.stages) {
      const sc = scoreOf(st.id);
      if (sc > 0 && sc >= Math.min(1, weights.stageShare) * best) {
        chosen = st.id;
        score = sc;
      }
    }
    return { id: chosen, score, total };
  };

  const pickStage = (
    stages: Scores,
    notReached: { order: number; ref?: EvidenceRef },
    evidenceOf: (refs: EvidenceRef[]) => Evidence[],
  ): StageTag => {
    const { id, score, total } = signalsStage(stages, notReached);
    if (score === 0) {
      // "We don't contribute back" with nothing else said: below the stage that was denied.
      return {
        id,
        confidence: notReached.ref ? 0.3 : 0.1,
        source: 'auto',
        evidence: notReached.ref ? evidenceOf([notReached.ref]) : [{ type: 'default' }],
        equivalents: { ...equivalents.get(id)! },
      };
    }
    return {
      id,
      confidence: round(confidenceOf(score) * Math.sqrt(score / total)),
      source: 'auto',
      evidence: evidenceOf(stages.get(id)!.evidence),
      equivalents: { ...equivalents.get(id)! },
    };
  };

  return {
    taxonomy,
    weights,
    tag,
    features: (input): Features => featureMap(viewOf(input, analyse(input))),
    modelScores: (input) => {
      const z = model?.score(viewOf(input, analyse(input)));
      return z && Float64Array.from(z);
    },
    stemOf: patterns.stemOf,
  };
}

function equivalentsIn(taxonomy: Taxonomy, stageId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const model of taxonomy.models) {
    const st = taxonomy.stageInModel(stageId, model.id);
    if (st) out[model.id] = st.id;
  }
  return out;
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

interface Counted {
  match: Match;
  /** The labels this match still speaks for. */
  targets: readonly PatternTarget[];
}

/**
 * Each match with the labels no longer match covering it speaks for: "contributor licence agreement" and its
 * "licence" are one piece of evidence for Legal, while "licence" still counts for what the phrase does not say.
 */
function outermost(matches: Match[]): Counted[] {
  const out: Counted[] = [];
  const long = matches.filter((m) => m.last > m.first);
  for (const m of matches) {
    let targets: readonly PatternTarget[] = m.pattern.targets;
    for (const o of long) {
      if (o === m || o.last - o.first <= m.last - m.first || o.first > m.first || o.last < m.last) continue;
      targets = targets.filter((u) => !o.pattern.targets.some((t) => t.kind === u.kind && t.id === u.id));
    }
    if (targets.length > 0) out.push({ match: m, targets });
  }
  return out;
}

function add(scores: Scores, id: string, weight: number, ref: EvidenceRef | undefined): void {
  let s = scores.get(id);
  if (!s) {
    s = { score: 0, evidence: [] };
    scores.set(id, s);
  }
  s.score += weight;
  if (ref && s.evidence.length < MAX_EVIDENCE) s.evidence.push(ref);
}

function pickMany(
  scores: Scores,
  min: number,
  max: number,
  known: (id: string) => boolean,
  evidenceOf: (refs: EvidenceRef[]) => Evidence[],
): LabelTag[] {
  const ranked = [...scores]
    .filter(([id, s]) => s.score >= min && known(id))
    .sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1))
    .slice(0, max);
  return ranked.map(([id, s]) => ({
    id,
    confidence: round(confidenceOf(s.score)),
    source: 'auto',
    evidence: evidenceOf(s.evidence),
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
