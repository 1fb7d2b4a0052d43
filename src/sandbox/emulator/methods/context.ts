import type { TriggerStore } from '../triggers.js';
import type { ApiResult } from '../types.js';
import type { Workspace } from '../workspace.js';

export interface MethodContext {
  args: Record<string, unknown>;
  ws: Workspace;
  triggers: TriggerStore;
  /** Emulator root URL ending in `/`, for URLs it hands out (file uploads). */
  baseUrl: string;
}

export type MethodHandler = (ctx: MethodContext) => ApiResult;

export const fail = (error: string, extra: Record<string, unknown> = {}): ApiResult => ({
  ok: false,
  error,
  ...extra,
});

/** Slack's answer when a required argument is absent. */
export function missingArgs(...names: string[]): ApiResult {
  return {
    ok: false,
    error: 'invalid_arguments',
    response_metadata: { messages: names.map((n) => `[ERROR] missing required field: ${n}`) },
  };
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}
