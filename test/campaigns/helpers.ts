import { setTimeout as sleep } from 'node:timers/promises';
import type { Emulator } from '../../src/sandbox/emulator/index.js';
import type { Message } from '../../src/sandbox/emulator/types.js';
import type { SlackSender } from '../../src/sandbox/signedRequests.js';
import type { Clock } from '../../src/schedule/clock.js';

export async function until<T>(
  what: string,
  check: () => T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The campaign form's answers, by block id, as a person would leave most of them. */
export function campaignForm(
  over: Record<string, string | string[] | null>,
): Record<string, string | string[] | null> {
  return {
    name: 'Test round',
    start_date: '2026-03-02',
    due_date: '2026-03-13',
    days: ['1', '2', '3', '4', '5'],
    day_start: '09:00',
    day_end: '17:00',
    send_at: '10:00',
    remind_every: '3',
    max_reminders: '2',
    ...over,
  };
}

/** Runs `/ospo-survey new` and submits the modal, as a staff member would; resolves once the result is shown. */
export async function submitCampaign(
  slack: SlackSender,
  emulator: Emulator,
  staffId: string,
  values: Record<string, string | string[] | null>,
  options: { waitForResult?: boolean } = {},
): Promise<string> {
  await slack.command({ userId: staffId, text: 'new' });
  await until(
    'the campaign form',
    () => emulator.openViews(staffId).find((v) => v.callback_id === 'campaign_new'),
    5_000,
  );
  // The user groups arrive with the update that follows the open.
  if (Object.keys(values).some((k) => k.startsWith('groups_'))) {
    await until('user groups in the form', () =>
      emulator.openViews(staffId).find((v) => JSON.stringify(v.blocks).includes('groups_')),
    );
  }
  const seq = emulator.calls.length;
  const res = await slack.viewSubmission({ userId: staffId, values });
  const json = res.json as { response_action?: string; errors?: unknown } | undefined;
  if (json?.response_action !== 'update') throw new Error(`campaign refused: ${JSON.stringify(json)}`);
  if (options.waitForResult === false) return '';
  const done = await emulator.waitFor(
    (c) =>
      c.seq >= seq && c.method === 'views.update' && /campaign_new_done/.test(JSON.stringify(c.args.view)),
    20_000,
  );
  return JSON.stringify(done.args.view);
}

/** Messages the app posted in someone's DM. */
export function dms(emulator: Emulator, userId: string): Message[] {
  return emulator.messagesTo(userId).filter((m) => m.bot_id);
}

/** A virtual clock that can be set back to its start (just before the step a test measures from). */
export function restartableClock(start: Date, speed: number): Clock & { restart(): void } {
  let realStart = Date.now();
  const now = () => new Date(start.getTime() + (Date.now() - realStart) * speed);
  return {
    now,
    delayUntil: (at) => Math.max(0, Math.ceil((at.getTime() - now().getTime()) / speed)),
    speed,
    restart: () => {
      realStart = Date.now();
    },
  };
}

/**
 * A clock at real speed that a test can move forward by hours at once. Jobs already delayed in BullMQ keep their
 * real-time delays, so this suits tests of what happens now (commands, nudges), not of when delayed jobs fire.
 */
export function jumpableClock(start: Date): Clock & { jump(ms: number): void } {
  let base = start.getTime();
  let realBase = Date.now();
  const now = () => new Date(base + (Date.now() - realBase));
  return {
    now,
    delayUntil: (at) => Math.max(0, at.getTime() - now().getTime()),
    speed: 1,
    jump: (ms) => {
      base = now().getTime() + ms;
      realBase = Date.now();
    },
  };
}
