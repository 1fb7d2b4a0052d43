import type { StoryContext } from './context.js';
import { until } from './slack.js';

/**
 * A person types `/ospo-survey <text>`; resolves once the app has answered them (an ephemeral reply, which the
 * narrator prints) or after `timeoutMs` real ms. False when the request itself failed.
 */
export async function runCommand(
  ctx: StoryContext,
  userId: string,
  text: string,
  options: { channelId?: string; timeoutMs?: number; waitForReply?: boolean } = {},
): Promise<boolean> {
  const { stack, cast, printer } = ctx;
  const where = options.channelId ? `   (typed in #${channelName(ctx, options.channelId)})` : '';
  printer.event(ctx.clock.now(), cast.tzOf(userId), '←', cast.nameOf(userId), `/ospo-survey ${text}${where}`);
  const before = stack.emulator.ephemeralsTo(userId).length;
  const res = await stack.slack.command({
    userId,
    text,
    ...(options.channelId ? { channelId: options.channelId } : {}),
  });
  if (res.status !== 200) {
    ctx.problem(`/ospo-survey ${text} got HTTP ${res.status}`);
    return false;
  }
  if (options.waitForReply === false) return true;
  await until(() => stack.emulator.ephemeralsTo(userId).length > before, options.timeoutMs ?? 5_000);
  return true;
}

function channelName(ctx: StoryContext, id: string): string {
  return ctx.stack.workspace.channels.find((c) => c.id === id)?.name ?? id;
}
