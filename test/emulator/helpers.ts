import type { Emulator } from '../../src/sandbox/emulator/index.js';

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/**
 * Calls the emulator over plain HTTP (no SDK), form-encoded like WebClient unless `json` is set, so the
 * tests see exactly the status, headers and body a client would.
 */
export async function api(
  emu: Emulator,
  method: string,
  args: Record<string, unknown> = {},
  opts: { token?: string | null; json?: boolean } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? emu.seed.bot.token : opts.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let body: string;
  if (opts.json) {
    headers['Content-Type'] = 'application/json; charset=utf-8';
    body = JSON.stringify(args);
  } else {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(args)) {
      if (v === undefined) continue;
      form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    }
    body = form.toString();
  }
  const res = await fetch(`${emu.url}${method}`, { method: 'POST', headers, body });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
