/**
 * The app's idea of "now". Production uses the system clock; the sandbox runs a sped-up virtual clock so a week of
 * invitations plays in a minute; tests pin it. Every job delay goes through `delayUntil`, so scheduling code never
 * reads Date.now() directly.
 */
export interface Clock {
  now(): Date;
  /** Real milliseconds to wait until the virtual instant `at` (0 when it has passed). */
  delayUntil(at: Date): number;
  /** Virtual milliseconds that pass per real millisecond (1 for the system clock). */
  readonly speed: number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  delayUntil: (at) => Math.max(0, at.getTime() - Date.now()),
  speed: 1,
};

export interface VirtualClockOptions {
  /** The virtual instant at the moment of creation. */
  start: Date;
  /** Virtual ms per real ms. Default 1. */
  speed?: number;
}

export function virtualClock({ start, speed = 1 }: VirtualClockOptions): Clock {
  const realStart = Date.now();
  const now = () => new Date(start.getTime() + (Date.now() - realStart) * speed);
  return {
    now,
    delayUntil: (at) => Math.max(0, Math.ceil((at.getTime() - now().getTime()) / speed)),
    speed,
  };
}

/** A clock that moves only when told: for unit tests of scheduling maths. */
export function manualClock(start: Date): Clock & { set(at: Date): void; advance(ms: number): void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    delayUntil: (at) => Math.max(0, at.getTime() - current),
    speed: 1,
    set: (at) => {
      current = at.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
