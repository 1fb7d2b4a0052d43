/** Where a Redis URL points, in the shape ioredis and BullMQ take as options. */
export interface RedisAddress {
  host: string;
  port: number;
  username?: string;
  password?: string;
  /** Database index from the path (`/2`); 0 when absent. */
  db: number;
  /** Set for rediss:// (TLS); ioredis takes `{}` as "TLS with Node's defaults". */
  tls?: Record<string, never>;
}

/** The URL with its password replaced, for logs and error messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a URL at all: it may still hold a password, so show only its scheme-like start.
    return `${url.split(/[/@]/)[0] ?? ''}…`;
  }
}

/** Parses redis://[user[:password]@]host[:port][/db] and rediss://…; throws a message without the password. */
export function parseRedisUrl(url: string): RedisAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Redis URL ${redactRedisUrl(url)} is not a URL: expected redis://host:port`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`Redis URL ${redactRedisUrl(url)} must start with redis:// or rediss://`);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new Error(`Redis URL ${redactRedisUrl(url)} has no host`);
  const dbPath = parsed.pathname.replace(/^\//, '');
  if (dbPath !== '' && !/^\d+$/.test(dbPath)) {
    throw new Error(
      `Redis URL ${redactRedisUrl(url)} has path "/${dbPath}": it can only be a database number`,
    );
  }
  const address: RedisAddress = {
    host,
    port: parsed.port ? Number(parsed.port) : 6379,
    db: dbPath === '' ? 0 : Number(dbPath),
  };
  if (parsed.username) address.username = decodeURIComponent(parsed.username);
  if (parsed.password) address.password = decodeURIComponent(parsed.password);
  if (parsed.protocol === 'rediss:') address.tls = {};
  return address;
}
