import type { App, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { CAMPAIGN_CALLBACK_ID } from './modal.js';
import { handleCampaignSubmission } from './submission.js';

export function register(app: App, ctx: AppContext): void {
  app.view<ViewSubmitAction>({ callback_id: CAMPAIGN_CALLBACK_ID, type: 'view_submission' }, (args) =>
    handleCampaignSubmission(ctx, args),
  );
}
