import type { App } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { escapeMrkdwn, truncate } from '../blocks/text.js';
import { isStaff as checkStaff } from '../staff.js';
import { allSubcommands } from './index.js';
import { parseArgs, splitSubcommand } from './parseArgs.js';
import type { Subcommand, SubcommandCall } from './types.js';

export const COMMAND = '/ospo-survey';

/**
 * One slash command, many subcommands. The request is acknowledged before anything else so Slack's 3-second limit
 * never depends on Redis, SQLite or another Slack call; replies go through the response_url.
 */
export function registerCommandRouter(app: App, ctx: AppContext): void {
  app.command(COMMAND, async ({ command, ack, respond, client }) => {
    await ack();
    const { name, rest } = splitSubcommand(command.text ?? '');
    const staff = await checkStaff(ctx, command.user_id);
    const registry = allSubcommands();
    const byName = new Map(registry.map((s) => [s.name, s]));
    const call: SubcommandCall = {
      ctx,
      userId: command.user_id,
      channelId: command.channel_id,
      args: parseArgs(rest),
      rest,
      isStaff: staff,
      triggerId: command.trigger_id,
      respond,
      client,
      command,
    };
    // A bare command shows staff what they can do, and everyone else their own interviews.
    const target: Subcommand | undefined =
      name === ''
        ? staff
          ? byName.get('help')
          : (byName.get('mine') ?? byName.get('help'))
        : byName.get(name);
    try {
      if (!target) {
        await respond({
          response_type: 'ephemeral',
          text: `I don't know \`${escapeMrkdwn(truncate(name, 40))}\`. Try \`${COMMAND} help\` for what I can do.`,
        });
        return;
      }
      if (target.staffOnly && !staff) {
        await respond({
          response_type: 'ephemeral',
          text: `Sorry, \`${COMMAND} ${target.name}\` is for the OSPO team. Here is what you can do instead.`,
        });
        const fallback = byName.get('mine') ?? byName.get('help');
        if (fallback) await fallback.run({ ...call, args: [], rest: '' });
        return;
      }
      await target.run(call);
    } catch (err) {
      ctx.logger.error({ err, subcommand: name, user: command.user_id }, 'subcommand failed');
      await respond({
        response_type: 'ephemeral',
        text: 'Something went wrong on our side and nothing was changed. Please try again in a minute.',
      }).catch(() => undefined);
    }
  });
}
