import { EventEmitter } from 'node:events';
import type { EmulatorCall } from './types.js';

/** Every request the emulator answered, in arrival order, with a way to wait for one. */
export class CallLog {
  readonly calls: EmulatorCall[] = [];
  private readonly events = new EventEmitter();

  constructor() {
    this.events.setMaxListeners(0);
  }

  record(call: Omit<EmulatorCall, 'seq'>): EmulatorCall {
    const full = { seq: this.calls.length, ...call };
    this.calls.push(full);
    this.events.emit('call', full);
    return full;
  }

  callsTo(method: string): EmulatorCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /**
   * Resolves with the first call (already made or still to come) matching `predicate`. On timeout it
   * rejects with the last calls listed, which is usually enough to see what the app did instead.
   */
  waitFor(predicate: (call: EmulatorCall) => boolean, timeoutMs = 2000): Promise<EmulatorCall> {
    const found = this.calls.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onCall = (call: EmulatorCall) => {
        if (!predicate(call)) return;
        clearTimeout(timer);
        this.events.off('call', onCall);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.events.off('call', onCall);
        reject(new Error(`waitFor: no matching call within ${timeoutMs} ms. ${this.describeLast(15)}`));
      }, timeoutMs);
      this.events.on('call', onCall);
    });
  }

  describeLast(n: number): string {
    if (this.calls.length === 0) return 'The emulator received no calls.';
    const lines = this.calls.slice(-n).map(describeCall);
    return `Last ${lines.length} of ${this.calls.length} calls:\n${lines.join('\n')}`;
  }

  clear(): void {
    this.calls.length = 0;
  }
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

export function describeCall(c: EmulatorCall): string {
  const { token: _token, ...args } = c.args;
  const outcome = c.response.ok === true ? 'ok' : `${c.status} ${String(c.response.error ?? 'error')}`;
  const when = new Date(c.time).toISOString().slice(11, 23);
  return `  #${c.seq} ${when} ${c.method} ${clip(JSON.stringify(args), 200)} → ${outcome}`;
}
