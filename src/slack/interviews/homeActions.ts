import type { App, BlockAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { campaignCounts, getCampaign } from '../../store/campaigns.js';
import { upcomingSends } from '../../store/interviews.js';
import { isStaff } from '../staff.js';
import { ACTIONS, parseInterviewId } from './ids.js';
import { campaignStatusBlocks } from './lifecycle.js';
import { messageView } from './modalView.js';
import { type ClickBody, tellClicker } from './reply.js';

/** The staff Home's Status button: the same status `/ospo-survey status` shows, in a modal. */
export function registerHomeActions(app: App, ctx: AppContext): void {
  app.action<BlockAction>(ACTIONS.homeStatus, async ({ ack, body }) => {
    await ack();
    const click = body as unknown as ClickBody;
    if (!(await isStaff(ctx, body.user.id))) {
      return tellClicker(ctx, click, 'Campaign status is for the OSPO team.');
    }
    const action = body.actions[0];
    const id = parseInterviewId(action && 'value' in action ? action.value : undefined);
    const campaign = id ? getCampaign(ctx.db, id) : undefined;
    if (!campaign)
      return tellClicker(ctx, click, 'I could not find that campaign; it may have been removed.');
    const view = messageView('Campaign status', '');
    view.blocks = campaignStatusBlocks(
      campaign,
      campaignCounts(ctx.db, campaign.id),
      upcomingSends(ctx.db, campaign.id),
    );
    try {
      await ctx.slack.views.open({ trigger_id: body.trigger_id, view });
    } catch (err) {
      ctx.logger.warn({ err, campaignId: campaign.id }, 'could not open the campaign status');
    }
  });
}
