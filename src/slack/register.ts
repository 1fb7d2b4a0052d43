import type { App } from '@slack/bolt';
import type { AppContext } from '../context.js';
import { registerPrivacy } from '../privacy/register.js';
import { register as campaigns } from './campaigns/register.js';
import { registerCommandRouter } from './commands/router.js';
import { register as digest } from './digest/register.js';
import { register as interviews } from './interviews/register.js';
import { registerFallbackAck } from './requestGuard.js';
import { register as tagging } from './tagging/register.js';

/** Wires every listener. Each feature registers its own actions, views and events in its folder. */
export function registerListeners(app: App, ctx: AppContext): void {
  registerCommandRouter(app, ctx);
  campaigns(app, ctx);
  interviews(app, ctx);
  tagging(app, ctx);
  digest(app, ctx);
  registerPrivacy(app, ctx);
  // Last: whatever no listener acknowledged (an unknown or stale button) gets a quick empty 200.
  registerFallbackAck(app);
}
