/**
 * Cursor paging as Slack does it: an opaque base64 cursor in `response_metadata.next_cursor`, empty
 * string on the last page. The cursor encodes an offset; tests should treat it as opaque.
 */

export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function decodeCursor(cursor: string): number | undefined {
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

export type Page<T> = { ok: true; items: T[]; nextCursor: string } | { ok: false; error: string };

export interface PageRules {
  /** Page size when `limit` is absent or 0; `Infinity` means everything (users.list). */
  defaultLimit: number;
  maxLimit: number;
}

export function paginate<T>(items: T[], args: Record<string, unknown>, rules: PageRules): Page<T> {
  let offset = 0;
  const cursor = args.cursor;
  if (cursor !== undefined && cursor !== '') {
    const decoded = typeof cursor === 'string' ? decodeCursor(cursor) : undefined;
    if (decoded === undefined || decoded > items.length) return { ok: false, error: 'invalid_cursor' };
    offset = decoded;
  }
  let limit = rules.defaultLimit;
  if (args.limit !== undefined && args.limit !== '') {
    const n = Number(args.limit);
    if (!Number.isInteger(n) || n < 0) return { ok: false, error: 'invalid_limit' };
    if (n > 0) limit = Math.min(n, rules.maxLimit);
  }
  const end = Math.min(items.length, offset + limit);
  return {
    ok: true,
    items: items.slice(offset, end),
    nextCursor: end < items.length ? encodeCursor(end) : '',
  };
}
