import type { AnswerInput } from '../store/answers.js';
import type { DraftValue } from '../store/drafts.js';
import type { Consent } from '../store/interviewResponses.js';
import type { Taxonomy } from '../tagging/taxonomy.js';
import { isChoiceQuestion, type Question, type QuestionSet } from './questionSets.js';
import { BLOCK, type ModalStep, motivatorGroups, motivatorsBlockId, questionBlockId } from './steps.js';

export const CONSENTS: readonly { value: Consent; text: string; recorded: string }[] = [
  { value: 'name', text: 'Quote me by name', recorded: 'They may be quoted by name' },
  { value: 'anonymous', text: 'Quote me anonymously', recorded: 'They may be quoted anonymously' },
  { value: 'none', text: 'Do not quote me', recorded: 'They may not be quoted' },
];

export function isConsent(value: unknown): value is Consent {
  return CONSENTS.some((c) => c.value === value);
}

/**
 * Length as Slack's max_length counts it: UTF-16 units, as a browser's maxlength does (most emoji count two). Using
 * the same measure means a stored answer always fits back into the input when the modal reopens for an edit.
 */
export function characterCount(text: string): number {
  return text.length;
}

const number = (n: number) => n.toLocaleString('en-US');

/** Whitespace alone is no answer; what is stored otherwise is exactly what was typed. */
export function isBlank(value: DraftValue | undefined): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return value.trim() === '';
}

/** The problem with one question's answer, in words for the person answering; undefined when it is fine. */
export function checkAnswer(q: Question, value: DraftValue | undefined): string | undefined {
  if (isBlank(value)) return q.required ? 'Please answer this question.' : undefined;
  if (isChoiceQuestion(q)) {
    const allowed = new Set(q.options.map((o) => o.value));
    if (q.kind === 'single_choice') {
      return typeof value === 'string' && allowed.has(value)
        ? undefined
        : 'Please pick one of the options shown.';
    }
    return Array.isArray(value) && value.every((v) => allowed.has(v))
      ? undefined
      : 'Please pick from the options shown.';
  }
  if (typeof value !== 'string') return 'Please type your answer here.';
  const length = characterCount(value);
  if (length > q.maxLength) {
    return `Please shorten this to ${number(q.maxLength)} characters (it has ${number(length)}).`;
  }
  if (q.minLength !== undefined && value.trim() !== '' && length < q.minLength) {
    return `Please write at least ${number(q.minLength)} characters (it has ${number(length)}).`;
  }
  return undefined;
}

/** Problems with the closing inputs: petal, motivators, consent. */
function checkClosing(values: Record<string, DraftValue>, taxonomy: Taxonomy): Record<string, string> {
  const errors: Record<string, string> = {};
  const petal = values[BLOCK.petal];
  if (petal !== undefined && (typeof petal !== 'string' || !taxonomy.petalById(petal))) {
    errors[BLOCK.petal] = 'Please pick one of the areas listed.';
  }
  motivatorGroups(taxonomy.motivators).forEach((group, g) => {
    const picked = values[motivatorsBlockId(g)];
    if (picked === undefined) return;
    const allowed = new Set(group.map((m) => m.id));
    if (!Array.isArray(picked) || !picked.every((id) => allowed.has(id))) {
      errors[motivatorsBlockId(g)] = 'Please pick from the motivators listed.';
    }
  });
  if (!isConsent(values[BLOCK.consent]))
    errors[BLOCK.consent] = 'Please choose whether and how we may quote you.';
  return errors;
}

/**
 * Errors for one submitted step, keyed by block id as Slack's `response_action: 'errors'` wants them. Empty when the
 * step may move on.
 */
export function validateStep(
  step: ModalStep,
  values: Record<string, DraftValue>,
  taxonomy: Taxonomy,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const q of step.questions) {
    const problem = checkAnswer(q, values[questionBlockId(q.id)]);
    if (problem) errors[questionBlockId(q.id)] = problem;
  }
  return step.closing ? { ...errors, ...checkClosing(values, taxonomy) } : errors;
}

export interface CollectedSubmission {
  answers: AnswerInput[];
  petalId: string | null;
  motivatorIds: string[];
  consent: Consent;
}

/**
 * Turns the values of every step into what is stored, checking the whole interview again: steps submitted out of
 * order or a draft from an older question set cannot slip an unanswered required question or a foreign value through.
 * Choice answers are stored as their option values (several joined with ", ").
 */
export function collectSubmission(
  set: QuestionSet,
  values: Record<string, DraftValue>,
  taxonomy: Taxonomy,
): { ok: true; submission: CollectedSubmission } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const answers: AnswerInput[] = [];
  for (const q of set.questions) {
    const blockId = questionBlockId(q.id);
    const value = values[blockId];
    const problem = checkAnswer(q, value);
    if (problem) {
      errors[blockId] = problem;
      continue;
    }
    if (isBlank(value)) continue;
    answers.push({
      questionId: q.id,
      question: q.label,
      text: Array.isArray(value) ? value.join(', ') : value!,
    });
  }
  Object.assign(errors, checkClosing(values, taxonomy));
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const motivatorIds = motivatorGroups(taxonomy.motivators).flatMap((_, g) => {
    const picked = values[motivatorsBlockId(g)];
    return Array.isArray(picked) ? picked : [];
  });
  const petal = values[BLOCK.petal];
  return {
    ok: true,
    submission: {
      answers,
      petalId: typeof petal === 'string' ? petal : null,
      motivatorIds: [...new Set(motivatorIds)],
      consent: values[BLOCK.consent] as Consent,
    },
  };
}
