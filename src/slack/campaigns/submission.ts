import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { validateCampaignForm } from '../../interviews/campaigns.js';
import { localDate } from '../../schedule/workingTime.js';
import { findCampaignByRequestKey, isOpenCampaignName } from '../../store/campaigns.js';
import { isStaff } from '../staff.js';
import { createCampaign } from './createCampaign.js';
import { errorsByBlock, readCampaignForm } from './form.js';
import { BLOCK, parseModalMetadata, progressModal, resultModal } from './modal.js';
import { alreadyCreatedLines, createdLines, nobodyLines } from './render.js';
import { postToResponseUrl } from './responseUrl.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The campaign form's submission. Cheap checks answer inside Slack's 3 seconds as errors next to the fields; then
 * the modal turns into a progress view and the slow part (asking Slack who is in each group and channel, time zones,
 * scheduling) runs after the acknowledgement, ending with the result in the modal and in the channel.
 */
export async function handleCampaignSubmission(
  ctx: AppContext,
  { ack, body, view, client }: Args,
): Promise<void> {
  const userId = body.user.id;
  const meta = parseModalMetadata(view.private_metadata);

  if (!(await isStaff(ctx, userId))) {
    await ack({
      response_action: 'errors',
      errors: { [BLOCK.name]: 'Only the OSPO team can start campaigns.' },
    });
    return;
  }

  // Slack redelivered a submission whose campaign exists: show it again rather than "name taken".
  const earlier = findCampaignByRequestKey(ctx.db, view.id);
  if (earlier) {
    await ack({
      response_action: 'update',
      view: resultModal(alreadyCreatedLines(earlier)),
    });
    return;
  }

  const form = readCampaignForm(view.state.values as unknown as Parameters<typeof readCampaignForm>[0]);
  const interviewerIsStaff = form.interviewerId ? await isStaff(ctx, form.interviewerId) : true;
  const result = validateCampaignForm(form, {
    today: localDate(ctx.clock.now(), meta.creatorTz),
    creatorTz: meta.creatorTz,
    ...(meta.channelId ? { channelId: meta.channelId } : {}),
    nameTaken: isOpenCampaignName(ctx.db, form.name),
    interviewerIsStaff,
  });
  if (!result.ok) {
    await ack({ response_action: 'errors', errors: errorsByBlock(result.errors) });
    return;
  }

  await ack({ response_action: 'update', view: progressModal('Finding out who is in your picks…') });
  const show = async (lines: string[]) => {
    await client.views
      .update({ view_id: view.id, view: resultModal(lines) })
      .catch((err: unknown) => ctx.logger.warn({ err: String(err) }, 'could not update the campaign modal'));
    await postToResponseUrl(ctx, meta.responseUrl, { text: lines.join('\n') });
  };

  try {
    const created = await createCampaign(ctx, {
      draft: result.draft,
      createdBy: userId,
      requestKey: view.id,
      onProgress: async (text) => {
        await client.views.update({ view_id: view.id, view: progressModal(text) }).catch(() => undefined);
        await postToResponseUrl(ctx, meta.responseUrl, { text });
      },
    });
    if (!created.ok) {
      await show(nobodyLines(created.dropped, created.tooLate, created.problems));
      return;
    }
    await show(createdLines({ ...created, name: result.draft.name }));
  } catch (err) {
    ctx.logger.error({ err, user: userId }, 'creating a campaign failed');
    await show([
      'Something went wrong while scheduling. Run `/ospo-survey list` to see whether the campaign exists: any invitation it holds will still go out.',
    ]);
  }
}
