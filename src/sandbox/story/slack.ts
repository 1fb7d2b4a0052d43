import { setTimeout as sleep } from 'node:timers/promises';
import type { Answer } from '../emulator/stateValues.js';
import type { StoredView } from '../emulator/types.js';
import type { StoryContext } from './context.js';

/** How long a person waits for a modal to appear after a click or a command, in real ms. */
const VIEW_TIMEOUT_MS = 8_000;

/** Polls until `check` gives something, or `timeoutMs` (real) passes. */
export async function until<T>(
  check: () => T | undefined | false,
  timeoutMs: number,
  everyMs = 20,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) return undefined;
    await sleep(everyMs);
  }
}

/** The view on top of the person's modal stack once it satisfies `match`. */
export function waitForView(
  ctx: StoryContext,
  userId: string,
  match: (view: StoredView) => boolean,
  timeoutMs = VIEW_TIMEOUT_MS,
): Promise<StoredView | undefined> {
  return until(() => {
    const top = ctx.stack.emulator.openViews(userId).at(-1);
    return top && match(top) ? top : undefined;
  }, timeoutMs);
}

/** Closes whatever modal the person has open, as their ✕ does (Slack tells the app nothing unless it asked). */
export function closeModals(ctx: StoryContext, userId: string): void {
  const root = ctx.stack.emulator.openViews(userId)[0];
  if (root) ctx.stack.emulator.closeView(userId, root.id, true);
}

export interface ModalRun {
  /** Steps submitted and accepted. */
  steps: number;
  /** The view shown at the end (a thank-you, a result, or the step that was refused). */
  last: StoredView | undefined;
  /** Why it stopped short, when it did. */
  error?: string;
}

/**
 * Fills in and submits the person's open modal step by step, as long as the app answers each submission with the
 * next step (`response_action: update` to a view with callback_id `stepCallbackId`).
 */
export async function submitSteps(
  ctx: StoryContext,
  userId: string,
  stepCallbackId: string,
  fill: (view: StoredView) => Record<string, Answer>,
  maxSteps = 6,
): Promise<ModalRun> {
  let steps = 0;
  let view = ctx.stack.emulator.openViews(userId).at(-1);
  while (view && view.callback_id === stepCallbackId && steps < maxSteps) {
    const res = await ctx.stack.slack.viewSubmission({ userId, viewId: view.id, values: fill(view) });
    const body = res.json as { response_action?: string; errors?: Record<string, string> } | undefined;
    if (res.status !== 200) return { steps, last: view, error: `the app answered HTTP ${res.status}` };
    if (body?.response_action === 'errors') {
      const errors = Object.entries(body.errors ?? {})
        .map(([block, message]) => `${block}: ${message}`)
        .join('; ');
      return { steps, last: view, error: `step ${steps + 1} came back with errors (${errors})` };
    }
    steps += 1;
    if (res.viewOutcome && !res.viewOutcome.ok) {
      const why = [res.viewOutcome.error, ...(res.viewOutcome.messages ?? [])].filter(Boolean).join('; ');
      return { steps, last: view, error: `Slack refused the next view (${why})` };
    }
    view = ctx.stack.emulator.openViews(userId).at(-1);
  }
  return { steps, last: view };
}
