/**
 * Block Kit limits as Slack enforces them, with Slack's error wording and JSON pointers, so a payload
 * that passes here is one Slack would not refuse for these reasons. Pure: no I/O, usable from any test.
 *
 * Slack phrases errors as `<problem> [json-pointer:<path>]`, e.g.
 * `must be less than 3001 characters [json-pointer:/blocks/0/text/text]` or
 * `no more than 50 items allowed [json-pointer:/blocks]`.
 */

export type Surface = 'message' | 'modal' | 'home';

export interface BlockIssue {
  /** JSON pointer into the request, e.g. `/blocks/3/text/text` or `/view/title/text`. */
  pointer: string;
  message: string;
}

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  id: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  selectOptions: 100,
  selectOptionGroups: 100,
  choiceOptions: 10,
  overflowOptions: 5,
  inputMaxLength: 3000,
  placeholder: 150,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  inputLabel: 2000,
  inputHint: 2000,
  imageAltText: 2000,
  markdownText: 12_000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  viewBytes: 250_000,
} as const;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Formats an issue the way Slack lists it in `errors`. */
export function formatIssue(issue: BlockIssue): string {
  return `${issue.message} [json-pointer:${issue.pointer}]`;
}

class Checker {
  readonly issues: BlockIssue[] = [];

  add(pointer: string, message: string): void {
    this.issues.push({ pointer, message });
  }

  string(v: unknown, p: string, max: number, opts: { required?: boolean; nonEmpty?: boolean } = {}): void {
    if (v === undefined) {
      if (opts.required)
        this.add(p.slice(0, p.lastIndexOf('/')) || '/', `missing required field: ${leaf(p)}`);
      return;
    }
    if (typeof v !== 'string') {
      this.add(p, 'must provide a string');
      return;
    }
    if (opts.nonEmpty && v.length === 0) {
      this.add(p, 'must be more than 0 characters');
      return;
    }
    if (v.length > max) this.add(p, `must be less than ${max + 1} characters`);
  }

  array(v: unknown, p: string, max: number, min = 0): v is unknown[] {
    if (!Array.isArray(v)) {
      this.add(p, 'must provide an array');
      return false;
    }
    if (v.length > max) this.add(p, `no more than ${max} items allowed`);
    if (v.length < min) this.add(p, `must provide at least ${min} items`);
    return true;
  }

  /** A composition text object: `{ type: 'plain_text' | 'mrkdwn', text }`, text not empty. */
  text(v: unknown, p: string, max: number, opts: { required?: boolean; plainOnly?: boolean } = {}): void {
    if (v === undefined) {
      if (opts.required)
        this.add(p.slice(0, p.lastIndexOf('/')) || '/', `missing required field: ${leaf(p)}`);
      return;
    }
    if (!isObj(v)) {
      this.add(p, 'must provide an object');
      return;
    }
    const allowed = opts.plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
    if (typeof v.type !== 'string' || !allowed.includes(v.type))
      this.add(`${p}/type`, 'must be a valid enum value');
    this.string(v.text, `${p}/text`, max, { required: true, nonEmpty: true });
  }

  id(v: unknown, p: string): void {
    this.string(v, p, LIMITS.id, { nonEmpty: true });
  }
}

function leaf(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

const SELECTS = new Set([
  'static_select',
  'multi_static_select',
  'external_select',
  'multi_external_select',
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
]);
const PLAIN_INPUTS = new Set([
  'plain_text_input',
  'number_input',
  'email_text_input',
  'url_text_input',
  'rich_text_input',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'file_input',
]);

function checkOption(c: Checker, o: unknown, p: string, plainOnly: boolean, allowUrl = false): void {
  if (!isObj(o)) {
    c.add(p, 'must provide an object');
    return;
  }
  c.text(o.text, `${p}/text`, LIMITS.optionText, { required: true, plainOnly });
  c.string(o.value, `${p}/value`, LIMITS.optionValue, { required: true });
  if (o.description !== undefined)
    c.text(o.description, `${p}/description`, LIMITS.optionDescription, { plainOnly });
  if (allowUrl) c.string(o.url, `${p}/url`, LIMITS.url);
}

function checkOptions(c: Checker, v: unknown, p: string, max: number, plainOnly: boolean, min = 1): void {
  if (!c.array(v, p, max, min)) return;
  v.forEach((o, i) => {
    checkOption(c, o, `${p}/${i}`, plainOnly, max === LIMITS.overflowOptions);
  });
}

function checkConfirm(c: Checker, v: unknown, p: string): void {
  if (v === undefined) return;
  if (!isObj(v)) {
    c.add(p, 'must provide an object');
    return;
  }
  c.text(v.title, `${p}/title`, LIMITS.confirmTitle, { required: true, plainOnly: true });
  c.text(v.text, `${p}/text`, LIMITS.confirmText, { required: true });
  c.text(v.confirm, `${p}/confirm`, LIMITS.confirmButton, { required: true, plainOnly: true });
  c.text(v.deny, `${p}/deny`, LIMITS.confirmButton, { required: true, plainOnly: true });
}

function checkImageElement(c: Checker, e: Obj, p: string): void {
  if (e.image_url === undefined && e.slack_file === undefined) c.add(p, 'missing required field: image_url');
  c.string(e.image_url, `${p}/image_url`, LIMITS.url, { nonEmpty: true });
  c.string(e.alt_text, `${p}/alt_text`, LIMITS.imageAltText, { required: true, nonEmpty: true });
}

/** Interactive elements (and the image element). `actionIds` collects ids to find duplicates per block. */
function checkElement(c: Checker, e: unknown, p: string, actionIds: Map<string, string>): void {
  if (!isObj(e)) {
    c.add(p, 'must provide an object');
    return;
  }
  const type = e.type;
  if (typeof type !== 'string') {
    c.add(p, 'missing required field: type');
    return;
  }
  if (type === 'image') {
    checkImageElement(c, e, p);
    return;
  }
  if (e.action_id !== undefined) {
    c.id(e.action_id, `${p}/action_id`);
    if (typeof e.action_id === 'string') {
      if (actionIds.has(e.action_id)) c.add(`${p}/action_id`, `duplicate action_id: ${e.action_id}`);
      actionIds.set(e.action_id, p);
    }
  }
  if (e.placeholder !== undefined)
    c.text(e.placeholder, `${p}/placeholder`, LIMITS.placeholder, { plainOnly: true });
  checkConfirm(c, e.confirm, `${p}/confirm`);

  if (type === 'button') {
    c.text(e.text, `${p}/text`, LIMITS.buttonText, { required: true, plainOnly: true });
    c.string(e.value, `${p}/value`, LIMITS.buttonValue);
    c.string(e.url, `${p}/url`, LIMITS.url);
    if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') {
      c.add(`${p}/style`, 'must be a valid enum value');
    }
    return;
  }
  if (type === 'checkboxes' || type === 'radio_buttons') {
    checkOptions(c, e.options, `${p}/options`, LIMITS.choiceOptions, false);
    return;
  }
  if (type === 'overflow') {
    checkOptions(c, e.options, `${p}/options`, LIMITS.overflowOptions, true);
    return;
  }
  if (SELECTS.has(type)) {
    if (type.endsWith('static_select')) {
      if (e.options !== undefined && e.option_groups !== undefined) {
        c.add(p, 'must provide exactly one of options or option_groups');
      } else if (e.option_groups !== undefined) {
        if (c.array(e.option_groups, `${p}/option_groups`, LIMITS.selectOptionGroups, 1)) {
          e.option_groups.forEach((g, i) => {
            const gp = `${p}/option_groups/${i}`;
            if (!isObj(g)) {
              c.add(gp, 'must provide an object');
              return;
            }
            c.text(g.label, `${gp}/label`, LIMITS.optionText, { required: true, plainOnly: true });
            checkOptions(c, g.options, `${gp}/options`, LIMITS.selectOptions, true);
          });
        }
      } else {
        checkOptions(c, e.options, `${p}/options`, LIMITS.selectOptions, true);
      }
    }
    return;
  }
  if (PLAIN_INPUTS.has(type)) {
    if (type === 'plain_text_input') {
      for (const key of ['max_length', 'min_length'] as const) {
        const v = e[key];
        if (v === undefined) continue;
        if (typeof v !== 'number' || !Number.isInteger(v)) c.add(`${p}/${key}`, 'must provide an integer');
        else if (v > LIMITS.inputMaxLength)
          c.add(`${p}/${key}`, `must be less than ${LIMITS.inputMaxLength + 1}`);
        else if (v < 0 || (key === 'max_length' && v < 1)) c.add(`${p}/${key}`, 'must be greater than 0');
      }
      c.string(e.initial_value, `${p}/initial_value`, LIMITS.inputMaxLength);
    }
    return;
  }
  if (type === 'workflow_button') {
    c.text(e.text, `${p}/text`, LIMITS.buttonText, { required: true, plainOnly: true });
    return;
  }
  c.add(`${p}/type`, `unsupported type: ${type}`);
}

const BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'actions',
  'divider',
  'input',
  'image',
  'rich_text',
  'video',
  'file',
  'markdown',
]);

function checkBlock(c: Checker, b: unknown, p: string, blockIds: Set<string>): void {
  if (!isObj(b)) {
    c.add(p, 'must provide an object');
    return;
  }
  const type = b.type;
  if (typeof type !== 'string') {
    c.add(p, 'missing required field: type');
    return;
  }
  if (!BLOCK_TYPES.has(type)) {
    c.add(`${p}/type`, `unsupported type: ${type}`);
    return;
  }
  if (b.block_id !== undefined) {
    c.id(b.block_id, `${p}/block_id`);
    if (typeof b.block_id === 'string') {
      if (blockIds.has(b.block_id)) c.add(`${p}/block_id`, `duplicate block_id: ${b.block_id}`);
      blockIds.add(b.block_id);
    }
  }
  const actionIds = new Map<string, string>();
  switch (type) {
    case 'section': {
      if (b.text === undefined && b.fields === undefined) c.add(p, 'must provide text or fields');
      c.text(b.text, `${p}/text`, LIMITS.sectionText);
      if (b.fields !== undefined && c.array(b.fields, `${p}/fields`, LIMITS.sectionFields, 1)) {
        b.fields.forEach((f, i) => {
          c.text(f, `${p}/fields/${i}`, LIMITS.sectionFieldText);
        });
      }
      if (b.accessory !== undefined) checkElement(c, b.accessory, `${p}/accessory`, actionIds);
      return;
    }
    case 'header':
      c.text(b.text, `${p}/text`, LIMITS.headerText, { required: true, plainOnly: true });
      return;
    case 'context':
      if (c.array(b.elements, `${p}/elements`, LIMITS.contextElements, 1)) {
        b.elements.forEach((e, i) => {
          const ep = `${p}/elements/${i}`;
          if (isObj(e) && e.type === 'image') checkImageElement(c, e, ep);
          else c.text(e, ep, LIMITS.sectionText);
        });
      }
      return;
    case 'actions':
      if (c.array(b.elements, `${p}/elements`, LIMITS.actionsElements, 1)) {
        b.elements.forEach((e, i) => {
          checkElement(c, e, `${p}/elements/${i}`, actionIds);
        });
      }
      return;
    case 'input':
      c.text(b.label, `${p}/label`, LIMITS.inputLabel, { required: true, plainOnly: true });
      c.text(b.hint, `${p}/hint`, LIMITS.inputHint, { plainOnly: true });
      if (b.element === undefined) c.add(p, 'missing required field: element');
      else checkElement(c, b.element, `${p}/element`, actionIds);
      return;
    case 'image':
      checkImageElement(c, b, p);
      c.text(b.title, `${p}/title`, LIMITS.imageAltText, { plainOnly: true });
      return;
    case 'markdown':
      c.string(b.text, `${p}/text`, LIMITS.markdownText, { required: true, nonEmpty: true });
      return;
    case 'rich_text':
      c.array(b.elements, `${p}/elements`, Number.POSITIVE_INFINITY);
      return;
    default:
      return;
  }
}

/** Checks a `blocks` array for the given surface. `pointer` is where the array sits in the request. */
export function validateBlocks(blocks: unknown, surface: Surface, pointer = '/blocks'): BlockIssue[] {
  const c = new Checker();
  const max = surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  if (!c.array(blocks, pointer, max)) return c.issues;
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    checkBlock(c, b, `${pointer}/${i}`, blockIds);
  });
  return c.issues;
}

/** Checks a modal or Home tab view object (as passed to views.open/push/update/publish). */
export function validateView(view: unknown, pointer = '/view'): BlockIssue[] {
  const c = new Checker();
  if (!isObj(view)) {
    c.add(pointer, 'must provide an object');
    return c.issues;
  }
  const type = view.type;
  if (type !== 'modal' && type !== 'home') {
    c.add(`${pointer}/type`, 'must be a valid enum value');
    return c.issues;
  }
  if (type === 'modal') {
    c.text(view.title, `${pointer}/title`, LIMITS.viewTitle, { required: true, plainOnly: true });
    c.text(view.submit, `${pointer}/submit`, LIMITS.viewButton, { plainOnly: true });
    c.text(view.close, `${pointer}/close`, LIMITS.viewButton, { plainOnly: true });
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) c.add(pointer, 'missing required field: submit');
  }
  c.string(view.private_metadata, `${pointer}/private_metadata`, LIMITS.privateMetadata);
  c.string(view.callback_id, `${pointer}/callback_id`, LIMITS.id);
  c.string(view.external_id, `${pointer}/external_id`, LIMITS.id);
  if (view.blocks === undefined) c.add(pointer, 'missing required field: blocks');
  else c.issues.push(...validateBlocks(view.blocks, type, `${pointer}/blocks`));
  return c.issues;
}

/** True when the serialized view is over Slack's 250 kB cap (answered as `view_too_large`). */
export function viewTooLarge(view: unknown): boolean {
  return Buffer.byteLength(JSON.stringify(view ?? null)) > LIMITS.viewBytes;
}

/** Slack's answer to a message whose blocks break the rules (chat.postMessage, postEphemeral, update). */
export function invalidBlocksResponse(issues: BlockIssue[]): {
  ok: false;
  error: 'invalid_blocks';
  errors: string[];
  response_metadata: { messages: string[] };
} {
  const errors = issues.map(formatIssue);
  return {
    ok: false,
    error: 'invalid_blocks',
    errors,
    response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) },
  };
}

/** Slack's answer to a view that breaks the rules (views.open/push/update/publish). */
export function invalidArgumentsResponse(issues: BlockIssue[]): {
  ok: false;
  error: 'invalid_arguments';
  response_metadata: { messages: string[] };
} {
  return {
    ok: false,
    error: 'invalid_arguments',
    response_metadata: { messages: issues.map((i) => `[ERROR] ${formatIssue(i)}`) },
  };
}
