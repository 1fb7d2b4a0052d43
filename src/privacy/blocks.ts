import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, truncate } from '../slack/blocks/text.js';
import type { AuditRecord } from '../store/audit.js';
import type { PersonalDataCount } from '../store/erasure.js';
import { isUserId } from './mention.js';

export const FORGET_CONFIRM_ACTION = 'privacy_forget_confirm';
export const FORGET_CANCEL_ACTION = 'privacy_forget_cancel';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "3 interviews with 12 answers, 20 tags and 1 unfinished draft" — only the parts that are there. */
export function describeData(c: PersonalDataCount, self = true): string {
  const parts: string[] = [];
  if (c.interviews > 0) {
    parts.push(`${plural(c.interviews, 'interview')} with ${plural(c.answers, 'answer')}`);
    if (c.tags > 0) parts.push(plural(c.tags, 'tag'));
    if (c.drafts > 0) parts.push(plural(c.drafts, 'unfinished draft'));
  }
  if (c.interviewerOf > 0)
    parts.push(`${self ? 'your' : 'their'} name as interviewer on ${plural(c.interviewerOf, 'interview')}`);
  if (c.known) parts.push('the profile details Slack gave me (name, time zone)');
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** Who the message is about, as the reader sees it: "your" or "<@U…>'s". */
function whose(subject: string, self: boolean): string {
  return self ? 'your' : `<@${subject}>'s`;
}

/** The question asked before anything is erased; the button carries only the subject's ID, checked again on click. */
export function forgetConfirmBlocks(subject: string, self: boolean, c: PersonalDataCount): KnownBlock[] {
  const what = describeData(c, self);
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          `*Erase ${whose(subject, self)} data for good?*\n` +
          `This removes ${what}. Pending invitations and reminders are cancelled. ` +
          'Digests already posted stay as they are: they hold counts, not anyone’s words. This cannot be undone.',
      },
    },
    {
      type: 'actions',
      block_id: 'privacy_forget',
      elements: [
        {
          type: 'button',
          action_id: FORGET_CONFIRM_ACTION,
          style: 'danger',
          text: { type: 'plain_text', text: 'Erase for good' },
          value: subject,
        },
        {
          type: 'button',
          action_id: FORGET_CANCEL_ACTION,
          text: { type: 'plain_text', text: 'Keep everything' },
          value: subject,
        },
      ],
    },
  ];
}

export function nothingToEraseText(subject: string, self: boolean): string {
  return self
    ? 'I hold nothing about you: no answers, no drafts, no profile. There is nothing to erase.'
    : `I hold nothing about <@${subject}>: no answers, no drafts, no profile. There is nothing to erase.`;
}

/** The receipt shown once the erasure is done (or found already done by an earlier click). */
export function forgetReceiptText(
  subject: string,
  self: boolean,
  c: PersonalDataCount,
  erasedNow: boolean,
  at: Date,
): string {
  if (!erasedNow) {
    return self
      ? ':white_check_mark: Your data is already erased. Nothing of yours is left here.'
      : `:white_check_mark: <@${subject}>'s data is already erased. Nothing of theirs is left here.`;
  }
  const who = self ? 'your' : `<@${subject}>'s`;
  return (
    `:white_check_mark: Erased ${who} data at ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC: ` +
    `${describeData(c, self)}. ` +
    'Digests already posted keep only counts.'
  );
}

/** Sent to the person when staff erased their data on a request they made elsewhere. */
export function forgetNoticeText(actor: string): string {
  return (
    `As you asked, <@${actor}> from the OSPO has erased your interview answers and everything this app knew about ` +
    'you. Digests already posted keep only counts, never your words.'
  );
}

function actorText(actor: string): string {
  if (isUserId(actor)) return `<@${actor}>`;
  if (actor === 'self') return '_the person themselves_';
  return `_${escapeMrkdwn(truncate(actor, 40))}_`;
}

/** One audit entry as a line: when (in the reader's own time zone), who, what, to what, and small facts. */
export function auditLine(e: AuditRecord): string {
  const unix = Math.floor(new Date(e.at).getTime() / 1000);
  const when = Number.isFinite(unix)
    ? `<!date^${unix}^{date_short} {time}|${escapeMrkdwn(e.at)}>`
    : escapeMrkdwn(e.at);
  const target = e.target ? ` ${escapeMrkdwn(truncate(e.target, 60))}` : '';
  const facts =
    Object.keys(e.detail).length > 0 ? ` — ${escapeMrkdwn(truncate(compact(e.detail), 160))}` : '';
  return `• ${when} ${actorText(e.actor)} \`${escapeMrkdwn(truncate(e.action, 40)).replace(/`/g, "'")}\`${target}${facts}`;
}

function compact(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

/** Lines per section block: ten lines of at most ~320 characters stay well under the 3,000-character limit. */
const LINES_PER_SECTION = 10;

/** The latest audit entries for staff, newest first, in at most 1 + ceil(n / 10) blocks (≤ 11 for 100 entries). */
export function auditBlocks(entries: AuditRecord[]): KnownBlock[] {
  if (entries.length === 0) {
    return [{ type: 'section', text: { type: 'mrkdwn', text: '*Audit log*\nNothing recorded yet.' } }];
  }
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Audit log* — the latest ${plural(entries.length, 'entry', 'entries')}, newest first`,
      },
    },
  ];
  for (let i = 0; i < entries.length; i += LINES_PER_SECTION) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: entries
          .slice(i, i + LINES_PER_SECTION)
          .map(auditLine)
          .join('\n'),
      },
    });
  }
  return blocks;
}
