import { seededRandom } from './random.js';

/** What an injected failure looks like on the wire. */
export interface FaultSpec {
  /** HTTP status: 500/502/503 (server trouble), 429 (rate limited) or 200 with `error` (a Slack error). Default 500. */
  status?: number;
  /** Slack error code for a 200 answer (default `fatal_error` for 5xx, `ratelimited` for 429). */
  error?: string;
  /** Retry-After for injected 429s, in ms (default 1000; the header carries whole seconds, rounded up). */
  retryAfterMs?: number;
}

export interface FailNextSpec extends FaultSpec {
  /** How many of the next calls to fail (default 1). */
  count?: number;
}

export interface FaultRule extends FaultSpec {
  /** Method the rule applies to; every method when absent. */
  method?: string;
  /** Probability of failing each call, 0..1. */
  rate: number;
}

export interface FaultOptions {
  /** Random failures, decided by a seeded generator so a failing test fails the same way again. */
  faults?: FaultRule | FaultRule[];
  /** Seed for `faults` (default 1). */
  seed?: number;
  /** Added latency in ms: one number for every method, or per method. */
  delayMs?: number | Record<string, number>;
}

export interface InjectedFault {
  status: number;
  error: string;
  retryAfterMs: number;
  source: 'failNext' | 'fault';
}

export class FaultInjector {
  private queue = new Map<string, FailNextSpec & { count: number }>();
  private random: () => number;

  constructor(private readonly opts: FaultOptions = {}) {
    this.random = seededRandom(opts.seed ?? 1);
  }

  failNext(method: string, spec: FailNextSpec = {}): void {
    this.queue.set(method, { ...spec, count: spec.count ?? 1 });
  }

  /** The failure to answer `method` with now, if any. Consumes one `failNext` slot. */
  decide(method: string): InjectedFault | undefined {
    const queued = this.queue.get(method);
    if (queued && queued.count > 0) {
      queued.count -= 1;
      if (queued.count === 0) this.queue.delete(method);
      return materialize(queued, 'failNext');
    }
    const rules = this.opts.faults === undefined ? [] : [this.opts.faults].flat();
    for (const rule of rules) {
      if (rule.method !== undefined && rule.method !== method) continue;
      if (this.random() < rule.rate) return materialize(rule, 'fault');
    }
    return undefined;
  }

  delayFor(method: string): number {
    const d = this.opts.delayMs;
    if (d === undefined) return 0;
    if (typeof d === 'number') return d;
    return d[method] ?? 0;
  }

  reset(): void {
    this.queue.clear();
    this.random = seededRandom(this.opts.seed ?? 1);
  }
}

function materialize(spec: FaultSpec, source: InjectedFault['source']): InjectedFault {
  const status = spec.status ?? 500;
  const error =
    spec.error ?? (status === 429 ? 'ratelimited' : status >= 500 ? 'fatal_error' : 'internal_error');
  return { status, error, retryAfterMs: spec.retryAfterMs ?? 1000, source };
}
