import type { HomeView, KnownBlock } from '@slack/types';
import { isAudience } from '../../interviews/audience.js';
import { findQuestion, type QuestionSet, type QuestionSets } from '../../interviews/questionSets.js';
import { CONSENTS } from '../../interviews/validateAnswers.js';
import type { AnswerRecord } from '../../store/answers.js';
import type { CampaignProgress, InterviewRecord } from '../../store/interviewResponses.js';
import type { Taxonomy } from '../../tagging/taxonomy.js';
import { escapeMrkdwn, progressBar, truncate } from '../blocks/text.js';
import { OPEN_QUEUE_ACTION } from '../tagging/ids.js';
import { ACTIONS } from './ids.js';
import { slackDate } from './talkMessage.js';

/** Slack: Home holds at most 100 blocks and about 250 kB; we stop well before either. */
export const HOME_MAX_BLOCKS = 100;
const HOME_MAX_BYTES = 200_000;
/** An answer is shown up to this many characters on Home; the full text is in `/ospo-survey mine`. */
export const HOME_ANSWER_CHARS = 1200;
export const STAFF_CAMPAIGNS_SHOWN = 10;

export interface HomeData {
  userId: string;
  interviews: readonly InterviewRecord[];
  answers: ReadonlyMap<number, readonly AnswerRecord[]>;
  sets: QuestionSets;
  taxonomy: Taxonomy;
  /** Live talks this person is to record notes for. */
  talks: readonly InterviewRecord[];
  /** Set for OSPO staff. */
  campaigns?: readonly CampaignProgress[];
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });
const plainText = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

/**
 * Escapes text for mrkdwn and cuts it so that the escaped form fits `max` characters: escaping can make text longer
 * (`&` becomes `&amp;`), so the cut is made on the original, never through an entity.
 */
export function fitEscaped(raw: string, max: number, quote = false): string {
  const render = (s: string) => {
    const escaped = escapeMrkdwn(s);
    return quote
      ? escaped
          .split('\n')
          .map((line) => `>${line}`)
          .join('\n')
      : escaped;
  };
  let out = render(raw);
  let keep = [...raw].length;
  while (out.length > max && keep > 0) {
    keep = Math.max(0, Math.min(keep - 1, Math.floor((keep * max) / out.length) - 1));
    out = render(truncate(raw, keep));
  }
  return out;
}

function isOpen(i: InterviewRecord): boolean {
  return i.campaignStatus === 'open' && (i.status === 'invited' || i.status === 'scheduled');
}

function editable(i: InterviewRecord): boolean {
  return i.campaignStatus === 'open' && i.status === 'answered';
}

function startButton(i: InterviewRecord, text: string, primary: boolean) {
  return {
    type: 'button' as const,
    action_id: ACTIONS.start,
    text: plainText(text),
    value: String(i.id),
    ...(primary ? { style: 'primary' as const } : {}),
  };
}

function campaignName(i: { campaignName: string }): string {
  return escapeMrkdwn(truncate(i.campaignName, 150));
}

/** A stored answer shown back: choice values turned into their option texts, every character escaped. */
export function answerText(set: QuestionSet | undefined, a: AnswerRecord, maxChars: number): string {
  const label = `*${fitEscaped(a.question, 300)}*`;
  if (a.text === null) return `${label}\n_(erased after the retention period)_`;
  const q = set ? findQuestion(set, a.questionId) : undefined;
  let raw = a.text;
  if (q && (q.kind === 'single_choice' || q.kind === 'multi_choice')) {
    const names = new Map(q.options.map((o) => [o.value, o.text]));
    raw = a.text
      .split(', ')
      .map((v) => names.get(v) ?? v)
      .join(', ');
  }
  return `${label}\n${fitEscaped(raw, Math.min(3000 - label.length - 1, maxChars), true)}`;
}

function choicesLine(i: InterviewRecord, taxonomy: Taxonomy): string {
  const parts: string[] = [];
  const petal = i.petalId ? taxonomy.petalById(i.petalId) : undefined;
  if (petal) parts.push(`Area: ${escapeMrkdwn(petal.name)}`);
  const motivators = i.motivatorIds
    .map((id) => taxonomy.motivatorById(id)?.name)
    .filter((n): n is string => !!n);
  if (motivators.length > 0) parts.push(`Motivators: ${escapeMrkdwn(motivators.join(', '))}`);
  const consent = CONSENTS.find((c) => c.value === i.consent);
  if (consent)
    parts.push(
      `Quotes: ${consent.text.replace(/^Quote me /, '').replace(/^Do not quote me$/, 'not quoted')}`,
    );
  return truncate(parts.join(' · '), 2000);
}

function openGroup(i: InterviewRecord): KnownBlock[] {
  const talk = i.talkRequested ? '\nYou asked to talk instead; you can still answer here if you prefer.' : '';
  return [
    {
      type: 'section',
      text: mrkdwn(`*${campaignName(i)}*\nPlease answer by ${escapeMrkdwn(i.campaignDueDate)}.${talk}`),
      accessory: startButton(i, 'Start', true),
    },
  ];
}

function answeredGroup(i: InterviewRecord, data: HomeData): KnownBlock[] {
  const by = i.recordedBy ? `, recorded by <@${i.recordedBy}> from your talk` : '';
  const head: KnownBlock = {
    type: 'section',
    text: mrkdwn(
      `*${campaignName(i)}*\n:white_check_mark: Answered ${slackDate(i.answeredAt)}${by}.${
        editable(i) ? ' You can change your answers until the campaign closes.' : ''
      }`,
    ),
    ...(editable(i) ? { accessory: startButton(i, 'Edit answers', false) } : {}),
  };
  const blocks: KnownBlock[] = [head];
  const line = choicesLine(i, data.taxonomy);
  if (line) blocks.push({ type: 'context', elements: [mrkdwn(line)] });
  const set = isAudience(i.audience) ? data.sets[i.audience] : undefined;
  for (const a of data.answers.get(i.id) ?? []) {
    blocks.push({ type: 'section', text: mrkdwn(answerText(set, a, HOME_ANSWER_CHARS)) });
  }
  return blocks;
}

function endedLine(i: InterviewRecord): KnownBlock {
  const what =
    i.status === 'declined'
      ? `You declined ${slackDate(i.closedAt)}.`
      : i.status === 'expired'
        ? 'Closed before you answered.'
        : i.campaignStatus === 'closed'
          ? 'The campaign closed before you answered.'
          : 'Not started yet.';
  return { type: 'context', elements: [mrkdwn(`*${campaignName(i)}* · ${what}`)] };
}

function talkGroup(i: InterviewRecord): KnownBlock[] {
  return [
    {
      type: 'section',
      text: mrkdwn(
        `<@${i.userId}> would rather talk about *${campaignName(i)}*. Record the notes after your talk.`,
      ),
      accessory: {
        type: 'button',
        action_id: ACTIONS.recordTalk,
        text: plainText('Record notes'),
        value: String(i.id),
      },
    },
  ];
}

function campaignGroup(c: CampaignProgress): KnownBlock[] {
  const parts = [`${c.answered} of ${c.total} answered`, `${c.declined} declined`, `${c.expired} expired`];
  if (c.talks > 0) parts.push(`${c.talks} would rather talk`);
  const value = String(c.id);
  return [
    {
      type: 'section',
      text: mrkdwn(
        `*${escapeMrkdwn(truncate(c.name, 150))}* · ${c.status === 'open' ? `open, due ${escapeMrkdwn(c.dueDate)}` : 'closed'}\n` +
          `\`${progressBar(c.answered, c.total)}\` ${parts.join(' · ')}`,
      ),
    },
    {
      type: 'actions',
      block_id: `home_campaign_${c.id}`,
      elements: [
        { type: 'button', action_id: ACTIONS.homeStatus, text: plainText('Status'), value },
        { type: 'button', action_id: 'home_digest_preview', text: plainText('Digest preview'), value },
        { type: 'button', action_id: 'home_export', text: plainText('Export'), value },
      ],
    },
  ];
}

class Budget {
  readonly blocks: KnownBlock[] = [];
  private bytes = 0;
  truncated = false;
  constructor(private readonly reserve: number) {}
  /** Adds the whole group or nothing; returns false once something did not fit. */
  add(group: KnownBlock[]): boolean {
    if (this.truncated) return false;
    const size = Buffer.byteLength(JSON.stringify(group));
    if (
      this.blocks.length + group.length > HOME_MAX_BLOCKS - this.reserve ||
      this.bytes + size > HOME_MAX_BYTES
    ) {
      this.truncated = true;
      return false;
    }
    this.blocks.push(...group);
    this.bytes += size;
    return true;
  }
}

/**
 * The App Home: what is waiting for this person first (open interviews, talks to record), then for staff the
 * campaigns, then what they answered before, shown back escaped. Stops before Slack's limits and says where the
 * rest is.
 */
export function homeView(data: HomeData): HomeView {
  const budget = new Budget(1);
  const open = data.interviews.filter(isOpen);
  const answered = data.interviews.filter((i) => i.status === 'answered');
  const ended = data.interviews.filter((i) => !isOpen(i) && i.status !== 'answered');

  budget.add([{ type: 'header', text: plainText('Your OSPO interviews') }]);
  if (open.length === 0 && answered.length === 0 && ended.length === 0) {
    budget.add([
      {
        type: 'section',
        text: mrkdwn(
          'Nothing to answer right now. When the OSPO invites you to an interview, it shows up here and in a message from me.',
        ),
      },
    ]);
  } else if (open.length === 0) {
    budget.add([{ type: 'context', elements: [mrkdwn('Nothing waiting for you. Thank you!')] }]);
  }
  for (const i of open) budget.add(openGroup(i));

  if (data.talks.length > 0) {
    budget.add([{ type: 'divider' }, { type: 'header', text: plainText('Live talks to record') }]);
    for (const t of data.talks) budget.add(talkGroup(t));
  }

  if (data.campaigns) {
    budget.add([
      { type: 'divider' },
      { type: 'header', text: plainText('Campaigns') },
      {
        type: 'actions',
        block_id: 'home_staff_tools',
        elements: [
          { type: 'button', action_id: OPEN_QUEUE_ACTION, text: plainText('Review tags'), value: 'queue' },
        ],
      },
    ]);
    if (data.campaigns.length === 0) {
      budget.add([
        { type: 'context', elements: [mrkdwn('No campaigns yet. Start one with `/ospo-survey new`.')] },
      ]);
    }
    for (const c of data.campaigns.slice(0, STAFF_CAMPAIGNS_SHOWN)) budget.add(campaignGroup(c));
  }

  if (answered.length > 0 || ended.length > 0) {
    budget.add([{ type: 'divider' }, { type: 'header', text: plainText('What you answered') }]);
    for (const i of answered) budget.add(answeredGroup(i, data));
    for (const i of ended) budget.add([endedLine(i)]);
  }

  const blocks = budget.blocks;
  if (budget.truncated) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn('There is more than fits here: run `/ospo-survey mine` to see all your interviews.')],
    });
  }
  return { type: 'home', blocks };
}
