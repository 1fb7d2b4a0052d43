import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { bearerToken, type ParsedBody } from './body.js';
import type { CallLog } from './callLog.js';
import type { FaultInjector } from './faults.js';
import type { MethodHandler } from './methods/context.js';
import { FORM_ONLY_METHODS } from './methods/files.js';
import { METHODS } from './methods/index.js';
import type { RateLimiter } from './rateLimiter.js';
import { checkScopes } from './scopes.js';
import type { TriggerStore } from './triggers.js';
import type { EmulatorCall } from './types.js';
import type { Workspace } from './workspace.js';

/** Header with the exact wait in ms; `Retry-After` can only carry whole seconds. */
export const RETRY_AFTER_MS_HEADER = 'X-Emulator-Retry-After-Ms';

export interface RouterState {
  ws: Workspace;
  log: CallLog;
  limiter: RateLimiter;
  faults: FaultInjector;
  triggers: TriggerStore;
  tokens: Set<string>;
  /** The bot token's scopes; undefined: every call is allowed. */
  scopes?: readonly string[];
  baseUrl: string;
  methods?: Record<string, MethodHandler>;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function retryHeaders(ms: number): Record<string, string> {
  return {
    'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))),
    [RETRY_AFTER_MS_HEADER]: String(Math.max(1, Math.ceil(ms))),
  };
}

/** The channel a per-channel limit is counted on: a user id counts on that user's DM. */
function limitChannel(ws: Workspace, method: string, args: Record<string, unknown>): string {
  if (method !== 'chat.postMessage') return '';
  const ch = typeof args.channel === 'string' ? args.channel : '';
  return ch.startsWith('U') || ch.startsWith('W') ? ws.dmIdFor(ch) : ch;
}

/**
 * Answers one Web API request the way Slack does: HTTP 200 with `{ ok }` for everything except rate
 * limiting (429 + Retry-After) and injected server faults. Checks run in Slack's order: body, method,
 * token, scopes, then limits, then the method itself.
 */
export async function handleApiCall(
  state: RouterState,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  body: ParsedBody,
): Promise<EmulatorCall> {
  const time = Date.now();
  const methods = state.methods ?? METHODS;
  const formOnly = body.json && FORM_ONLY_METHODS.has(method);
  const { token: bodyToken, ...args } = formOnly ? {} : body.args;
  const answer = (
    status: number,
    response: Record<string, unknown>,
    extra: {
      headers?: Record<string, string>;
      rateLimited?: boolean;
      injected?: EmulatorCall['injected'];
    } = {},
  ): EmulatorCall => {
    sendJson(res, status, response, extra.headers);
    return state.log.record({
      method,
      args,
      time,
      status,
      response,
      rateLimited: extra.rateLimited ?? false,
      ...(extra.injected ? { injected: extra.injected } : {}),
    });
  };

  if (body.error) return answer(200, { ok: false, error: body.error });
  const handler = methods[method];
  if (!handler) return answer(200, { ok: false, error: 'unknown_method' });

  // Slack reads the token from the header, or from a form field; never from a JSON body.
  const token =
    bearerToken(req) ?? (body.json ? undefined : typeof bodyToken === 'string' ? bodyToken : undefined);
  if (!token) return answer(200, { ok: false, error: 'not_authed' });
  if (!state.tokens.has(token)) return answer(200, { ok: false, error: 'invalid_auth' });
  const refused = checkScopes(state.scopes, method, args, state.ws);
  if (refused) return answer(200, refused);

  const fault = state.faults.decide(method);
  if (fault) {
    const headers = fault.status === 429 ? retryHeaders(fault.retryAfterMs) : {};
    return answer(fault.status, { ok: false, error: fault.error }, { headers, injected: fault.source });
  }

  const taken = state.limiter.take(method, limitChannel(state.ws, method, args));
  if (!taken.ok) {
    return answer(
      429,
      { ok: false, error: 'ratelimited' },
      { headers: retryHeaders(taken.retryAfterMs), rateLimited: true },
    );
  }

  const delay = state.faults.delayFor(method);
  if (delay > 0) await sleep(delay);

  let result: Record<string, unknown>;
  try {
    result = handler({ args, ws: state.ws, triggers: state.triggers, baseUrl: state.baseUrl });
  } catch (err) {
    result = { ok: false, error: 'internal_error', emulator_detail: String(err) };
  }
  return answer(200, result);
}
