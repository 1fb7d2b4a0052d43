import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../../schedule/clock.js';

/** The app's clock for the sandbox, plus what the story needs: when a real moment was in story time, and waiting. */
export interface StoryClock extends Clock {
  /** The virtual instant of a real `Date.now()` value (e.g. when the emulator logged a call). */
  virtualAt(realMs: number): Date;
  /** Resolves at the virtual instant `at` (at once when it has passed). */
  until(at: Date): Promise<void>;
  /** Resolves after `virtualMs` of story time. */
  wait(virtualMs: number): Promise<void>;
}

/**
 * A virtual clock running `speed` times faster than real time from `start`. The speed never changes: BullMQ delays
 * are turned into real milliseconds when a job is added, so a clock that sped up later would make jobs late.
 */
export function storyClock(start: Date, speed: number): StoryClock {
  const realStart = Date.now();
  const virtualAt = (realMs: number) => new Date(start.getTime() + (realMs - realStart) * speed);
  const now = () => virtualAt(Date.now());
  const delayUntil = (at: Date) => Math.max(0, Math.ceil((at.getTime() - now().getTime()) / speed));
  return {
    now,
    delayUntil,
    speed,
    virtualAt,
    until: async (at) => {
      const ms = delayUntil(at);
      if (ms > 0) await sleep(ms);
    },
    wait: async (virtualMs) => {
      if (virtualMs > 0) await sleep(Math.ceil(virtualMs / speed));
    },
  };
}
