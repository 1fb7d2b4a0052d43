import { ACTIONS } from '../../slack/interviews/ids.js';
import { STAFF } from './cast.js';
import type { StoryContext } from './context.js';
import { answerInModal, firstSentence } from './people.js';

/**
 * The interviewer had the live talk someone asked for, and records it: the message the app sent them has a
 * Record notes button, which opens the same interview form in "recording" mode.
 */
export async function recordTalk(ctx: StoryContext): Promise<boolean> {
  const { stack, cast, printer } = ctx;
  const interviewer = STAFF.interviewer;
  const talker = ctx.cast.members.find((m) => m.plan.includes('talk'));
  if (!talker) return false;
  const message = stack.emulator
    .messagesTo(interviewer)
    .find(
      (m) => JSON.stringify(m.blocks ?? []).includes(`"${ACTIONS.recordTalk}"`) && m.text.includes('talk'),
    );
  if (!message) {
    ctx.problem(`${cast.nameOf(interviewer)} never got the message about ${talker.name}'s live talk`);
    return false;
  }
  const at = ctx.clock.now();
  const tz = cast.tzOf(interviewer);
  printer.event(
    at,
    tz,
    '·',
    cast.nameOf(interviewer),
    `had a 30-minute call with ${talker.name}, then clicks [ Record notes ]`,
  );
  const run = await answerInModal(
    ctx,
    interviewer,
    ACTIONS.recordTalk,
    { ts: message.ts, channel: message.channel },
    ctx.answers.talk,
  );
  if (run.error) {
    printer.event(ctx.clock.now(), tz, '←', cast.nameOf(interviewer), printer.style.red(run.error));
    ctx.problem(`recording ${talker.name}'s talk failed: ${run.error}`);
    return false;
  }
  printer.event(
    ctx.clock.now(),
    tz,
    '←',
    cast.nameOf(interviewer),
    `notes recorded for ${talker.name} in ${run.steps} step${run.steps === 1 ? '' : 's'}`,
  );
  const said = ctx.answers.talk.answers.obstacles;
  if (typeof said === 'string') printer.detail(`“${firstSentence(said)}”`);
  return true;
}
