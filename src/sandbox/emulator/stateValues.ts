/**
 * Builds `view.state.values` the way Slack fills it when a user submits a modal: one entry per input
 * block (unanswered ones too, with null/empty values), keyed by block_id then action_id, shaped by the
 * element type. Answers name options by their `value`, as a person picks what the view offers.
 */

type Obj = Record<string, unknown>;

/** A text answer, the value(s) of the chosen option(s), a user/channel id, a date, or null to leave it empty. */
export type Answer = string | string[] | null;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function optionsOf(element: Obj): Obj[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((g) => (isObj(g) && Array.isArray(g.options) ? g.options : []))
    : [];
  return [...direct, ...grouped].filter(isObj);
}

function pick(element: Obj, value: string, blockId: string): Obj {
  const option = optionsOf(element).find((o) => o.value === value);
  if (!option) throw new Error(`block ${blockId}: no option with value "${value}" is offered`);
  return option;
}

function list(answer: Answer): string[] {
  if (answer === null) return [];
  return Array.isArray(answer) ? answer : [answer];
}

function one(answer: Answer): string | null {
  if (answer === null) return null;
  return Array.isArray(answer) ? (answer[0] ?? null) : answer;
}

function elementValue(element: Obj, answer: Answer, blockId: string): Obj {
  const type = String(element.type);
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons': {
      const v = one(answer);
      return { type, selected_option: v === null ? null : pick(element, v, blockId) };
    }
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: list(answer).map((v) => pick(element, v, blockId)) };
    case 'users_select':
      return { type, selected_user: one(answer) };
    case 'multi_users_select':
      return { type, selected_users: list(answer) };
    case 'conversations_select':
      return { type, selected_conversation: one(answer) };
    case 'multi_conversations_select':
      return { type, selected_conversations: list(answer) };
    case 'channels_select':
      return { type, selected_channel: one(answer) };
    case 'multi_channels_select':
      return { type, selected_channels: list(answer) };
    case 'datepicker':
      return { type, selected_date: one(answer) };
    case 'timepicker':
      return { type, selected_time: one(answer) };
    default:
      return { type, value: one(answer) };
  }
}

/**
 * @param blocks the view's blocks (as sent to views.open / stored by the emulator)
 * @param answers block_id → answer; a block_id that is not an input in the view is an error (a typo in a test)
 */
export function buildStateValues(blocks: unknown[], answers: Record<string, Answer>): Record<string, Obj> {
  const values: Record<string, Obj> = {};
  const seen = new Set<string>();
  blocks.forEach((block, idx) => {
    if (!isObj(block)) return;
    const blockId = typeof block.block_id === 'string' ? block.block_id : `block_${idx}`;
    const element =
      block.type === 'input' && isObj(block.element)
        ? block.element
        : block.type === 'section' && isObj(block.accessory) && blockId in answers
          ? block.accessory
          : undefined;
    if (!element) return;
    const actionId = typeof element.action_id === 'string' ? element.action_id : `action_${idx}`;
    const answer = answers[blockId] ?? null;
    if (blockId in answers) seen.add(blockId);
    values[blockId] = { [actionId]: elementValue(element, answer, blockId) };
  });
  const unknown = Object.keys(answers).filter((k) => !seen.has(k));
  if (unknown.length > 0) throw new Error(`no input block with block_id ${unknown.join(', ')} in the view`);
  return values;
}
