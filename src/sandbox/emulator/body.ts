import type { IncomingMessage } from 'node:http';

/** Form fields that carry JSON: Slack clients (WebClient included) send them as JSON strings in forms. */
const JSON_FIELDS = new Set(['blocks', 'view', 'metadata', 'attachments', 'files', 'user_auth_blocks']);

const MAX_BODY_BYTES = 20 * 1024 * 1024;

export interface ParsedBody {
  args: Record<string, unknown>;
  /** True when the body was JSON: Slack then only accepts the token in the Authorization header. */
  json: boolean;
  /** Set when the body could not be parsed at all. */
  error?: string;
  raw: Buffer;
  /** File parts of a multipart body (the upload step). */
  fileParts: { name: string; filename?: string; data: Buffer }[];
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function decodeJsonFields(args: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(args)) {
    if (!JSON_FIELDS.has(key) || typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Left as a string: the method answers with its own "bad format" error, as Slack does.
    }
  }
  return args;
}

export function parseBody(raw: Buffer, contentType: string | undefined, query: URLSearchParams): ParsedBody {
  const args: Record<string, unknown> = Object.fromEntries(query);
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const base = { raw, fileParts: [] as ParsedBody['fileParts'] };
  if (raw.length === 0) return { ...base, args: decodeJsonFields(args), json: false };
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      return { ...base, args, json: true, error: 'invalid_json' };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { ...base, args, json: true, error: 'invalid_json' };
    }
    return { ...base, args: { ...args, ...(parsed as Record<string, unknown>) }, json: true };
  }
  if (type === 'multipart/form-data') {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
    if (!boundary) return { ...base, args, json: false, error: 'invalid_form_data' };
    const parts = parseMultipart(raw, boundary);
    const fileParts: ParsedBody['fileParts'] = [];
    for (const p of parts) {
      if (p.filename !== undefined) fileParts.push(p);
      else args[p.name] = p.data.toString('utf8');
    }
    return { raw, args: decodeJsonFields(args), json: false, fileParts };
  }
  // Slack reads url-encoded forms; other content types are treated as forms too, like Slack's lenient parser.
  for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) args[k] = v;
  return { ...base, args: decodeJsonFields(args), json: false };
}

function parseMultipart(raw: Buffer, boundary: string): { name: string; filename?: string; data: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const out: { name: string; filename?: string; data: Buffer }[] = [];
  let pos = raw.indexOf(delimiter);
  while (pos >= 0) {
    const start = pos + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, start);
    if (next < 0) break;
    // Part = CRLF headers CRLF CRLF body CRLF
    const part = raw.subarray(start + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      out.push({ name, ...(filename !== undefined ? { filename } : {}), data: part.subarray(headerEnd + 4) });
    }
    pos = next;
  }
  return out;
}

/** Bearer token from the Authorization header, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h.trim());
  return m?.[1];
}

/** Form values arrive as strings; Slack reads "true"/"1" as true. */
export function flag(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}
