import { EXTRA_SIGNALS_FILE, loadExtraSignals } from './extraSignals.js';
import { loadModel, MODEL_FILE } from './model.js';
import { createTagger, type Tagger, type TaggerOptions } from './tagger.js';
import type { Taxonomy } from './taxonomy.js';

export interface LoadTaggerOptions extends Omit<TaggerOptions, 'extras' | 'model'> {
  /** Default data/tagging/extra-signals.yml; null for the taxonomy's signals alone. */
  extrasFile?: string | null;
  /** Default data/tagging/model.json; null for the signals without the trained model. */
  model?: string | null;
}

/** The tagger as the app, the CLI and the evaluation use it: the taxonomy plus the tagger's own extra signals. */
export function loadTagger(taxonomy: Taxonomy, options: LoadTaggerOptions = {}): Tagger {
  const { extrasFile = EXTRA_SIGNALS_FILE, model: modelFile = MODEL_FILE, ...rest } = options;
  const extras = extrasFile === null ? undefined : loadExtraSignals(taxonomy, extrasFile);
  const model = modelFile === null ? undefined : loadModel(modelFile);
  return createTagger(taxonomy, { ...rest, ...(extras ? { extras } : {}), ...(model ? { model } : {}) });
}
