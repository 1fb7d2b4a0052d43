import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBody, readBody } from './body.js';
import { CallLog } from './callLog.js';
import { type FailNextSpec, FaultInjector, type FaultOptions } from './faults.js';
import { makeWorkspace } from './makeWorkspace.js';
import { receiveUpload } from './methods/files.js';
import { applyViewSubmissionResponse, closeView, type ViewResponseOutcome } from './methods/views.js';
import { RateLimiter, type RateLimitOptions } from './rateLimiter.js';
import { type ResponseUrlContext, ResponseUrls } from './responseUrls.js';
import { handleApiCall, type RouterState, sendJson } from './router.js';
import { TriggerStore } from './triggers.js';
import type {
  EmulatorCall,
  EphemeralMessage,
  Message,
  StoredFile,
  StoredView,
  WorkspaceSeed,
} from './types.js';
import { Workspace } from './workspace.js';

export interface EmulatorOptions extends RateLimitOptions, FaultOptions {
  /** Starting workspace (default `makeWorkspace()`: 30 people, groups, an #ospo channel). */
  workspace?: WorkspaceSeed;
  /** Port to listen on (default 0: a free one). Always bound to 127.0.0.1. */
  port?: number;
  /**
   * The bot token's OAuth scopes (a manifest's `oauth_config.scopes.bot`): calls needing another one are refused
   * with Slack's `missing_scope`. Default: not checked.
   */
  scopes?: readonly string[];
  /** Tokens accepted besides the workspace bot's own (default none). */
  tokens?: string[];
  /** How long a trigger_id stays exchangeable, ms (default 3000, as on Slack). */
  triggerTtlMs?: number;
  /** How long a response_url stays usable, ms (default 30 minutes, as on Slack). */
  responseUrlTtlMs?: number;
  /** Clock for message timestamps, ms since epoch (default `Date.now`); limits and TTLs use real time. */
  now?: () => number;
}

export interface Emulator {
  /** Web API base URL ending in `/api/`: Bolt's `clientOptions.slackApiUrl` / WebClient's `slackApiUrl`. */
  readonly url: string;
  /** Root URL ending in `/` (upload and response URLs hang off it). */
  readonly baseUrl: string;
  readonly port: number;
  /** Live workspace state (replaced by `reset()`). */
  readonly workspace: Workspace;
  readonly seed: WorkspaceSeed;
  /** Every call so far, oldest first, including refused and rate-limited ones. */
  readonly calls: EmulatorCall[];
  callsTo(method: string): EmulatorCall[];
  /** Messages now in a channel, oldest first (thread replies included); a user id means the app's DM. */
  messagesTo(channelOrUser: string): Message[];
  /** Ephemeral messages shown to a user (chat.postEphemeral and ephemeral response_url answers). */
  ephemeralsTo(userId: string): EphemeralMessage[];
  /** First call (past or future) matching `predicate`; rejects after `timeoutMs` listing the last calls. */
  waitFor(predicate: (call: EmulatorCall) => boolean, timeoutMs?: number): Promise<EmulatorCall>;
  /** A trigger_id as if `userId` had just clicked: usable once, for `triggerTtlMs`. */
  mintTriggerId(userId?: string): string;
  /** A response_url on the emulator; posts to it are recorded as calls with method `response_url`. */
  mintResponseUrl(ctx?: ResponseUrlContext): string;
  /** Makes the next `count` calls of `method` fail (500 by default, or 429, or a 200 Slack error). */
  failNext(method: string, spec?: FailNextSpec): void;
  /** A user's open modal stack, root first. */
  openViews(userId: string): StoredView[];
  homeView(userId: string): StoredView | undefined;
  view(viewId: string): StoredView | undefined;
  /**
   * Applies the app's HTTP answer to a view_submission (what Slack does with `response_action`),
   * validating any view in it; recorded as a call with method `view_submission_response`.
   */
  applyViewSubmissionResponse(userId: string, viewId: string, body: unknown): ViewResponseOutcome;
  /** Closes a view as the user's ✕ does (the whole stack when `clear`). */
  closeView(userId: string, viewId: string, clear?: boolean): void;
  file(fileId: string): StoredFile | undefined;
  /** Back to the starting workspace; clears calls, limits, triggers, response URLs and pending faults. */
  reset(): void;
  stop(): Promise<void>;
}

/** Starts the Slack Web API emulator on 127.0.0.1. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const seed = opts.workspace ?? makeWorkspace();
  const now = opts.now ?? Date.now;
  const log = new CallLog();
  const responseUrls = new ResponseUrls(opts.responseUrlTtlMs ?? 30 * 60_000);
  const state: RouterState = {
    ws: new Workspace(seed, now),
    log,
    limiter: new RateLimiter(opts),
    faults: new FaultInjector(opts),
    triggers: new TriggerStore(opts.triggerTtlMs ?? 3000),
    tokens: new Set([seed.bot.token, ...(opts.tokens ?? [])]),
    ...(opts.scopes ? { scopes: [...opts.scopes] } : {}),
    baseUrl: '',
  };

  const server = createServer((req, res) => {
    route(state, responseUrls, req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error', detail: String(err) });
      else res.destroy();
    });
  });
  // Clients keep connections alive; without this stop() would wait for them to time out.
  server.keepAliveTimeout = 1000;
  await listen(server, opts.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}/`;
  state.baseUrl = baseUrl;

  return {
    url: `${baseUrl}api/`,
    baseUrl,
    port,
    get workspace() {
      return state.ws;
    },
    seed,
    get calls() {
      return log.calls;
    },
    callsTo: (method) => log.callsTo(method),
    messagesTo: (target) => {
      const channel = state.ws.findChannel(target);
      return channel ? [...state.ws.messagesIn(channel.id)] : [];
    },
    ephemeralsTo: (userId) => state.ws.ephemerals.filter((e) => e.user === userId),
    waitFor: (predicate, timeoutMs) => log.waitFor(predicate, timeoutMs),
    mintTriggerId: (userId) => state.triggers.mint(userId),
    mintResponseUrl: (ctx = {}) => `${baseUrl}response/${responseUrls.mint(ctx)}`,
    failNext: (method, spec) => state.faults.failNext(method, spec),
    openViews: (userId) =>
      (state.ws.stacks.get(userId) ?? [])
        .map((id) => state.ws.views.get(id))
        .filter((v): v is StoredView => !!v),
    homeView: (userId) => {
      const id = state.ws.homes.get(userId);
      return id ? state.ws.views.get(id) : undefined;
    },
    view: (viewId) => state.ws.views.get(viewId),
    applyViewSubmissionResponse: (userId, viewId, body) => {
      const outcome = applyViewSubmissionResponse(state.ws, userId, viewId, body);
      const { view, ...rest } = outcome;
      log.record({
        method: 'view_submission_response',
        args: { user: userId, view_id: viewId, body },
        time: Date.now(),
        status: 200,
        response: { ...rest, ...(view ? { view_id: view.id } : {}) },
        rateLimited: false,
      });
      return outcome;
    },
    closeView: (userId, viewId, clear = false) => closeView(state.ws, userId, viewId, clear),
    file: (fileId) => state.ws.files.get(fileId),
    reset: () => {
      state.ws = new Workspace(seed, now);
      log.clear();
      state.limiter.reset();
      state.faults.reset();
      state.triggers.reset();
      responseUrls.reset();
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function route(
  state: RouterState,
  responseUrls: ResponseUrls,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const raw = await readBody(req);
  const [, root, id] = url.pathname.split('/');
  if (root === 'api' && id) {
    await handleApiCall(state, req, res, id, parseBody(raw, req.headers['content-type'], url.searchParams));
    return;
  }
  if (req.method !== 'POST' || !id) {
    sendJson(res, 404, { ok: false, error: 'not_found' });
    return;
  }
  if (root === 'upload') {
    const parsed = parseBody(raw, req.headers['content-type'], new URLSearchParams());
    // WebClient posts the bytes as a multipart file part; curl-style clients post them raw.
    const bytes = parsed.fileParts[0]?.data ?? raw;
    const stored = receiveUpload(state.ws, id, bytes);
    const status = stored ? 200 : 404;
    const response = stored ? { ok: true, bytes: bytes.length } : { ok: false, error: 'file_not_found' };
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(stored ? `OK - ${bytes.length}` : 'Not Found');
    state.log.record({
      method: 'file_upload',
      args: { file_id: id, bytes: bytes.length },
      time: Date.now(),
      status,
      response,
      rateLimited: false,
    });
    return;
  }
  if (root === 'response') {
    const parsed = parseBody(raw, req.headers['content-type'], new URLSearchParams());
    const body = parsed.error ? undefined : parsed.args;
    const answer = responseUrls.handle(state.ws, id, body);
    sendJson(res, answer.status, answer.body);
    state.log.record({
      method: 'response_url',
      args: { ...(body ?? {}), response_url_id: id },
      time: Date.now(),
      status: answer.status,
      response: answer.body,
      rateLimited: false,
    });
    return;
  }
  sendJson(res, 404, { ok: false, error: 'not_found' });
}
