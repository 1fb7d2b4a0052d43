import type { Emulator } from '../emulator/server.js';
import type { EmulatorCall, EphemeralMessage } from '../emulator/types.js';

export interface WatchListener {
  onCall?(call: EmulatorCall): void;
  onEphemeral?(message: EphemeralMessage): void;
}

export interface Watcher {
  add(listener: WatchListener): void;
  /** Hands over everything that arrived since the last poll, now. */
  flush(): void;
  stop(): void;
}

/**
 * Follows what the bot does in the emulated Slack: every Web API call (and response_url post) in arrival order,
 * and every ephemeral message. Polling the emulator's log keeps the emulator unaware of the story.
 */
export function watchEmulator(emulator: Emulator, onError: (err: unknown) => void, everyMs = 20): Watcher {
  const listeners: WatchListener[] = [];
  const each = (f: (l: WatchListener) => void) => {
    for (const l of listeners) {
      try {
        f(l);
      } catch (err) {
        onError(err);
      }
    }
  };
  let seenCalls = 0;
  let seenEphemerals = 0;
  const flush = () => {
    const calls = emulator.calls;
    while (seenCalls < calls.length) {
      const call = calls[seenCalls++]!;
      each((l) => l.onCall?.(call));
    }
    const ephemerals = emulator.workspace.ephemerals;
    while (seenEphemerals < ephemerals.length) {
      const message = ephemerals[seenEphemerals++]!;
      each((l) => l.onEphemeral?.(message));
    }
  };
  const timer = setInterval(flush, everyMs);
  return {
    add: (listener) => listeners.push(listener),
    flush,
    stop: () => {
      clearInterval(timer);
      flush();
    },
  };
}
