import { allSubcommands } from '../../slack/commands/index.js';

/** Which parts of the product the story can show: each scene checks before it plays. */
export interface Features {
  /** `/ospo-survey tags`: staff review the tagger's suggestions. */
  tags: boolean;
  /** `/ospo-survey digest post|preview`: staff post the digest now (the weekly job needs no command). */
  digest: boolean;
  /** `/ospo-survey export`: answers and tags as CSV. */
  export: boolean;
  /** `/ospo-survey status`. */
  status: boolean;
}

/** Read from the command router's registry, the same list `/ospo-survey help` shows. */
export function detectFeatures(): Features {
  const names = new Set(allSubcommands().map((s) => s.name));
  return {
    tags: names.has('tags'),
    digest: names.has('digest'),
    export: names.has('export'),
    status: names.has('status'),
  };
}
