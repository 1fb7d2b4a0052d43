import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { AppContext } from '../context.js';
import { publishHome } from '../slack/interviews/home.js';
import { isStaff } from '../slack/staff.js';
import {
  FORGET_CANCEL_ACTION,
  FORGET_CONFIRM_ACTION,
  forgetNoticeText,
  forgetReceiptText,
} from './blocks.js';
import { eraseData } from './erase.js';
import { isUserId } from './mention.js';

const registered = new WeakSet<App>();

/** Answers through the clicked message's response_url; a payload without one (not from Slack) gets no reply. */
async function reply(respond: RespondFn | undefined, text: string, ctx: AppContext): Promise<void> {
  if (!respond) return;
  await respond({ response_type: 'ephemeral', replace_original: true, text }).catch((err: unknown) =>
    ctx.logger.warn({ err: String(err) }, 'could not answer a privacy button'),
  );
}

/**
 * The buttons under `/ospo-survey forget`. The button says whose data to erase, but a button value is only what the
 * request claims: the clicker must be that person, or staff now (not merely when the question was asked). Safe to
 * register twice on one app.
 */
export function registerPrivacy(app: App, ctx: AppContext): void {
  if (registered.has(app)) return;
  registered.add(app);

  app.action<BlockAction<ButtonAction>>(
    FORGET_CONFIRM_ACTION,
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const actor = body.user.id;
      const subject = action.value;
      if (!isUserId(subject) || !isUserId(actor)) {
        await reply(respond, 'That button is not valid any more: run `/ospo-survey forget` again.', ctx);
        return;
      }
      const self = subject === actor;
      if (!self && !(await isStaff(ctx, actor))) {
        ctx.logger.warn({ actor }, 'refused an erasure of someone else by a non-staff user');
        await reply(respond, 'Only the OSPO team can erase someone else’s data.', ctx);
        return;
      }
      const outcome = await eraseData(ctx, { subject, actor });
      await reply(
        respond,
        forgetReceiptText(subject, self, outcome, outcome.erasedNow, ctx.clock.now()),
        ctx,
      );
      if (!outcome.erasedNow) return;
      // Slack keeps showing the last Home published, answers included, until it is published again.
      await publishHome(ctx, subject).catch((err: unknown) =>
        ctx.logger.warn({ err: String(err) }, 'could not clear the erased person’s Home'),
      );
      // Only the click that erased something tells the person, so a double click sends one notice.
      if (!self) {
        await client.chat
          .postMessage({ channel: subject, text: forgetNoticeText(actor) })
          .catch((err: unknown) =>
            ctx.logger.warn({ err: String(err) }, 'could not tell the person about the erasure'),
          );
      }
    },
  );

  app.action<BlockAction<ButtonAction>>(FORGET_CANCEL_ACTION, async ({ ack, respond }) => {
    await ack();
    await reply(respond, 'Kept everything: nothing was erased.', ctx);
  });
}
