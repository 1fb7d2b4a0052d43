import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { type App, type HTTPReceiver, isValidSlackRequest } from '@slack/bolt';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/**
 * The checks every request to /slack/events passes before Bolt sees it. Bolt verifies the signature and refuses
 * requests older than five minutes, but it accepts a timestamp from the future, runs the same signed request as often
 * as it arrives, and leaves a body it cannot classify unanswered for three seconds (then 404). Here:
 *
 * - a body over `bodyLimit` gets 413 before it is read to the end;
 * - a timestamp more than five minutes off either way, a missing or wrong signature: 401;
 * - a signed body that is not a Slack request (not a command, an interaction payload or an event envelope): 400;
 * - the same signed request a second time (a replay; Slack signs each delivery, retries included, anew): 409, so it
 *   cannot double a click or a command. Seen signatures are kept in Redis, shared by every instance; when Redis is
 *   unreachable the check is skipped rather than refusing Slack (the handlers are idempotent on their own).
 */
export interface RequestGuardOptions {
  signingSecret: string;
  /** Paths Bolt serves Slack requests on. Default ['/slack/events']. */
  endpoints?: string[];
  /** Largest body accepted, in bytes. Default 1 MiB: Slack's largest payloads (a full modal's state) are far smaller. */
  bodyLimit?: number;
  /** Allowed clock difference, in seconds, either way. Default 300 (Slack's own rule). */
  maxSkewSeconds?: number;
  /** Where seen signatures are remembered; read per request, as the app's Redis exists only after the receiver. */
  replay?: () => ReplayStore | undefined;
  logger?: Logger;
  /** For tests: the current time in ms. */
  now?: () => number;
}

export interface ReplayStore {
  /** True the first time `key` is claimed within `ttlSeconds`; false for a repeat. Throws when it cannot tell. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const FORM = 'application/x-www-form-urlencoded';
/** Interaction payload types Bolt dispatches (src/helpers.ts getTypeAndConversation). */
const PAYLOAD_TYPES = new Set([
  'block_actions',
  'block_suggestion',
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'interactive_message',
  'dialog_submission',
  'dialog_cancellation',
  'dialog_suggestion',
]);
/** Events API envelope types without an `event` inside that Bolt answers itself. */
const ENVELOPE_TYPES = new Set(['url_verification', 'app_rate_limited']);

/** Redis-backed replay memory: SET NX with a time to live, answered within 250 ms or not at all. */
export function redisReplayStore(redis: Redis, prefix: string): ReplayStore {
  return {
    async claim(key, ttlSeconds) {
      const reply = await Promise.race([
        redis.set(`${prefix}:seen-request:${key}`, '1', 'EX', ttlSeconds, 'NX'),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('replay check timed out')), 250).unref(),
        ),
      ]);
      return reply === 'OK';
    },
  };
}

const guarded = new WeakSet<HTTPReceiver>();

export function isGuarded(receiver: HTTPReceiver): boolean {
  return guarded.has(receiver);
}

/**
 * Puts the checks in front of the receiver's request handling (its public `requestListener`, which the server it
 * starts calls per request). Safe to call twice. Call before or after `start()`.
 */
export function guardRequests(receiver: HTTPReceiver, options: RequestGuardOptions): void {
  if (guarded.has(receiver)) return;
  guarded.add(receiver);
  const endpoints = options.endpoints ?? ['/slack/events'];
  const inner = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method?.toUpperCase() !== 'POST' || !endpoints.includes(path)) {
      inner(req, res);
      return;
    }
    checkRequest(req, res, options).then(
      (pass) => {
        if (pass) inner(req, res);
      },
      (err: unknown) => {
        options.logger?.warn({ err: String(err) }, 'request guard failed; refusing the request');
        refuse(res, 400);
      },
    );
  };
}

function refuse(res: ServerResponse, status: number, close = false): void {
  if (res.headersSent) return;
  res.writeHead(status, close ? { connection: 'close' } : {});
  res.end();
}

/** Reads the body up to `limit` bytes; undefined when it is longer. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

export type GuardVerdict = { ok: true } | { ok: false; status: number; reason: string };

/** Timestamp and signature checks, as a pure function of the headers and body (tested on its own). */
export function verifyHeaders(
  headers: IncomingMessage['headers'],
  rawBody: string,
  signingSecret: string,
  nowMs: number,
  maxSkewSeconds = 300,
): GuardVerdict {
  const tsHeader = headers['x-slack-request-timestamp'];
  const signature = headers['x-slack-signature'];
  if (typeof tsHeader !== 'string' || typeof signature !== 'string') {
    return { ok: false, status: 401, reason: 'unsigned' };
  }
  const ts = Number(tsHeader);
  if (!/^\d{1,12}$/.test(tsHeader) || !Number.isSafeInteger(ts)) {
    return { ok: false, status: 401, reason: 'bad timestamp' };
  }
  if (Math.abs(nowMs / 1000 - ts) > maxSkewSeconds) return { ok: false, status: 401, reason: 'clock skew' };
  const valid = isValidSlackRequest({
    signingSecret,
    body: rawBody,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts },
    nowMilliseconds: nowMs,
  });
  return valid ? { ok: true } : { ok: false, status: 401, reason: 'bad signature' };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const bad = (reason: string): GuardVerdict => ({ ok: false, status: 400, reason });
const OK: GuardVerdict = { ok: true };

/** Absent, null or an object: what Bolt accepts before reading `.id` from it. */
function optionalObject(v: unknown): boolean {
  return v === undefined || v === null || isObject(v);
}

/**
 * Whether a verified body is something Slack sends: a slash command, an interaction payload, or an Events API
 * envelope, with every field Bolt dereferences before any listener runs in the shape Bolt expects (otherwise Bolt
 * throws and answers 500). Anything else gets 400 at once.
 */
export function classifyBody(contentType: string | undefined, rawBody: string): GuardVerdict {
  let body: unknown;
  try {
    if (contentType === FORM) {
      const form = parseQuery(rawBody);
      if (form.ssl_check === '1') return OK;
      if (typeof form.payload === 'string') body = JSON.parse(form.payload);
      else if (typeof form.command === 'string') return commandShape(form);
      else return bad('form without command or payload');
    } else {
      body = JSON.parse(rawBody);
    }
  } catch {
    return bad('not JSON');
  }
  if (!isObject(body)) return bad('not an object');
  if (contentType === FORM) return payloadShape(body);
  if (typeof body.type === 'string' && ENVELOPE_TYPES.has(body.type) && body.event === undefined) return OK;
  if (body.type === 'event_callback') return eventShape(body);
  return bad('not an Events API envelope');
}

function commandShape(form: Record<string, string | string[] | undefined>): GuardVerdict {
  for (const k of ['command', 'user_id', 'team_id', 'text', 'response_url', 'trigger_id']) {
    if (form[k] !== undefined && typeof form[k] !== 'string') return bad(`command field ${k} repeated`);
  }
  // Slack sends every slash command with the user, the team and a response_url to answer on.
  return typeof form.user_id === 'string' &&
    typeof form.team_id === 'string' &&
    typeof form.response_url === 'string'
    ? OK
    : bad('command without user, team or response_url');
}

function eventShape(body: Record<string, unknown>): GuardVerdict {
  const event = body.event;
  if (!isObject(event) || typeof event.type !== 'string') return bad('event missing');
  if (
    body.authorizations !== undefined &&
    !(Array.isArray(body.authorizations) && body.authorizations.every(isObject))
  ) {
    return bad('authorizations malformed');
  }
  if ('user' in event && !(typeof event.user === 'string' || isObject(event.user)))
    return bad('event user malformed');
  if ('channel' in event && !(typeof event.channel === 'string' || isObject(event.channel))) {
    return bad('event channel malformed');
  }
  if ('item' in event && !isObject(event.item)) return bad('event item malformed');
  if ('subteam' in event && !isObject(event.subteam)) return bad('event subteam malformed');
  return OK;
}

function payloadShape(p: Record<string, unknown>): GuardVerdict {
  if (typeof p.type !== 'string' || !PAYLOAD_TYPES.has(p.type)) return bad('unknown payload type');
  if (!isObject(p.user) || typeof p.user.id !== 'string') return bad('payload without user');
  if (!optionalObject(p.team) || !optionalObject(p.enterprise)) return bad('team or enterprise malformed');
  if (p.channel !== undefined && !isObject(p.channel)) return bad('channel malformed');
  if (
    p.actions !== undefined &&
    !(Array.isArray(p.actions) && p.actions.length > 0 && p.actions.every(isObject))
  ) {
    return bad('actions malformed');
  }
  if ((p.type === 'block_actions' || p.type === 'interactive_message') && p.actions === undefined) {
    return bad('actions missing');
  }
  if (p.view !== undefined && !isObject(p.view)) return bad('view malformed');
  if ((p.type === 'view_submission' || p.type === 'view_closed') && !isObject(p.view))
    return bad('view missing');
  if (p.message !== undefined && !isObject(p.message)) return bad('message malformed');
  if (p.response_urls !== undefined && !(Array.isArray(p.response_urls) && p.response_urls.every(isObject))) {
    return bad('response_urls malformed');
  }
  return OK;
}

async function checkRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: RequestGuardOptions,
): Promise<boolean> {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const log = options.logger;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    log?.warn({ bytes: declared, limit }, 'refused a request body over the limit');
    refuse(res, 413, true);
    req.resume();
    return false;
  }
  const raw = await readBody(req, limit);
  if (!raw) {
    log?.warn({ limit }, 'refused a request body over the limit');
    refuse(res, 413, true);
    req.resume();
    return false;
  }
  const text = raw.toString('utf8');
  const contentType = req.headers['content-type'];
  // Bolt answers Slack's SSL check without a signature (and strips anything else from it).
  const sslCheck = contentType === FORM && parseQuery(text).ssl_check === '1';
  if (!sslCheck) {
    const verdict = verifyHeaders(
      req.headers,
      text,
      options.signingSecret,
      options.now?.() ?? Date.now(),
      options.maxSkewSeconds ?? 300,
    );
    if (!verdict.ok) {
      log?.warn({ reason: verdict.reason }, 'refused an unverified request');
      refuse(res, verdict.status);
      return false;
    }
    const shape = classifyBody(contentType, text);
    if (!shape.ok) {
      log?.warn({ reason: shape.reason }, 'refused a signed request that is not a Slack request');
      refuse(res, shape.status);
      return false;
    }
    const store = options.replay?.();
    if (store) {
      const signature = String(req.headers['x-slack-signature']);
      const ttl = 2 * (options.maxSkewSeconds ?? 300) + 60;
      try {
        if (!(await store.claim(signature, ttl))) {
          log?.warn('refused a replayed request (same signature seen before)');
          refuse(res, 409);
          return false;
        }
      } catch (err) {
        log?.debug({ err: String(err) }, 'replay check skipped: Redis did not answer');
      }
    }
  }
  // Bolt reuses an already-read body (BufferedIncomingMessage) instead of reading the stream again.
  (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
  return true;
}

const acked = new WeakSet<App>();

/**
 * Answers a command, action or view submission that no listener acknowledged (an unknown action_id or callback_id,
 * a stale button from an older version) with an empty 200 right after the listeners finish, instead of Bolt's 404
 * three seconds later. A listener that threw is left alone, so Slack keeps a modal open and shows its own error.
 */
export function registerFallbackAck(app: App): void {
  if (acked.has(app)) return;
  acked.add(app);
  app.use(async (args) => {
    await args.next();
    const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
    if (!ack) return;
    try {
      await ack();
    } catch {
      // Already acknowledged by its listener: the usual case.
    }
  });
}
