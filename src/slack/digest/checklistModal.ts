import type { KnownBlock, ModalView, Option, PlainTextOption } from '@slack/types';
import { checklistOf } from '../../digest/nextSteps.js';
import type { MaturityModel, Stage, Taxonomy } from '../../tagging/taxonomy.js';
import { truncate } from '../blocks/text.js';

export const CHECKLIST_CALLBACK_ID = 'digest_checklist';
export const CHECKLIST_ACTION_ID = 'items';
const BLOCK_PREFIX = 'stage-';
/** Slack: checkboxes hold at most 10 options; option text and description at most 75 characters each. */
const OPTIONS_PER_GROUP = 10;
const OPTION_TEXT = 75;

export interface ChecklistMetadata {
  modelId: string;
  /** The item ids the modal showed: only these may be unticked by the submission. */
  shown: string[];
}

/** The model whose checklist staff tick: the shown model when it has checklists, else the reference model. */
export function checklistModel(taxonomy: Taxonomy): MaturityModel {
  const own = taxonomy.defaultModel.stages.some((s) => s.checklist.length > 0);
  return own ? taxonomy.defaultModel : taxonomy.referenceModel;
}

/** An item as a checkbox: the text cut at a word within 75 characters, the rest as the option's description. */
export function itemOption(id: string, text: string): PlainTextOption {
  if ([...text].length <= OPTION_TEXT) return { text: { type: 'plain_text', text }, value: id };
  const words = text.split(' ');
  let head = '';
  while (words.length > 0 && [...`${head} ${words[0]}`.trim()].length <= OPTION_TEXT - 1)
    head = `${head} ${words.shift()}`.trim();
  if (!head) head = truncate(text, OPTION_TEXT);
  const rest = text.slice(head.length).trim();
  return {
    text: { type: 'plain_text', text: rest ? `${head}…` : head },
    value: id,
    ...(rest ? { description: { type: 'plain_text', text: truncate(`…${rest}`, OPTION_TEXT) } } : {}),
  };
}

/**
 * One group of checkboxes per stage (several when a stage has more than ten items), each pre-ticked with what is
 * stored. Every group is optional: unticking everything is a valid answer.
 */
export function checklistView(taxonomy: Taxonomy, ticked: ReadonlySet<string>): ModalView {
  const model = checklistModel(taxonomy);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `Tick what the OSPO has in place. The weekly digest shows the next stage's items and which are done.\n_${truncate(model.name, 200)}_`,
      },
    },
  ];
  const shown: string[] = [];
  for (const stage of model.stages) {
    const items = checklistOf(stage, taxonomy);
    for (let i = 0; i < items.length; i += OPTIONS_PER_GROUP) {
      const group = items.slice(i, i + OPTIONS_PER_GROUP);
      const options: Option[] = group.map((item) => itemOption(item.id, item.text));
      const initial = options.filter((o) => ticked.has(String(o.value)));
      shown.push(...group.map((item) => item.id));
      blocks.push({
        type: 'input',
        block_id: `${BLOCK_PREFIX}${stage.id}${i > 0 ? `-${i / OPTIONS_PER_GROUP}` : ''}`,
        optional: true,
        label: { type: 'plain_text', text: truncate(stageLabel(stage, i > 0), 2000) },
        element: {
          type: 'checkboxes',
          action_id: CHECKLIST_ACTION_ID,
          options,
          ...(initial.length > 0 ? { initial_options: initial } : {}),
        },
      });
    }
  }
  const metadata: ChecklistMetadata = { modelId: model.id, shown };
  return {
    type: 'modal',
    callback_id: CHECKLIST_CALLBACK_ID,
    title: { type: 'plain_text', text: 'Maturity checklist' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

function stageLabel(stage: Stage, continued: boolean): string {
  return continued ? `${stage.name} (continued)` : stage.name;
}

export interface ParsedChecklist {
  modelId: string;
  shown: string[];
  ticked: string[];
}

/**
 * Reads a submission. Anything not from our own modal (no metadata, unknown model, item ids the taxonomy does not
 * have) is dropped rather than stored: a submission is untrusted input like any other.
 */
export function parseChecklistSubmission(
  taxonomy: Taxonomy,
  privateMetadata: string | undefined,
  values: Record<string, Record<string, { selected_options?: { value?: string }[] | null }>>,
): ParsedChecklist | undefined {
  let meta: ChecklistMetadata;
  try {
    meta = JSON.parse(privateMetadata ?? '') as ChecklistMetadata;
  } catch {
    return undefined;
  }
  const model = taxonomy.modelById(String(meta?.modelId));
  if (!model || !Array.isArray(meta.shown)) return undefined;
  const known = (id: unknown): id is string =>
    typeof id === 'string' && taxonomy.checklistItemById(id) !== undefined;
  const shown = meta.shown.filter(known);
  const ticked = new Set<string>();
  for (const [blockId, actions] of Object.entries(values ?? {})) {
    if (!blockId.startsWith(BLOCK_PREFIX)) continue;
    for (const option of actions?.[CHECKLIST_ACTION_ID]?.selected_options ?? []) {
      if (known(option?.value) && shown.includes(option.value)) ticked.add(option.value);
    }
  }
  return { modelId: model.id, shown, ticked: [...ticked] };
}

/** What the modal turns into after saving: a short confirmation the person closes. */
export function savedView(added: number, removed: number, tickedNow: number, total: number): ModalView {
  const changes =
    added === 0 && removed === 0
      ? 'Nothing changed.'
      : `${[added > 0 ? `${added} ticked` : '', removed > 0 ? `${removed} unticked` : ''].filter(Boolean).join(', ')}.`;
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Maturity checklist' },
    close: { type: 'plain_text', text: 'Done' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:white_check_mark: Saved. ${changes}\n${tickedNow} of ${total} items are ticked; the next digest shows them.`,
        },
      },
    ],
  };
}
