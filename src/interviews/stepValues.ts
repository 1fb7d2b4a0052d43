import type { DraftValue } from '../store/drafts.js';
import { isChoiceQuestion } from './questionSets.js';
import { ACTION, BLOCK, type ModalStep, motivatorsBlockId, questionBlockId } from './steps.js';

/** `view.state.values` as Slack sends it: block id → action id → element state. Untrusted. */
export type StateValues = Record<string, Record<string, unknown> | undefined>;

type ElementState = {
  value?: unknown;
  selected_option?: { value?: unknown } | null;
  selected_options?: { value?: unknown }[] | null;
};

function element(state: StateValues, blockId: string, actionId: string): ElementState | undefined {
  const block = state[blockId];
  if (!block || typeof block !== 'object') return undefined;
  const el = block[actionId];
  return el && typeof el === 'object' ? (el as ElementState) : undefined;
}

function textOf(el: ElementState | undefined): string | undefined {
  return typeof el?.value === 'string' ? el.value : undefined;
}

function choiceOf(el: ElementState | undefined): string | undefined {
  const v = el?.selected_option?.value;
  return typeof v === 'string' ? v : undefined;
}

function choicesOf(el: ElementState | undefined): string[] | undefined {
  if (!Array.isArray(el?.selected_options)) return undefined;
  return el.selected_options.map((o) => o?.value).filter((v): v is string => typeof v === 'string');
}

/**
 * Reads the inputs of one step out of a view submission, by block id. Only the step's own blocks are read, so a
 * payload carrying extra blocks changes nothing; a missing or malformed block reads as unanswered.
 */
export function readStepValues(
  step: ModalStep,
  state: StateValues,
  motivatorGroupCount: number,
): Record<string, DraftValue> {
  const out: Record<string, DraftValue> = {};
  for (const q of step.questions) {
    const blockId = questionBlockId(q.id);
    const el = element(state, blockId, ACTION.answer);
    const v = q.kind === 'multi_choice' ? choicesOf(el) : isChoiceQuestion(q) ? choiceOf(el) : textOf(el);
    if (v !== undefined) out[blockId] = v;
  }
  if (step.closing) {
    const petal = choiceOf(element(state, BLOCK.petal, ACTION.petal));
    if (petal !== undefined) out[BLOCK.petal] = petal;
    for (let g = 0; g < motivatorGroupCount; g++) {
      const picked = choicesOf(element(state, motivatorsBlockId(g), ACTION.motivators));
      if (picked !== undefined) out[motivatorsBlockId(g)] = picked;
    }
    const consent = choiceOf(element(state, BLOCK.consent, ACTION.consent));
    if (consent !== undefined) out[BLOCK.consent] = consent;
  }
  return out;
}
