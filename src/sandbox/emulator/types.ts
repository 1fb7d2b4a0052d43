// Shapes of the emulated workspace. Field names follow Slack's Web API objects so that what the
// emulator returns can be handed to code written against real Slack responses.

export interface Team {
  id: string;
  name: string;
  domain: string;
}

export interface BotIdentity {
  /** The bot user (U…) that owns the app's DMs. */
  userId: string;
  /** The bot id (B…) that Slack stamps on the app's messages. */
  botId: string;
  appId: string;
  /** Bot token the emulator accepts (`Authorization: Bearer …` or `token` param). */
  token: string;
  name: string;
}

export interface SlackUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  /** IANA zone, e.g. `America/New_York`. */
  tz: string;
  /** Slack's human label, e.g. `Eastern Standard Time`. */
  tz_label: string;
  /** Current offset from UTC in seconds. */
  tz_offset: number;
  is_bot: boolean;
  is_app_user?: boolean;
  deleted: boolean;
  is_admin: boolean;
  profile: {
    real_name: string;
    display_name: string;
    email?: string;
    title?: string;
    bot_id?: string;
  };
}

export interface UserGroup {
  id: string;
  team_id: string;
  name: string;
  handle: string;
  description: string;
  users: string[];
  is_usergroup: true;
  date_delete?: number;
}

export interface Channel {
  id: string;
  name: string;
  is_channel: boolean;
  is_private: boolean;
  is_im: boolean;
  is_mpim: boolean;
  is_archived: boolean;
  /** For DMs: the human on the other side. */
  user?: string;
  members: string[];
  created: number;
}

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface SharedFileRef {
  id: string;
  name: string;
  title: string;
  size: number;
}

export interface Message {
  type: 'message';
  ts: string;
  channel: string;
  text: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  team?: string;
  blocks?: unknown[];
  metadata?: MessageMetadata;
  thread_ts?: string;
  reply_count?: number;
  files?: SharedFileRef[];
  edited?: { user: string; ts: string };
  /** Arguments the message was sent with beyond the ones above (unfurl flags, username…). */
  extra?: Record<string, unknown>;
}

export interface EphemeralMessage {
  message_ts: string;
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  via: 'chat.postEphemeral' | 'response_url';
}

export interface StoredView {
  id: string;
  team_id: string;
  type: 'modal' | 'home';
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Record<string, Record<string, unknown>> };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  previous_view_id: string | null;
  root_view_id: string;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
  /** The person the view is shown to (not part of Slack's view object). */
  user: string;
}

export interface StoredFile {
  id: string;
  filename: string;
  title: string;
  /** Length announced in files.getUploadURLExternal. */
  length: number;
  alt_text?: string;
  snippet_type?: string;
  bytes?: Buffer;
  uploadedAt?: number;
  completed: boolean;
  shares: { channel: string; ts: string }[];
}

/** Everything needed to (re)build a workspace: produced by `makeWorkspace`, or written by hand in a test. */
export interface WorkspaceSeed {
  team: Team;
  bot: BotIdentity;
  users: SlackUser[];
  usergroups: UserGroup[];
  channels: Channel[];
}

export type ApiResult =
  | { ok: true; [key: string]: unknown }
  | { ok: false; error: string; [key: string]: unknown };

/** One request the emulator answered, as tests see it. */
export interface EmulatorCall {
  /** Position in the call log, from 0. */
  seq: number;
  /** Web API method, or `response_url` / `file_upload` for the non-API endpoints. */
  method: string;
  /** Arguments as parsed (JSON-looking form fields such as `blocks` and `view` are decoded). */
  args: Record<string, unknown>;
  /** `Date.now()` when the request arrived. */
  time: number;
  /** HTTP status the emulator answered with. */
  status: number;
  response: Record<string, unknown>;
  /** Set when the call was refused by the rate limiter. */
  rateLimited: boolean;
  /** Set when the answer came from `failNext` or the `faults` option rather than the method itself. */
  injected?: 'failNext' | 'fault';
}
