import type { App } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { registerButtons } from './buttons.js';
import { publishHome } from './home.js';
import { registerHomeActions } from './homeActions.js';
import { registerViewSubmission } from './submitView.js';

export { publishHome } from './home.js';

/** The interviewee's side: invitation buttons, the interview modal, the talk path and the App Home. */
export function register(app: App, ctx: AppContext): void {
  registerButtons(app, ctx);
  registerViewSubmission(app, ctx);
  registerHomeActions(app, ctx);
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    try {
      await publishHome(ctx, event.user);
    } catch (err) {
      ctx.logger.warn({ err, user: event.user }, 'could not publish Home');
    }
  });
}
