import { randomBytes } from 'node:crypto';
import type { ApiResult, StoredView } from '../types.js';
import { invalidArgumentsResponse, validateView, viewTooLarge } from '../validateBlocks.js';
import type { Workspace } from '../workspace.js';
import { fail, type MethodHandler, missingArgs, str } from './context.js';

/** Slack keeps at most three modals on a stack. */
export const MAX_STACK = 3;

type Obj = Record<string, unknown>;

/** The view as Slack returns it (without the emulator's owner field). */
export function publicView(v: StoredView): Record<string, unknown> {
  const { user: _u, ...rest } = v;
  return structuredClone(rest);
}

function newHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomBytes(4).readUInt32BE(0)}`;
}

type Checked = { view: Obj } | { refusal: ApiResult };

/** Validates a view argument: the view object, or Slack's error answer. */
function checkView(view: unknown, type: 'modal' | 'home'): Checked {
  if (view === undefined) return { refusal: missingArgs('view') };
  if (typeof view !== 'object' || view === null || Array.isArray(view)) {
    return { refusal: invalidArgumentsResponse([{ pointer: '/view', message: 'must provide an object' }]) };
  }
  const issues = validateView(view);
  const v = view as Obj;
  if (issues.length === 0 && v.type !== type)
    issues.push({ pointer: '/view/type', message: 'must be a valid enum value' });
  if (issues.length > 0) return { refusal: invalidArgumentsResponse(issues) };
  if (viewTooLarge(view)) return { refusal: fail('view_too_large') };
  return { view: v };
}

function duplicateExternalId(ws: Workspace, v: Obj, selfId?: string): boolean {
  const ext = v.external_id;
  if (typeof ext !== 'string' || ext === '') return false;
  return [...ws.views.values()].some((s) => s.external_id === ext && s.id !== selfId);
}

function buildView(
  ws: Workspace,
  v: Obj,
  user: string,
  ids: { id?: string; previous?: string | null; root?: string },
) {
  const id = ids.id ?? ws.mintViewId();
  const stored: StoredView = {
    id,
    team_id: ws.team.id,
    type: v.type as 'modal' | 'home',
    ...(v.title !== undefined ? { title: v.title } : {}),
    ...(v.submit !== undefined ? { submit: v.submit } : {}),
    ...(v.close !== undefined ? { close: v.close } : {}),
    blocks: structuredClone(v.blocks as unknown[]),
    private_metadata: str(v.private_metadata) ?? '',
    callback_id: str(v.callback_id) ?? '',
    external_id: str(v.external_id) ?? '',
    state: { values: {} },
    hash: newHash(),
    clear_on_close: v.clear_on_close === true,
    notify_on_close: v.notify_on_close === true,
    previous_view_id: ids.previous ?? null,
    root_view_id: ids.root ?? id,
    app_id: ws.bot.appId,
    app_installed_team_id: ws.team.id,
    bot_id: ws.bot.botId,
    user,
  };
  ws.views.set(id, stored);
  return stored;
}

const open: MethodHandler = ({ args, ws, triggers }) => {
  if (args.trigger_id === undefined && args.interactivity_pointer === undefined)
    return missingArgs('trigger_id');
  const checked = checkView(args.view, 'modal');
  if ('refusal' in checked) return checked.refusal;
  const v = checked.view;
  const triggerId = str(args.trigger_id ?? args.interactivity_pointer) ?? '';
  const trig = triggers.check(triggerId);
  if (!trig.ok) return fail(trig.error);
  if (duplicateExternalId(ws, v)) return fail('duplicate_external_id');
  triggers.spend(triggerId);
  const user = trig.userId ?? '';
  const stored = buildView(ws, v, user, {});
  ws.stacks.set(user, [stored.id]);
  return { ok: true, view: publicView(stored) };
};

const push: MethodHandler = ({ args, ws, triggers }) => {
  if (args.trigger_id === undefined && args.interactivity_pointer === undefined)
    return missingArgs('trigger_id');
  const checked = checkView(args.view, 'modal');
  if ('refusal' in checked) return checked.refusal;
  const v = checked.view;
  const triggerId = str(args.trigger_id ?? args.interactivity_pointer) ?? '';
  const trig = triggers.check(triggerId);
  if (!trig.ok) return fail(trig.error);
  const user = trig.userId ?? '';
  const stack = ws.stacks.get(user) ?? [];
  if (stack.length === 0) return fail('not_found');
  if (stack.length >= MAX_STACK) return fail('push_limit_reached');
  if (duplicateExternalId(ws, v)) return fail('duplicate_external_id');
  triggers.spend(triggerId);
  const stored = buildView(ws, v, user, { previous: stack.at(-1) ?? null, root: stack[0] as string });
  stack.push(stored.id);
  ws.stacks.set(user, stack);
  return { ok: true, view: publicView(stored) };
};

/** Replaces a stored view in place, keeping its id and place on the stack. */
export function replaceView(ws: Workspace, existing: StoredView, v: Obj): StoredView {
  return buildView(ws, v, existing.user, {
    id: existing.id,
    previous: existing.previous_view_id,
    root: existing.root_view_id,
  });
}

const update: MethodHandler = ({ args, ws }) => {
  const viewId = str(args.view_id);
  const externalId = str(args.external_id);
  if (!viewId && !externalId) return missingArgs('view_id');
  const existing = viewId
    ? ws.views.get(viewId)
    : [...ws.views.values()].find((s) => s.external_id === externalId && s.external_id !== '');
  const checked = checkView(args.view, existing?.type ?? 'modal');
  if ('refusal' in checked) return checked.refusal;
  const v = checked.view;
  if (!existing) return fail('not_found');
  const hash = str(args.hash);
  if (hash !== undefined && hash !== '' && hash !== existing.hash) return fail('hash_conflict');
  if (duplicateExternalId(ws, v, existing.id)) return fail('duplicate_external_id');
  return { ok: true, view: publicView(replaceView(ws, existing, v)) };
};

const publish: MethodHandler = ({ args, ws }) => {
  const userId = str(args.user_id);
  if (!userId) return missingArgs('user_id');
  const checked = checkView(args.view, 'home');
  if ('refusal' in checked) return checked.refusal;
  const v = checked.view;
  const user = ws.users.get(userId);
  if (!user || user.deleted) return fail('user_not_found');
  const currentId = ws.homes.get(userId);
  const current = currentId ? ws.views.get(currentId) : undefined;
  const hash = str(args.hash);
  if (current && hash !== undefined && hash !== '' && hash !== current.hash) return fail('hash_conflict');
  if (duplicateExternalId(ws, v, current?.id)) return fail('duplicate_external_id');
  const stored = current ? replaceView(ws, current, v) : buildView(ws, v, userId, {});
  ws.homes.set(userId, stored.id);
  return { ok: true, view: publicView(stored) };
};

export const viewMethods: Record<string, MethodHandler> = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
  'views.publish': publish,
};

/** Closes a view after a submission or a close: one view, or the whole stack when `clear`. */
export function closeView(ws: Workspace, user: string, viewId: string, clear: boolean): void {
  const stack = ws.stacks.get(user);
  if (!stack) return;
  const idx = stack.indexOf(viewId);
  if (clear || idx <= 0) ws.stacks.delete(user);
  else stack.splice(idx);
}

export interface ViewResponseOutcome {
  ok: boolean;
  action: string;
  error?: string;
  messages?: string[];
  view?: StoredView;
}

/**
 * What Slack does with the app's answer to a view_submission: `update` replaces the submitted view,
 * `push` stacks a new one, `clear` closes all, `errors` keeps the view open, nothing closes the view.
 * Views in the answer are validated like views.* arguments.
 */
export function applyViewSubmissionResponse(
  ws: Workspace,
  user: string,
  viewId: string,
  body: unknown,
): ViewResponseOutcome {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as Obj;
  const action = str(answer.response_action) ?? 'close';
  if (action === 'errors') {
    const errors = answer.errors;
    const valid = typeof errors === 'object' && errors !== null && !Array.isArray(errors);
    return valid ? { ok: true, action } : { ok: false, action, error: 'invalid_errors' };
  }
  if (action === 'clear') {
    closeView(ws, user, viewId, true);
    return { ok: true, action };
  }
  if (action === 'update' || action === 'push') {
    const checked = checkView(answer.view, 'modal');
    if ('refusal' in checked) {
      const r = checked.refusal as { error?: unknown; response_metadata?: { messages?: string[] } };
      const messages = r.response_metadata?.messages;
      return { ok: false, action, error: String(r.error), ...(messages ? { messages } : {}) };
    }
    const v = checked.view;
    const stack = ws.stacks.get(user) ?? [];
    if (action === 'update') {
      const existing = ws.views.get(viewId);
      if (!existing) return { ok: false, action, error: 'not_found' };
      return { ok: true, action, view: replaceView(ws, existing, v) };
    }
    if (stack.length >= MAX_STACK) return { ok: false, action, error: 'push_limit_reached' };
    const stored = buildView(ws, v, user, { previous: viewId, root: stack[0] ?? viewId });
    stack.push(stored.id);
    ws.stacks.set(user, stack);
    return { ok: true, action, view: stored };
  }
  closeView(ws, user, viewId, false);
  return { ok: true, action: 'close' };
}
