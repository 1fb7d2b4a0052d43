import type { Motivator } from '../tagging/taxonomy.js';
import type { Question, QuestionSet } from './questionSets.js';

/** Block ids of the last step's own inputs. Question blocks are `q-<question id>`, so they can never collide. */
export const BLOCK = {
  petal: 'petal',
  consent: 'consent',
  motivatorsPrefix: 'motivators-',
} as const;

export const ACTION = {
  answer: 'answer',
  petal: 'petal',
  motivators: 'motivators',
  consent: 'consent',
} as const;

export function questionBlockId(questionId: string): string {
  return `q-${questionId}`;
}

export function motivatorsBlockId(group: number): string {
  return `${BLOCK.motivatorsPrefix}${group}`;
}

/** Slack: a modal holds at most 100 blocks; checkboxes at most 10 options. */
export const MAX_VIEW_BLOCKS = 100;
export const MAX_CHOICES_PER_BLOCK = 10;
/** Blocks every step spends besides its inputs: the step/intro context and a note when notes are being recorded. */
const STEP_OVERHEAD_BLOCKS = 2;
/** Blocks the closing part spends besides its inputs: a divider and a heading. */
const CLOSING_OVERHEAD_BLOCKS = 2;

/** One view of the interview modal. */
export interface ModalStep {
  /** 1-based. */
  number: number;
  total: number;
  questions: readonly Question[];
  /** The step that also asks petal, motivators and consent, and whose submit stores the interview. */
  closing: boolean;
}

/**
 * Splits the motivators into checkbox groups of at most 10, as even as possible (12 become 6 + 6, not 10 + 2), so
 * that each group reads as a list of its own rather than a remainder.
 */
export function motivatorGroups(motivators: readonly Motivator[]): Motivator[][] {
  if (motivators.length === 0) return [];
  const groups = Math.ceil(motivators.length / MAX_CHOICES_PER_BLOCK);
  const size = Math.ceil(motivators.length / groups);
  const out: Motivator[][] = [];
  for (let i = 0; i < motivators.length; i += size) out.push(motivators.slice(i, i + size));
  return out;
}

/** Blocks the closing part takes: heading, petal, one block per motivator group, consent. */
export function closingBlockCount(motivatorCount: number): number {
  return CLOSING_OVERHEAD_BLOCKS + 1 + Math.ceil(motivatorCount / MAX_CHOICES_PER_BLOCK) + 1;
}

/**
 * The modal's steps for a question set: the set's own steps (the loader groups questions, at most 3 steps), with the
 * petal, motivators and consent added to the last one. Only when that would overflow Slack's 100 blocks do they get
 * a step of their own. Steps are shown with `response_action: 'update'`, so the modal stack stays one view deep
 * however many steps there are.
 */
export function planSteps(set: Pick<QuestionSet, 'steps'>, motivatorCount: number): ModalStep[] {
  const groups = set.steps.filter((s) => s.length > 0);
  const closingBlocks = closingBlockCount(motivatorCount);
  const last = groups.at(-1);
  const fits = last !== undefined && STEP_OVERHEAD_BLOCKS + last.length + closingBlocks <= MAX_VIEW_BLOCKS;
  const questionSteps: (readonly Question[])[] = fits || last === undefined ? groups : [...groups, []];
  const total = Math.max(1, questionSteps.length);
  if (questionSteps.length === 0) return [{ number: 1, total: 1, questions: [], closing: true }];
  return questionSteps.map((questions, i) => ({
    number: i + 1,
    total,
    questions,
    closing: i === questionSteps.length - 1,
  }));
}
