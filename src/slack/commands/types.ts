import type { RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AppContext } from '../../context.js';

export interface SubcommandCall {
  ctx: AppContext;
  /** Who ran the command. */
  userId: string;
  channelId: string;
  /** Words after the subcommand name; quoted phrases stay one word. */
  args: string[];
  /** Everything after the subcommand name, as typed. */
  rest: string;
  isStaff: boolean;
  /** Valid for 3 s after the command was sent, and once: open a modal before any slow work. */
  triggerId: string;
  /** Replies through the command's response_url (ephemeral unless response_type says otherwise). */
  respond: RespondFn;
  client: WebClient;
  command: SlashCommand;
}

export interface Subcommand {
  /** The first word after /ospo-survey, lower case. Aliases are separate entries with `hidden: true`. */
  name: string;
  /** Shown in help, e.g. 'status [campaign]'. */
  usage: string;
  /** One line for help. */
  summary: string;
  /** Refused (politely) to anyone who is not OSPO staff. */
  staffOnly: boolean;
  hidden?: boolean;
  run(call: SubcommandCall): Promise<void>;
}
