import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { recordAudit } from '../../store/audit.js';
import { countReviewQueue, listReviewQueue, saveStaffReview } from '../../store/tags.js';
import { REVIEW_BELOW } from '../../tagging/service.js';
import { isStaff } from '../staff.js';
import { BLOCK, OPEN_QUEUE_ACTION, OPEN_REVIEW_ACTION, REVIEW_CALLBACK_ID } from './ids.js';
import { QUEUE_SHOWN, queueView } from './queueView.js';
import { loadReviewData, suggestedLabels } from './reviewData.js';
import { reviewView } from './reviewView.js';
import { parseReviewChoice, parseReviewMetadata } from './submission.js';

/** The review queue as it stands now. */
export function currentQueueView(ctx: AppContext) {
  return queueView(
    listReviewQueue(ctx.db, REVIEW_BELOW, QUEUE_SHOWN),
    countReviewQueue(ctx.db, REVIEW_BELOW),
  );
}

export function register(app: App, ctx: AppContext): void {
  // From the App Home (or any message) a button with this action id opens the queue.
  app.action<BlockAction<ButtonAction>>(OPEN_QUEUE_ACTION, async ({ ack, body, client }) => {
    await ack();
    if (!(await isStaff(ctx, body.user.id))) return;
    await client.views.open({ trigger_id: body.trigger_id, view: currentQueueView(ctx) });
  });

  app.action<BlockAction<ButtonAction>>(OPEN_REVIEW_ACTION, async ({ ack, body, client, action }) => {
    await ack();
    if (!(await isStaff(ctx, body.user.id))) return;
    const answerId = Number(action.value);
    const data =
      Number.isSafeInteger(answerId) && answerId > 0 ? loadReviewData(ctx.db, answerId) : undefined;
    const inModal = body.view?.id;
    if (!data) {
      // Erased or deleted since the queue was shown: refresh the queue rather than open an empty review.
      if (inModal) await client.views.update({ view_id: inModal, view: currentQueueView(ctx) });
      return;
    }
    const view = reviewView(ctx.taxonomy, data, {
      a: data.answer.answerId,
      v: data.answer.answerVersion,
      ...(inModal ? { q: inModal } : {}),
    });
    if (inModal) await client.views.push({ trigger_id: body.trigger_id, view });
    else await client.views.open({ trigger_id: body.trigger_id, view });
  });

  app.view<ViewSubmitAction>(
    { callback_id: REVIEW_CALLBACK_ID, type: 'view_submission' },
    async ({ ack, body, view, client }) => {
      const userId = body.user.id;
      if (!(await isStaff(ctx, userId))) {
        await ack({
          response_action: 'errors',
          errors: { [BLOCK.petals]: 'Only OSPO staff can change tags.' },
        });
        return;
      }
      const meta = parseReviewMetadata(view.private_metadata);
      if (!meta) {
        await ack({
          response_action: 'errors',
          errors: { [BLOCK.petals]: 'This form is out of date. Close it and open the review again.' },
        });
        return;
      }
      const parsed = parseReviewChoice(ctx.taxonomy, view.state.values);
      if (!parsed.ok) {
        await ack({ response_action: 'errors', errors: parsed.errors });
        return;
      }
      const data = loadReviewData(ctx.db, meta.a);
      if (!data || data.answer.answerVersion !== meta.v || data.answer.text === null) {
        await ack({
          response_action: 'errors',
          errors: {
            [BLOCK.petals]: data
              ? 'The answer changed since you opened this review. Close it and open the review again.'
              : 'This answer is gone (erased on request or by retention). Nothing to save.',
          },
        });
        return;
      }
      const at = ctx.clock.now();
      const { choice } = parsed;
      // The store write is one short synchronous transaction: done before the acknowledgement, so a save that fails
      // is shown to staff instead of vanishing.
      saveStaffReview(ctx.db, {
        answerId: meta.a,
        answerVersion: meta.v,
        staffId: userId,
        ...choice,
        suggested: suggestedLabels(data.tags),
        taxonomyVersion: ctx.taxonomy.version,
        at,
      });
      recordAudit(ctx.db, {
        actor: userId,
        action: 'tags.review',
        target: `answer:${meta.a}`,
        detail: { petals: choice.petals, stage: choice.stage, motivators: choice.motivators },
        at,
      });
      await ack();
      if (meta.q) {
        await client.views
          .update({ view_id: meta.q, view: currentQueueView(ctx) })
          .catch((err: unknown) =>
            ctx.logger.warn({ err: String(err) }, 'could not refresh the review queue'),
          );
      }
    },
  );
}
