import type { App, BlockAction, RespondFn } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { checkAccess, type InterviewAction } from '../../interviews/access.js';
import { isAudience } from '../../interviews/audience.js';
import type { QuestionSet } from '../../interviews/questionSets.js';
import { planSteps } from '../../interviews/steps.js';
import { initialValues, startSession } from '../../interviews/submission.js';
import { listAnswers } from '../../store/answers.js';
import {
  declineInterview,
  findInterview,
  type InterviewRecord,
  requestTalk,
} from '../../store/interviewResponses.js';
import { isStaff } from '../staff.js';
import { afterDeclined, closeInvitationMessages } from './afterChange.js';
import { ACTIONS, parseInterviewId } from './ids.js';
import { snoozeInvitation } from './lifecycle.js';
import { interviewStepView } from './modalView.js';
import { type ClickBody, clickedMessage, tellClicker } from './reply.js';
import { afterTalkRequested } from './talk.js';

/** A second click on Start for the same interview within this window is the same click (a double tap on a phone). */
const DOUBLE_CLICK_MS = 1_500;

export function questionSetFor(ctx: AppContext, interview: InterviewRecord): QuestionSet | undefined {
  return isAudience(interview.audience) ? ctx.questionSets[interview.audience] : undefined;
}

/**
 * True for the first click within the double-click window. Redis, not memory, so two instances agree; when Redis
 * cannot answer we open anyway (a second modal is a smaller harm than none).
 */
async function firstClick(ctx: AppContext, interviewId: number, userId: string): Promise<boolean> {
  try {
    const key = `${ctx.queuePrefix}:modal-open:${interviewId}:${userId}`;
    return (await ctx.redis.set(key, '1', 'PX', DOUBLE_CLICK_MS, 'NX')) === 'OK';
  } catch {
    return true;
  }
}

function interviewIdOf(body: BlockAction): number | undefined {
  const action = body.actions[0];
  return parseInterviewId(action && 'value' in action ? action.value : undefined);
}

/** The interview a button names, and whether its owner may do `action` (only the interviewee's own buttons). */
function ownClick(ctx: AppContext, body: BlockAction, action: 'decline' | 'talk' | 'later') {
  const id = interviewIdOf(body);
  const interview = id ? findInterview(ctx.db, id) : undefined;
  return { interview, access: checkAccess(interview, body.user.id, action, { isStaff: false }) };
}

/**
 * Start (or Edit, or Record notes): acknowledged first, then the modal opened with the click's trigger_id, which
 * Slack honours once and for 3 seconds, so nothing slow stands between the two.
 */
export async function openInterviewModal(
  ctx: AppContext,
  body: BlockAction,
  action: Extract<InterviewAction, 'answer' | 'record'>,
  respond?: RespondFn,
): Promise<void> {
  const userId = body.user.id;
  const id = interviewIdOf(body);
  const interview = id ? findInterview(ctx.db, id) : undefined;
  const staff =
    action === 'record' && interview && !interview.interviewerId ? await isStaff(ctx, userId) : false;
  const access = checkAccess(interview, userId, action, { isStaff: staff });
  if (!access.ok) return tell(ctx, body, access.message, respond);
  const target = interview!;
  const set = questionSetFor(ctx, target);
  if (!set) {
    ctx.logger.error(
      { interviewId: target.id, audience: target.audience },
      'no question set for the audience',
    );
    return tell(
      ctx,
      body,
      'The questions for this interview are missing on our side. Nothing was changed; the OSPO has been told.',
      respond,
    );
  }
  if (!(await firstClick(ctx, target.id, userId))) return;
  const plan = planSteps(set, ctx.taxonomy.motivators.length);
  const draft = startSession(ctx.db, target, userId, ctx.clock.now());
  const values = initialValues(set, target, listAnswers(ctx.db, target.id), ctx.taxonomy, draft);
  const view = interviewStepView({
    set,
    step: plan[0]!,
    interview: target,
    taxonomy: ctx.taxonomy,
    values,
    mode: access.mode,
  });
  try {
    await ctx.slack.views.open({ trigger_id: body.trigger_id, view });
  } catch (err) {
    ctx.logger.warn({ err, interviewId: target.id }, 'views.open failed');
    await tell(ctx, body, 'The form could not open in time. Please click the button again.', respond, false);
  }
}

function tell(
  ctx: AppContext,
  body: BlockAction,
  text: string,
  respond?: RespondFn,
  useTrigger = true,
): Promise<void> {
  if (respond && body.response_url) {
    return respond({ response_type: 'ephemeral', replace_original: false, text })
      .then(() => undefined)
      .catch((err: unknown) => ctx.logger.warn({ err }, 'respond failed'));
  }
  return tellClicker(ctx, body as unknown as ClickBody, text, useTrigger);
}

async function onDecline(ctx: AppContext, body: BlockAction, respond: RespondFn): Promise<void> {
  const { interview, access } = ownClick(ctx, body, 'decline');
  const clicked = clickedMessage(body as unknown as ClickBody);
  if (!access.ok) {
    // The second of a double click (or a retry) finds the interview declined: tidy the message, say nothing twice.
    if (interview?.userId === body.user.id && interview.status === 'declined') {
      return closeInvitationMessages(ctx, interview, 'declined', clicked);
    }
    return tell(ctx, body, access.message, respond, false);
  }
  if (declineInterview(ctx.db, interview!.id, ctx.clock.now())) {
    await afterDeclined(ctx, findInterview(ctx.db, interview!.id)!, clicked);
  }
}

async function onTalk(ctx: AppContext, body: BlockAction, respond: RespondFn): Promise<void> {
  const { interview, access } = ownClick(ctx, body, 'talk');
  const clicked = clickedMessage(body as unknown as ClickBody);
  if (!access.ok) return tell(ctx, body, access.message, respond, false);
  if (requestTalk(ctx.db, interview!.id)) {
    await afterTalkRequested(ctx, findInterview(ctx.db, interview!.id)!, clicked);
  } else {
    // Already asked: make sure the message says so, and that the interviewer was told (postOnce sends it once).
    await afterTalkRequested(ctx, interview!, clicked);
  }
}

async function onLater(ctx: AppContext, body: BlockAction, respond: RespondFn): Promise<void> {
  const { interview, access } = ownClick(ctx, body, 'later');
  if (!access.ok) return tell(ctx, body, access.message, respond, false);
  const snoozed = await snoozeInvitation(ctx, interview!.id);
  if (!snoozed.ok) {
    const text =
      snoozed.reason === 'past-due'
        ? 'The interview is due before your next working morning, so I cannot put it off any more. You can still answer now with Start.'
        : 'This interview is no longer waiting for an answer, so there is nothing to put off.';
    return tell(ctx, body, text, respond, false);
  }
  const at = Math.floor(snoozed.remindAt.getTime() / 1000);
  await tell(
    ctx,
    body,
    `No problem. I will remind you <!date^${at}^{date_long_pretty} at {time}|on your next working morning>. The buttons above keep working until then.`,
    respond,
    false,
  );
}

export function registerButtons(app: App, ctx: AppContext): void {
  app.action<BlockAction>(ACTIONS.start, async ({ ack, body, respond }) => {
    await ack();
    await openInterviewModal(ctx, body, 'answer', respond);
  });
  app.action<BlockAction>(ACTIONS.recordTalk, async ({ ack, body, respond }) => {
    await ack();
    await openInterviewModal(ctx, body, 'record', respond);
  });
  app.action<BlockAction>(ACTIONS.decline, async ({ ack, body, respond }) => {
    await ack();
    await onDecline(ctx, body, respond);
  });
  app.action<BlockAction>(ACTIONS.talk, async ({ ack, body, respond }) => {
    await ack();
    await onTalk(ctx, body, respond);
  });
  app.action<BlockAction>(ACTIONS.later, async ({ ack, body, respond }) => {
    await ack();
    await onLater(ctx, body, respond);
  });
}
