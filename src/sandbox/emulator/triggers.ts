import { randomBytes } from 'node:crypto';

interface TriggerRecord {
  mintedAt: number;
  used: boolean;
  userId: string | undefined;
}

export type TriggerCheck = { ok: true; userId: string | undefined } | { ok: false; error: string };

/**
 * trigger_id bookkeeping: Slack lets an app exchange a trigger once, within 3 s of the user's action.
 * Errors are the ones views.open documents: invalid_trigger_id, exchanged_trigger_id, expired_trigger_id.
 */
export class TriggerStore {
  private readonly triggers = new Map<string, TriggerRecord>();
  private counter = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A fresh trigger id in Slack's `digits.digits.hex` form, tied to the user who "clicked". */
  mint(userId?: string): string {
    this.counter += 1;
    const id = `${Math.floor(Date.now() / 1000)}${this.counter}.${1000000 + this.counter}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { mintedAt: this.now(), used: false, userId });
    return id;
  }

  /** Checks without spending, so a refused view (bad blocks) leaves the trigger usable. */
  check(triggerId: unknown): TriggerCheck {
    if (typeof triggerId !== 'string' || triggerId === '') return { ok: false, error: 'invalid_trigger_id' };
    const rec = this.triggers.get(triggerId);
    if (!rec) return { ok: false, error: 'invalid_trigger_id' };
    if (rec.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (this.now() - rec.mintedAt > this.ttlMs) return { ok: false, error: 'expired_trigger_id' };
    return { ok: true, userId: rec.userId };
  }

  spend(triggerId: string): void {
    const rec = this.triggers.get(triggerId);
    if (rec) rec.used = true;
  }

  reset(): void {
    this.triggers.clear();
  }
}
