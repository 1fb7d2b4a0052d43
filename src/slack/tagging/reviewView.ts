import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { Taxonomy } from '../../tagging/taxonomy.js';
import { escapeMrkdwn, truncate } from '../blocks/text.js';
import { evidenceSummary } from './evidenceText.js';
import { BLOCK, PICK, REVIEW_CALLBACK_ID } from './ids.js';
import { currentLabels, type ReviewData } from './reviewData.js';

/** What the review modal carries to its submission (private_metadata ≤ 3000 characters). */
export interface ReviewMetadata {
  /** Answer id and the version staff saw. */
  a: number;
  v: number;
  /** The queue modal below this one, refreshed after saving. */
  q?: string;
}

const ANSWER_CHARS = 2500;

const plain = (text: string): { type: 'plain_text'; text: string; emoji: boolean } => ({
  type: 'plain_text',
  text,
  emoji: true,
});

function option(value: string, text: string, description?: string): PlainTextOption {
  return {
    text: plain(truncate(text, 75)),
    value,
    ...(description ? { description: plain(truncate(description, 75)) } : {}),
  };
}

/**
 * The review modal: the answer, what was suggested and why, and inputs preselected with the current tags so that
 * "Save" as shown confirms them. Selects are multi_static_select (≤ 100 options) because motivators outnumber the
 * 10 options checkboxes allow; the stage is one static_select over the reference model.
 */
export function reviewView(taxonomy: Taxonomy, data: ReviewData, meta: ReviewMetadata): ModalView {
  const { answer, tags } = data;
  const current = currentLabels(tags);
  const petalOptions = taxonomy.petals.map((p) => option(p.id, p.name, p.summary));
  const stageOptions = taxonomy.referenceModel.stages.map((s) => option(s.id, s.name, s.summary));
  const motivatorOptions = taxonomy.motivators.map((m) => option(m.id, m.name, m.summary));
  const pick = (options: PlainTextOption[], ids: readonly string[]) =>
    ids.map((id) => options.find((o) => o.value === id)).filter((o): o is PlainTextOption => o !== undefined);

  const nameOf = (kind: string, id: string) =>
    (kind === 'petal'
      ? taxonomy.petalById(id)?.name
      : kind === 'stage'
        ? taxonomy.stageById(id)?.name
        : taxonomy.motivatorById(id)?.name) ?? id;
  const suggestionLines = tags
    .filter((t) => t.source !== 'staff')
    .sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || b.confidence - a.confidence)
    .slice(0, 20)
    .map((t) => {
      const why = evidenceSummary(t.evidence);
      const who = t.source === 'self' ? 'own choice' : `${Math.round(t.confidence * 100)}%`;
      return `• ${t.kind}: *${escapeMrkdwn(nameOf(t.kind, t.label))}* (${who})${why ? ` — ${why}` : ''}`;
    });

  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${escapeFit(answer.question, 300)}*` },
    },
    {
      type: 'section',
      block_id: 'answer',
      text: {
        type: 'mrkdwn',
        text: `>${escapeFit(answer.text ?? '(text erased)', ANSWER_CHARS).replace(/\n/g, '\n>')}`,
      },
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Asked as ${escapeMrkdwn(answer.audience)} · answer #${answer.answerId}${data.reviewed ? ' · already reviewed by staff' : ''}`,
        },
      ],
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          suggestionLines.length > 0
            ? `*Suggested*\n${suggestionLines.join('\n')}`
            : '*Suggested*\nNothing yet.',
          3000,
        ),
      },
    },
    { type: 'divider' },
    {
      type: 'input',
      block_id: BLOCK.petals,
      label: plain('Petals'),
      hint: plain('Every petal the answer speaks about; the first is the main one.'),
      element: {
        type: 'multi_static_select',
        action_id: PICK,
        placeholder: plain('Choose petals'),
        options: petalOptions,
        ...nonEmpty('initial_options', pick(petalOptions, current.petals)),
      },
    },
    {
      type: 'input',
      block_id: BLOCK.stage,
      label: plain(`Maturity stage (${truncate(taxonomy.referenceModel.name, 40)})`),
      element: {
        type: 'static_select',
        action_id: PICK,
        placeholder: plain('Choose a stage'),
        options: stageOptions,
        ...(current.stage && pick(stageOptions, [current.stage])[0]
          ? { initial_option: pick(stageOptions, [current.stage])[0] }
          : {}),
      },
    },
    {
      type: 'input',
      block_id: BLOCK.motivators,
      optional: true,
      label: plain('Motivators'),
      element: {
        type: 'multi_static_select',
        action_id: PICK,
        placeholder: plain('Choose motivators'),
        options: motivatorOptions,
        ...nonEmpty('initial_options', pick(motivatorOptions, current.motivators)),
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: REVIEW_CALLBACK_ID,
    private_metadata: JSON.stringify(meta),
    title: plain('Review tags'),
    submit: plain(data.reviewed ? 'Save' : 'Confirm'),
    close: plain('Cancel'),
    blocks,
  };
}

function nonEmpty(
  key: 'initial_options',
  options: PlainTextOption[],
): { initial_options?: PlainTextOption[] } {
  return options.length > 0 ? { [key]: options } : {};
}

/**
 * Escaped for mrkdwn and cut so that the escaped text fits `max` (escaping lengthens: & becomes &amp;). Lines are
 * counted too, since each newline of a quote gains a ">".
 */
export function escapeFit(text: string, max: number): string {
  let cut = truncate(text, max);
  let escaped = escapeMrkdwn(cut);
  while (escaped.length + (escaped.match(/\n/g)?.length ?? 0) > max && cut.length > 1) {
    cut = truncate(cut, Math.max(1, cut.length - Math.ceil((escaped.length - max) / 2) - 1));
    escaped = escapeMrkdwn(cut);
  }
  return escaped;
}

function kindOrder(kind: string): number {
  return kind === 'petal' ? 0 : kind === 'stage' ? 1 : 2;
}
