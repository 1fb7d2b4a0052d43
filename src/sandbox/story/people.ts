import { INVITATION_ACTIONS } from '../../slack/blocks/invitation.js';
import { CALLBACK_STEP } from '../../slack/interviews/ids.js';
import type { EmulatorCall } from '../emulator/types.js';
import { dmUser } from '../terminal/narrator.js';
import type { AnswerSet } from './answers.js';
import type { CastMember, Reaction } from './cast.js';
import type { StoryContext } from './context.js';
import { fillInterviewStep } from './fillModal.js';
import { closeModals, submitSteps, waitForView } from './slack.js';

/** What the people of the story did, by user id. */
export interface PeopleOutcome {
  answered: Set<string>;
  declined: Set<string>;
  talkRequested: Set<string>;
  later: Set<string>;
}

const CONSENT_LABEL: Record<string, string> = {
  name: 'may be quoted by name',
  anonymous: 'may be quoted anonymously',
  none: 'not to be quoted',
};

/** The first sentence of a text, cut at a word near `max` characters. */
export function firstSentence(text: string, max = 100): string {
  const sentence = (/^.*?[.!?](?=\s|$)/s.exec(text.trim())?.[0] ?? text.trim()).replace(/\s+/g, ' ');
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))}…`;
}

export interface AnswerRun {
  steps: number;
  error?: string;
}

/** Opens the interview modal with `actionId` on `message` and answers every step from `set`. */
export async function answerInModal(
  ctx: StoryContext,
  userId: string,
  actionId: string,
  message: { ts: string; channel: string },
  set: AnswerSet,
): Promise<AnswerRun> {
  const click = await ctx.stack.slack.blockAction({ userId, actionId, message });
  if (click.status !== 200) return { steps: 0, error: `the click got HTTP ${click.status}` };
  const first = await waitForView(ctx, userId, (v) => v.callback_id === CALLBACK_STEP);
  if (!first) return { steps: 0, error: 'the click opened no interview form' };
  const run = await submitSteps(ctx, userId, CALLBACK_STEP, (v) => fillInterviewStep(v.blocks, set));
  closeModals(ctx, userId);
  if (run.error) return { steps: run.steps, error: run.error };
  if (run.last?.callback_id !== 'interview_done') {
    return {
      steps: run.steps,
      error: `the form ended on "${run.last?.callback_id ?? 'nothing'}", not a thank-you`,
    };
  }
  return { steps: run.steps };
}

async function act(
  ctx: StoryContext,
  member: CastMember,
  reaction: Exclude<Reaction, 'ignore'>,
  message: { ts: string; channel: string },
  outcome: PeopleOutcome,
): Promise<void> {
  const { printer } = ctx;
  const at = ctx.clock.now();
  const say = (what: string) => printer.event(at, member.tz, '←', member.name, what);
  const click = (actionId: string) =>
    ctx.stack.slack.blockAction({ userId: member.userId, actionId, message });

  switch (reaction) {
    case 'answer': {
      const set = member.answers;
      if (!set) {
        ctx.problem(`${member.name} was meant to answer but has no answers in data/sandbox/answers.yml`);
        return;
      }
      const run = await answerInModal(ctx, member.userId, INVITATION_ACTIONS.start, message, set);
      if (run.error) {
        say(printer.style.red(`Start → ${run.error}`));
        ctx.problem(`${member.name} could not answer: ${run.error}`);
        return;
      }
      outcome.answered.add(member.userId);
      say(
        `Start → answers sent in ${run.steps} step${run.steps === 1 ? '' : 's'}, ${CONSENT_LABEL[set.consent]}`,
      );
      const said = set.answers.motivations;
      if (typeof said === 'string') printer.detail(`“${firstSentence(said)}”`);
      return;
    }
    case 'later': {
      const res = await click(INVITATION_ACTIONS.later);
      if (res.status !== 200) ctx.problem(`${member.name}'s Later click got HTTP ${res.status}`);
      outcome.later.add(member.userId);
      say('Later');
      return;
    }
    case 'decline': {
      const res = await click(INVITATION_ACTIONS.decline);
      if (res.status !== 200) ctx.problem(`${member.name}'s decline got HTTP ${res.status}`);
      outcome.declined.add(member.userId);
      say('No, thanks (declined)');
      return;
    }
    case 'talk': {
      const res = await click(INVITATION_ACTIONS.talk);
      if (res.status !== 200) ctx.problem(`${member.name}'s talk request got HTTP ${res.status}`);
      outcome.talkRequested.add(member.userId);
      say('I would rather talk');
      return;
    }
  }
}

/**
 * The interviewees: each reacts to every DM that carries the interview's buttons (the invitation, then each
 * reminder) as their plan says, after their own reaction time in story time.
 */
export function startPeople(ctx: StoryContext) {
  const seen = new Map<string, number>();
  const pending = new Set<Promise<void>>();
  const outcome: PeopleOutcome = {
    answered: new Set(),
    declined: new Set(),
    talkRequested: new Set(),
    later: new Set(),
  };

  function onCall(call: EmulatorCall): void {
    if (call.method !== 'chat.postMessage' || call.response.ok !== true) return;
    const userId = dmUser(call.args.channel);
    const member = userId ? ctx.cast.byId.get(userId) : undefined;
    if (!member) return;
    if (!JSON.stringify(call.args.blocks ?? []).includes(`"${INVITATION_ACTIONS.start}"`)) return;
    const n = seen.get(member.userId) ?? 0;
    seen.set(member.userId, n + 1);
    const reaction = member.plan[n] ?? 'ignore';
    if (reaction === 'ignore') return;
    const message = { ts: String(call.response.ts), channel: String(call.response.channel) };
    const job: Promise<void> = (async () => {
      await ctx.clock.wait(member.delayMinutes * 60_000);
      await act(ctx, member, reaction, message, outcome);
    })()
      .catch((err: unknown) =>
        ctx.problem(`${member.name}: ${err instanceof Error ? err.message : String(err)}`),
      )
      .finally(() => pending.delete(job));
    pending.add(job);
  }

  return {
    onCall,
    outcome,
    /** How many messages with the interview's buttons each person has had. */
    messagesSeen: (userId: string) => seen.get(userId) ?? 0,
    /** Resolves once nobody is in the middle of doing something. */
    async settled(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

export type People = ReturnType<typeof startPeople>;
