import type { Subcommand } from './types.js';

export const subcommands: Subcommand[] = [];
