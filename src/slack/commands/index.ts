import { subcommands as campaigns } from './campaigns.js';
import { subcommands as digest } from './digest.js';
import { helpSubcommand } from './help.js';
import { subcommands as interviews } from './interviews.js';
import { subcommands as privacy } from './privacy.js';
import { subcommands as tags } from './tags.js';
import type { Subcommand } from './types.js';

/** Every /ospo-survey subcommand, in the order help lists them. */
export function allSubcommands(): Subcommand[] {
  return [...campaigns, ...interviews, ...tags, ...digest, ...privacy, helpSubcommand(allSubcommands)];
}
