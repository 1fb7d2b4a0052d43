import type { Stack } from '../stack.js';
import type { Printer } from '../terminal/printer.js';
import type { SandboxAnswers } from './answers.js';
import type { Cast } from './cast.js';
import type { StoryClock } from './clock.js';
import type { Features } from './features.js';

/** Everything the story's scenes share. */
export interface StoryContext {
  stack: Stack;
  clock: StoryClock;
  cast: Cast;
  answers: SandboxAnswers;
  printer: Printer;
  features: Features;
  /** Where the picture, the export and the log go. */
  outDir: string;
  /** Something that should have happened and did not: printed at the end, and the run exits 1. */
  problem(text: string): void;
  /** Prints whatever the bot has done in Slack up to now (the narrator otherwise catches up within 20 ms). */
  flush(): void;
}
