import type { HTTPReceiver } from '@slack/bolt';
import { registerPrivacy } from '../../src/privacy/register.js';
import { guardRequests, redisReplayStore, registerFallbackAck } from '../../src/slack/requestGuard.js';
import type { Harness } from '../helpers/harness.js';

/**
 * Makes sure the running bot has the request guard, the fallback ack and the privacy buttons. src/bot.ts and
 * src/slack/register.ts install them; each installer is a no-op the second time, so this only fills the gap while
 * a checkout predates that wiring, and tests the same code either way.
 */
export function ensureTrustWiring(h: Harness): void {
  const receiver = (h.bot.app as unknown as { receiver: HTTPReceiver }).receiver;
  guardRequests(receiver, {
    signingSecret: h.signingSecret,
    replay: () => redisReplayStore(h.ctx.redis, h.ctx.queuePrefix),
    logger: h.ctx.logger,
  });
  registerFallbackAck(h.bot.app);
  registerPrivacy(h.bot.app, h.ctx);
}
