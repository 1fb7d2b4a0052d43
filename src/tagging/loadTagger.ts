import { EXTRA_SIGNALS_FILE, loadExtraSignals } from './extraSignals.js';
import { createTagger, type Tagger, type TaggerOptions } from './tagger.js';
import type { Taxonomy } from './taxonomy.js';

export interface LoadTaggerOptions extends Omit<TaggerOptions, 'extras'> {
  /** Default data/tagging/extra-signals.yml; null for the taxonomy's signals alone. */
  extrasFile?: string | null;
}

/** The tagger as the app, the CLI and the evaluation use it: the taxonomy plus the tagger's own extra signals. */
export function loadTagger(taxonomy: Taxonomy, options: LoadTaggerOptions = {}): Tagger {
  const { extrasFile = EXTRA_SIGNALS_FILE, ...rest } = options;
  const extras = extrasFile === null ? undefined : loadExtraSignals(taxonomy, extrasFile);
  return createTagger(taxonomy, { ...rest, ...(extras ? { extras } : {}) });
}
