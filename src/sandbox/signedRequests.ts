import { createHmac, randomBytes } from 'node:crypto';
import { publicMessage } from './emulator/methods/chat.js';
import type { ViewResponseOutcome } from './emulator/methods/views.js';
import { publicView } from './emulator/methods/views.js';
import type { Emulator } from './emulator/server.js';
import { type Answer, buildStateValues } from './emulator/stateValues.js';
import type { Message, StoredView } from './emulator/types.js';

/**
 * Sends requests to the app exactly as Slack does: slash commands and interactivity as
 * `application/x-www-form-urlencoded` (interactivity wrapped in a `payload=` JSON field), events as a JSON
 * `event_callback` envelope, each signed with the v0 scheme Bolt verifies:
 * `X-Slack-Signature: v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + rawBody))`.
 * With an emulator attached, trigger_ids and response_urls come from it, and messages/views are read
 * from its state so payloads carry what the user actually saw.
 */

type Obj = Record<string, unknown>;

export interface SlackSenderOptions {
  /** The app's request URL, e.g. `http://127.0.0.1:3000/slack/events`. */
  appUrl: string;
  signingSecret: string;
  emulator?: Emulator;
  /** Legacy verification token placed in payloads (Bolt ignores it; Slack still sends one). */
  verificationToken?: string;
}

export interface SendOptions {
  /** Request timestamp in seconds (default now): an old one makes a stale request. */
  timestamp?: number;
  /** Replaces the computed X-Slack-Signature (forged requests). */
  signature?: string;
  /** Signs with this secret instead of the configured one (forged requests). */
  secret?: string;
  /** Leaves out both signature headers. */
  unsigned?: boolean;
  /** X-Slack-Retry-Num, as on Slack's redeliveries. */
  retryNum?: number;
  /** X-Slack-Retry-Reason, e.g. `http_timeout`. */
  retryReason?: string;
  headers?: Record<string, string>;
  /** Abort the request after this many ms (default 10000). */
  timeoutMs?: number;
}

export interface SendResult {
  status: number;
  body: string;
  /** The response body parsed, when it is JSON. */
  json?: unknown;
  headers: Record<string, string>;
  /** What was sent: the payload object (interactivity, events) or form fields (commands). */
  payload: Obj;
  triggerId?: string;
  responseUrl?: string;
  /** For view submissions with an emulator: what the app's answer did to the modal stack. */
  viewOutcome?: ViewResponseOutcome;
}

export interface CommandArgs {
  userId: string;
  text: string;
  /** Where the command was typed (default: the user's DM with the app). */
  channelId?: string;
  command?: string;
}

export interface BlockActionArgs {
  userId: string;
  actionId: string;
  value?: string;
  blockId?: string;
  /** Element type (default: found in the message/view blocks, else `button`). */
  type?: string;
  /** Extra fields for the action object, e.g. `{ selected_option: {...} }`. */
  action?: Obj;
  /** The message holding the element: `{ ts, channel }` (read from the emulator) or a full message. */
  message?: { ts: string; channel?: string } & Obj;
  /** The view holding the element: `{ id }` (read from the emulator) or a full view. */
  view?: { id: string } & Obj;
  container?: Obj;
  /** `state.values` (default: empty, or the view's). */
  state?: Obj;
}

export interface ViewSubmissionArgs {
  userId: string;
  /** The submitted view's id (default: the top of the user's modal stack in the emulator). */
  viewId?: string;
  /** View fields to send or override (callback_id, private_metadata, state…). */
  view?: Obj;
  /** Answers by block_id, turned into Slack-shaped `state.values` from the view's blocks. */
  values?: Record<string, Answer>;
}

export interface ViewClosedArgs {
  userId: string;
  viewId?: string;
  view?: Obj;
  isCleared?: boolean;
}

export interface EventArgs extends Obj {
  type: string;
  user?: string;
  tab?: 'home' | 'messages';
}

export interface EventOptions extends SendOptions {
  /** Reuse an event_id to simulate Slack redelivering the same event. */
  eventId?: string;
  eventTime?: number;
}

export interface SlackSender {
  command(args: CommandArgs, opts?: SendOptions): Promise<SendResult>;
  blockAction(args: BlockActionArgs, opts?: SendOptions): Promise<SendResult>;
  viewSubmission(args: ViewSubmissionArgs, opts?: SendOptions): Promise<SendResult>;
  viewClosed(args: ViewClosedArgs, opts?: SendOptions): Promise<SendResult>;
  event(event: EventArgs, opts?: EventOptions): Promise<SendResult>;
  urlVerification(challenge?: string, opts?: SendOptions): Promise<SendResult>;
  /** Sends `body` as is (objects as JSON), signed unless told otherwise. */
  raw(body: string | Obj, headers?: Record<string, string>, opts?: SendOptions): Promise<SendResult>;
}

/** v0 signature of a raw body, as Slack computes it. */
export function signSlackRequest(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

const FORM = 'application/x-www-form-urlencoded';

export function createSlackSender(options: SlackSenderOptions): SlackSender {
  const emu = options.emulator;
  const ws = () => emu?.workspace;
  const teamId = () => ws()?.team.id ?? 'T0OSPO0001';
  const team = () => ({ id: teamId(), domain: ws()?.team.domain ?? 'example-org' });
  const appId = () => ws()?.bot.appId ?? 'A0OSPOAPP1';
  const token = options.verificationToken ?? 'verification-token';

  const userObj = (userId: string) => {
    const name = ws()?.users.get(userId)?.name ?? userId.toLowerCase();
    return { id: userId, username: name, name, team_id: teamId() };
  };
  const dmOf = (userId: string) => ws()?.dmIdFor(userId) ?? `D${userId.slice(1)}`;
  const channelName = (id: string) => {
    if (id.startsWith('D')) return 'directmessage';
    return ws()?.channels.get(id)?.name ?? id;
  };
  const triggerFor = (userId: string) =>
    emu?.mintTriggerId(userId) ??
    `${Math.floor(Date.now() / 1000)}.${Date.now() % 1e7}.${randomBytes(16).toString('hex')}`;
  const responseUrlFor = (channelId: string, userId: string, messageTs?: string) =>
    emu?.mintResponseUrl({ channelId, userId, ...(messageTs ? { messageTs } : {}) }) ??
    'http://127.0.0.1:9/response/no-emulator';

  async function send(
    rawBody: string,
    contentType: string,
    opts: SendOptions = {},
  ): Promise<Omit<SendResult, 'payload'>> {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'Content-Type': contentType };
    if (!opts.unsigned) {
      headers['X-Slack-Request-Timestamp'] = String(timestamp);
      headers['X-Slack-Signature'] =
        opts.signature ?? signSlackRequest(opts.secret ?? options.signingSecret, timestamp, rawBody);
    }
    if (opts.retryNum !== undefined) headers['X-Slack-Retry-Num'] = String(opts.retryNum);
    if (opts.retryReason !== undefined) headers['X-Slack-Retry-Reason'] = opts.retryReason;
    Object.assign(headers, opts.headers);
    const res = await fetch(options.appUrl, {
      method: 'POST',
      headers,
      body: rawBody,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    const body = await res.text();
    let json: unknown;
    if (body !== '') {
      try {
        json = JSON.parse(body);
      } catch {
        // Not JSON (empty ack or plain text): callers read `body`.
      }
    }
    return {
      status: res.status,
      body,
      ...(json !== undefined ? { json } : {}),
      headers: Object.fromEntries(res.headers),
    };
  }

  const sendPayload = (payload: Obj, opts?: SendOptions) =>
    send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM, opts);

  function storedMessage(ref: BlockActionArgs['message']): Obj | undefined {
    if (!ref) return undefined;
    const channel = typeof ref.channel === 'string' ? ref.channel : undefined;
    const found: Message | undefined = channel
      ? ws()?.findMessage(ws()?.findChannel(channel)?.id ?? '', ref.ts)
      : undefined;
    if (found) return { ...publicMessage(found), ...stripRef(ref) };
    return { type: 'message', ...ref };
  }

  function storedView(ref: { id: string } & Obj): Obj {
    const found: StoredView | undefined = emu?.view(ref.id);
    return found ? { ...publicView(found), ...stripRef(ref) } : ref;
  }

  function findElement(
    blocks: unknown,
    actionId: string,
    blockId?: string,
  ): { block_id?: string; element?: Obj } {
    if (!Array.isArray(blocks)) return {};
    for (const b of blocks as Obj[]) {
      if (blockId && b.block_id !== blockId) continue;
      const candidates = [
        ...(Array.isArray(b.elements) ? (b.elements as Obj[]) : []),
        ...(b.accessory ? [b.accessory as Obj] : []),
        ...(b.element ? [b.element as Obj] : []),
      ];
      const element = candidates.find((e) => e?.action_id === actionId);
      if (element) return { ...(typeof b.block_id === 'string' ? { block_id: b.block_id } : {}), element };
    }
    return {};
  }

  return {
    async command({ userId, text, channelId, command = '/ospo-survey' }, opts) {
      const channel = channelId ?? dmOf(userId);
      const triggerId = triggerFor(userId);
      const responseUrl = responseUrlFor(channel, userId);
      const fields = {
        token,
        team_id: teamId(),
        team_domain: team().domain,
        channel_id: channel,
        channel_name: channelName(channel),
        user_id: userId,
        user_name: userObj(userId).name,
        command,
        text,
        api_app_id: appId(),
        is_enterprise_install: 'false',
        response_url: responseUrl,
        trigger_id: triggerId,
      };
      const result = await send(new URLSearchParams(fields).toString(), FORM, opts);
      return { ...result, payload: fields, triggerId, responseUrl };
    },

    async blockAction(args, opts) {
      const triggerId = triggerFor(args.userId);
      const message = storedMessage(args.message);
      const view = args.view ? storedView(args.view) : undefined;
      const { block_id, element } = findElement((message ?? view)?.blocks, args.actionId, args.blockId);
      const type = args.type ?? (typeof element?.type === 'string' ? element.type : 'button');
      const channelId = message
        ? String(args.message?.channel ?? message.channel ?? dmOf(args.userId))
        : undefined;
      const action: Obj = {
        type,
        action_id: args.actionId,
        block_id: args.blockId ?? block_id ?? 'block',
        ...(type === 'button' && element?.text ? { text: element.text } : {}),
        ...(args.value !== undefined ? { value: args.value } : {}),
        ...(type === 'button' && args.value === undefined && typeof element?.value === 'string'
          ? { value: element.value }
          : {}),
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
        ...args.action,
      };
      const payload: Obj = {
        type: 'block_actions',
        user: userObj(args.userId),
        api_app_id: appId(),
        token,
        container:
          args.container ??
          (message
            ? { type: 'message', message_ts: message.ts, channel_id: channelId, is_ephemeral: false }
            : view
              ? { type: 'view', view_id: view.id }
              : {}),
        trigger_id: triggerId,
        team: team(),
        enterprise: null,
        is_enterprise_install: false,
        state: args.state ?? (view?.state as Obj | undefined) ?? { values: {} },
        actions: [action],
      };
      let responseUrl: string | undefined;
      if (message && channelId) {
        responseUrl = responseUrlFor(channelId, args.userId, String(message.ts));
        payload.channel = { id: channelId, name: channelName(channelId) };
        payload.message = message;
        payload.response_url = responseUrl;
      }
      if (view) payload.view = view;
      const result = await sendPayload(payload, opts);
      return { ...result, payload, triggerId, ...(responseUrl ? { responseUrl } : {}) };
    },

    async viewSubmission(args, opts) {
      const viewId =
        args.viewId ?? (args.view?.id as string | undefined) ?? emu?.openViews(args.userId).at(-1)?.id;
      const base: Obj = viewId && emu?.view(viewId) ? publicView(emu.view(viewId) as StoredView) : {};
      const view: Obj = {
        type: 'modal',
        id: viewId ?? 'V0000000000',
        state: { values: {} },
        ...base,
        ...args.view,
      };
      if (args.values) {
        view.state = { values: buildStateValues((view.blocks as unknown[]) ?? [], args.values) };
      }
      const triggerId = triggerFor(args.userId);
      const payload: Obj = {
        type: 'view_submission',
        team: team(),
        user: userObj(args.userId),
        api_app_id: appId(),
        token,
        trigger_id: triggerId,
        view,
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      };
      const result = await sendPayload(payload, opts);
      const outcome =
        emu && viewId && emu.view(viewId) && result.status === 200
          ? emu.applyViewSubmissionResponse(args.userId, viewId, result.json ?? {})
          : undefined;
      return { ...result, payload, triggerId, ...(outcome ? { viewOutcome: outcome } : {}) };
    },

    async viewClosed(args, opts) {
      const viewId =
        args.viewId ?? (args.view?.id as string | undefined) ?? emu?.openViews(args.userId).at(-1)?.id;
      const base: Obj = viewId && emu?.view(viewId) ? publicView(emu.view(viewId) as StoredView) : {};
      const payload: Obj = {
        type: 'view_closed',
        team: team(),
        user: userObj(args.userId),
        api_app_id: appId(),
        token,
        view: { type: 'modal', id: viewId ?? 'V0000000000', ...base, ...args.view },
        is_cleared: args.isCleared ?? false,
        is_enterprise_install: false,
        enterprise: null,
      };
      if (emu && viewId) emu.closeView(args.userId, viewId, args.isCleared ?? false);
      const result = await sendPayload(payload, opts);
      return { ...result, payload };
    },

    async event(event, opts = {}) {
      const eventTime = opts.eventTime ?? Math.floor(Date.now() / 1000);
      const full: Obj = {
        ...event,
        event_ts: (event.event_ts as string | undefined) ?? `${(Date.now() / 1000).toFixed(6)}`,
      };
      if (event.type === 'app_home_opened' && typeof event.user === 'string') {
        full.channel ??= dmOf(event.user);
        full.tab ??= 'home';
        const home = emu?.homeView(event.user);
        if (home && full.view === undefined && full.tab === 'home') full.view = publicView(home);
      }
      const payload: Obj = {
        token,
        team_id: teamId(),
        api_app_id: appId(),
        event: full,
        type: 'event_callback',
        event_id: opts.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
        event_time: eventTime,
        authorizations: [
          {
            enterprise_id: null,
            team_id: teamId(),
            user_id: ws()?.bot.userId ?? 'U0APPBOT01',
            is_bot: true,
            is_enterprise_install: false,
          },
        ],
        is_ext_shared_channel: false,
        event_context: `4-${randomBytes(12).toString('base64url')}`,
      };
      const result = await send(JSON.stringify(payload), 'application/json', opts);
      return { ...result, payload };
    },

    async urlVerification(challenge = randomBytes(16).toString('hex'), opts) {
      const payload = { token, challenge, type: 'url_verification' };
      const result = await send(JSON.stringify(payload), 'application/json', opts);
      return { ...result, payload };
    },

    async raw(body, headers = {}, opts = {}) {
      const isString = typeof body === 'string';
      const rawBody = isString ? body : JSON.stringify(body);
      const contentType =
        headers['Content-Type'] ?? headers['content-type'] ?? (isString ? FORM : 'application/json');
      const rest = Object.fromEntries(
        Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'content-type'),
      );
      const result = await send(rawBody, contentType, { ...opts, headers: { ...rest, ...opts.headers } });
      return { ...result, payload: isString ? { raw: body } : body };
    },
  };
}

function stripRef(ref: Obj): Obj {
  const { ts: _ts, channel: _channel, id: _id, ...rest } = ref;
  return rest;
}
