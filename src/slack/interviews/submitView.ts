import type { App, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { motivatorGroups, planSteps } from '../../interviews/steps.js';
import { readStepValues, type StateValues } from '../../interviews/stepValues.js';
import { submitStep } from '../../interviews/submission.js';
import { findInterview } from '../../store/interviewResponses.js';
import { isStaff } from '../staff.js';
import { afterAnswered } from './afterChange.js';
import { questionSetFor } from './buttons.js';
import { CALLBACK_STEP, decodeStepMetadata } from './ids.js';
import { interviewStepView, messageView, thankYouView } from './modalView.js';

const NOT_SAVED = 'Not saved';

/**
 * One step of the interview modal was submitted. Everything decided before the acknowledgement is local and fast
 * (parsing, validation, one SQLite transaction); Slack calls and the tagging job follow it.
 */
export function registerViewSubmission(app: App, ctx: AppContext): void {
  app.view<ViewSubmitAction>(CALLBACK_STEP, async ({ ack, body, view }) => {
    const userId = body.user.id;
    const meta = decodeStepMetadata(view.private_metadata);
    const interview = meta ? findInterview(ctx.db, meta.interviewId) : undefined;
    const set = interview ? questionSetFor(ctx, interview) : undefined;
    if (!meta || !interview || !set) {
      ctx.logger.warn(
        { userId, meta: view.private_metadata.slice(0, 100) },
        'interview form with unusable metadata',
      );
      await ack({
        response_action: 'update',
        view: messageView(
          NOT_SAVED,
          'This form could not be matched to an interview of yours, so nothing was saved or changed.',
        ),
      });
      return;
    }
    const plan = planSteps(set, ctx.taxonomy.motivators.length);
    const step = plan.find((s) => s.number === meta.step);
    const values = step
      ? readStepValues(
          step,
          view.state.values as StateValues,
          motivatorGroups(ctx.taxonomy.motivators).length,
        )
      : {};
    // Staff standing in for an interviewer-less campaign is the only case that needs the (cached) staff list.
    const staff =
      interview.userId !== userId && !interview.interviewerId ? await isStaff(ctx, userId) : false;
    const outcome = submitStep(ctx.db, {
      interviewId: interview.id,
      stepNumber: meta.step,
      viewId: view.id,
      userId,
      isStaff: staff,
      values,
      set,
      plan,
      taxonomy: ctx.taxonomy,
      now: ctx.clock.now(),
    });
    switch (outcome.kind) {
      case 'errors':
        await ack({ response_action: 'errors', errors: outcome.errors });
        return;
      case 'next':
        await ack({
          response_action: 'update',
          view: interviewStepView({
            set,
            step: outcome.next,
            interview,
            taxonomy: ctx.taxonomy,
            values: outcome.values,
            mode: outcome.mode,
          }),
        });
        return;
      case 'refused':
        await ack({ response_action: 'update', view: messageView(NOT_SAVED, outcome.message) });
        return;
      case 'saved':
      case 'duplicate': {
        const mode = outcome.mode;
        await ack({
          response_action: 'update',
          view: thankYouView({
            set,
            interview: outcome.interview,
            mode,
            edited: outcome.interview.version > 1,
          }),
        });
        await afterAnswered(ctx, interview.id, { recordedBy: mode === 'record' ? userId : null });
        return;
      }
    }
  });
}
