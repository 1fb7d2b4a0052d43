import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { isChoiceQuestion, type Question, type QuestionSet } from '../../interviews/questionSets.js';
import {
  ACTION,
  BLOCK,
  type ModalStep,
  motivatorGroups,
  motivatorsBlockId,
  questionBlockId,
} from '../../interviews/steps.js';
import { CONSENTS } from '../../interviews/validateAnswers.js';
import type { DraftValue } from '../../store/drafts.js';
import type { InterviewRecord } from '../../store/interviewResponses.js';
import type { Taxonomy } from '../../tagging/taxonomy.js';
import { escapeMrkdwn, truncate } from '../blocks/text.js';
import { CALLBACK_STEP, encodeStepMetadata } from './ids.js';

const TITLE_MAX = 24;
const MAX_SELECT_OPTIONS = 100;

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

/** The modal title with the step, e.g. "Open source & you · 2/3", shortening the set's title if it must. */
export function stepTitle(title: string, step: ModalStep): string {
  if (step.total <= 1) return truncate(title, TITLE_MAX);
  const withStep = `${title} · ${step.number}/${step.total}`;
  // A title cut to make room would read worse than none: the context line under it says the step too.
  return [...withStep].length <= TITLE_MAX ? withStep : truncate(title, TITLE_MAX);
}

type Opt = PlainTextOption & { value: string };

function option(text: string, value: string, description?: string): Opt {
  return {
    text: plain(truncate(text, 75)),
    value,
    ...(description ? { description: plain(truncate(description, 75)) } : {}),
  };
}

/** At most `max` UTF-16 units, never splitting an emoji: only an answer stored under a longer old limit is cut. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

function questionBlock(q: Question, value: DraftValue | undefined): KnownBlock {
  const base = {
    type: 'input' as const,
    block_id: questionBlockId(q.id),
    label: plain(q.label),
    optional: !q.required,
    ...(q.hint ? { hint: plain(q.hint) } : {}),
  };
  if (isChoiceQuestion(q)) {
    const options = q.options.map((o) => option(o.text, o.value));
    if (q.kind === 'single_choice') {
      const initial = typeof value === 'string' ? options.find((o) => o.value === value) : undefined;
      return {
        ...base,
        element: {
          type: 'radio_buttons',
          action_id: ACTION.answer,
          options,
          ...(initial ? { initial_option: initial } : {}),
        },
      };
    }
    const chosen = new Set(Array.isArray(value) ? value : []);
    const initial = options.filter((o) => chosen.has(o.value));
    return {
      ...base,
      element: {
        type: 'checkboxes',
        action_id: ACTION.answer,
        options,
        ...(initial.length > 0 ? { initial_options: initial } : {}),
      },
    };
  }
  const initial = typeof value === 'string' && value !== '' ? clip(value, q.maxLength) : undefined;
  return {
    ...base,
    element: {
      type: 'plain_text_input',
      action_id: ACTION.answer,
      multiline: q.kind === 'long_text',
      max_length: q.maxLength,
      ...(q.minLength !== undefined ? { min_length: q.minLength } : {}),
      ...(q.placeholder ? { placeholder: plain(q.placeholder) } : {}),
      ...(initial !== undefined ? { initial_value: initial } : {}),
    },
  };
}

function closingBlocks(
  taxonomy: Taxonomy,
  values: Record<string, DraftValue>,
  mode: 'self' | 'record',
): KnownBlock[] {
  const you = mode === 'self';
  const petals = taxonomy.petals
    .slice(0, MAX_SELECT_OPTIONS)
    .map((p) => option(p.emoji ? `${p.emoji} ${p.name}` : p.name, p.id));
  const petal = petals.find((o) => o.value === values[BLOCK.petal]);
  const blocks: KnownBlock[] = [
    { type: 'divider' },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: you
          ? '*Last, a little about you.* This helps us place your answers on the OSPO flower.'
          : '*Last, a little about them*, as they told you.',
      },
    },
    {
      type: 'input',
      block_id: BLOCK.petal,
      label: plain(you ? 'Which area fits your work best?' : 'Which area fits their work best?'),
      hint: plain('The petals of the OSPO flower. Pick the closest; you can change it later.'),
      element: {
        type: 'static_select',
        action_id: ACTION.petal,
        placeholder: plain('Choose an area'),
        options: petals,
        ...(petal ? { initial_option: petal } : {}),
      },
    },
  ];
  const groups = motivatorGroups(taxonomy.motivators);
  groups.forEach((group, g) => {
    const options = group.map((m) => option(m.name, m.id, m.summary));
    const chosen = new Set(
      Array.isArray(values[motivatorsBlockId(g)]) ? (values[motivatorsBlockId(g)] as string[]) : [],
    );
    const initial = options.filter((o) => chosen.has(o.value));
    const label = you ? 'What matters most to you about open source?' : 'What matters most to them?';
    blocks.push({
      type: 'input',
      block_id: motivatorsBlockId(g),
      optional: true,
      label: plain(groups.length > 1 ? `${label} (${g + 1} of ${groups.length})` : label),
      ...(g === 0 ? { hint: plain('Tick as many as you like, or none.') } : {}),
      element: {
        type: 'checkboxes',
        action_id: ACTION.motivators,
        options,
        ...(initial.length > 0 ? { initial_options: initial } : {}),
      },
    });
  });
  const consents = CONSENTS.map((c) => option(c.text, c.value));
  const consent = consents.find((o) => o.value === values[BLOCK.consent]);
  blocks.push({
    type: 'input',
    block_id: BLOCK.consent,
    label: plain(you ? 'May we quote you in the OSPO digest?' : 'What did they agree to about quotes?'),
    hint: plain(
      you
        ? 'Quotes are shown only as you choose here. Your answers are used either way.'
        : 'Record exactly what they said; they can change it later.',
    ),
    element: {
      type: 'radio_buttons',
      action_id: ACTION.consent,
      options: consents,
      ...(consent ? { initial_option: consent } : {}),
    },
  });
  return blocks;
}

export interface StepViewArgs {
  set: QuestionSet;
  step: ModalStep;
  interview: InterviewRecord;
  taxonomy: Taxonomy;
  values: Record<string, DraftValue>;
  mode: 'self' | 'record';
}

/** One step of the interview modal. Pure: the same inputs give the same view. */
export function interviewStepView({ set, step, interview, taxonomy, values, mode }: StepViewArgs): ModalView {
  const blocks: KnownBlock[] = [];
  const where = `${step.total > 1 ? `Step ${step.number} of ${step.total} · ` : ''}${escapeMrkdwn(truncate(interview.campaignName, 200))}`;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: where }] });
  if (mode === 'record') {
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `:memo: You are recording <@${interview.userId}>'s answers from your talk.` },
      ],
    });
  } else if (step.number === 1) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(set.intro) } });
  }
  for (const q of step.questions) blocks.push(questionBlock(q, values[questionBlockId(q.id)]));
  if (step.closing) blocks.push(...closingBlocks(taxonomy, values, mode));
  const editing = interview.version > 0;
  return {
    type: 'modal',
    callback_id: CALLBACK_STEP,
    private_metadata: encodeStepMetadata({ interviewId: interview.id, step: step.number }),
    title: plain(stepTitle(set.title, step)),
    submit: plain(step.closing ? (editing ? 'Save changes' : 'Send answers') : 'Next'),
    close: plain('Cancel'),
    notify_on_close: false,
    blocks,
  };
}

export interface ThankYouArgs {
  set: QuestionSet;
  interview: InterviewRecord;
  mode: 'self' | 'record';
  /** True when this replaced answers given before. */
  edited: boolean;
}

/** What the modal turns into once the answers are stored: thanks, and what happens next. */
export function thankYouView({ set, interview, mode, edited }: ThankYouArgs): ModalView {
  const consent = CONSENTS.find((c) => c.value === interview.consent);
  const campaign = escapeMrkdwn(truncate(interview.campaignName, 200));
  const text =
    mode === 'record'
      ? `*Thank you!* <@${interview.userId}>'s answers are saved, marked as recorded by you.\n` +
        `${consent ? `${consent.recorded}.` : ''} They can see and change them from their Home tab until ${campaign} closes.`
      : `*Thank you!* ${edited ? 'Your changes are saved.' : 'Your answers are saved.'}\n\n` +
        '*What happens next*\n' +
        `• The OSPO reads every answer and maps it onto the petals of the OSPO flower and its maturity stages.\n` +
        `• A weekly digest in the OSPO channel shares what people across the organisation said. ${
          consent?.value === 'name'
            ? 'You may be quoted by name.'
            : consent?.value === 'anonymous'
              ? 'You may be quoted, without your name.'
              : 'You will not be quoted.'
        }\n` +
        `• You can read or change your answers from the Home tab until ${campaign} closes.`;
  return {
    type: 'modal',
    callback_id: 'interview_done',
    title: plain(truncate(set.title, TITLE_MAX)),
    close: plain('Done'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}

/** A modal that only says something: why a form could not open or was not saved. */
export function messageView(title: string, text: string): ModalView {
  return {
    type: 'modal',
    callback_id: 'interview_message',
    title: plain(truncate(title, TITLE_MAX)),
    close: plain('Close'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }],
  };
}
