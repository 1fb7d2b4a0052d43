import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { loadYaml, repoRoot } from '../shared/loadYaml.js';
import type { LabelKind } from './patterns.js';
import type { Taxonomy } from './taxonomy.js';
import { signalSchema } from './taxonomySchema.js';

/** The tagger's own signals beside the taxonomy's (see the file's header). */
export const EXTRA_SIGNALS_FILE = 'data/tagging/extra-signals.yml';

const byId = z.record(z.string(), z.array(signalSchema)).default({});
const reweights = z.record(z.string(), z.number().min(0).max(5)).default({});

const fileSchema = z.strictObject({
  version: z.string(),
  petals: byId,
  stages: byId,
  motivators: byId,
  reweight: z
    .strictObject({ petal: reweights, stage: reweights, motivator: reweights })
    .partial()
    .default({}),
});

export interface ExtraSignals {
  /** Extra signals by kind and label id; only ids the taxonomy knows. */
  signals: Record<LabelKind, Record<string, string[]>>;
  /** Weight per taxonomy signal (lower case), by kind. */
  reweight: Record<LabelKind, Map<string, number>>;
  /** Ids in the file the taxonomy does not have: ignored, worth a look after a taxonomy change. */
  unknownIds: string[];
  /** Changes whenever the file's meaning does: part of the key that says which answers need tagging again. */
  fingerprint: string;
}

export const NO_EXTRA_SIGNALS: ExtraSignals = {
  signals: { petal: {}, stage: {}, motivator: {} },
  reweight: { petal: new Map(), stage: new Map(), motivator: new Map() },
  unknownIds: [],
  fingerprint: 'none',
};

export function loadExtraSignals(taxonomy: Taxonomy, file: string = EXTRA_SIGNALS_FILE): ExtraSignals {
  const { data } = loadYaml(path.resolve(repoRoot, file), fileSchema);
  const unknownIds: string[] = [];
  const keep = (kind: LabelKind, entries: Record<string, string[]>, known: (id: string) => boolean) => {
    const out: Record<string, string[]> = {};
    for (const [id, list] of Object.entries(entries)) {
      if (known(id)) out[id] = list;
      else unknownIds.push(`${kind}:${id}`);
    }
    return out;
  };
  const reference = taxonomy.referenceModel.id;
  const lower = (r: Record<string, number> | undefined) =>
    new Map(Object.entries(r ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    signals: {
      petal: keep('petal', data.petals, (id) => !!taxonomy.petalById(id)),
      stage: keep('stage', data.stages, (id) => taxonomy.stageById(id)?.modelId === reference),
      motivator: keep('motivator', data.motivators, (id) => !!taxonomy.motivatorById(id)),
    },
    reweight: {
      petal: lower(data.reweight.petal),
      stage: lower(data.reweight.stage),
      motivator: lower(data.reweight.motivator),
    },
    unknownIds,
    fingerprint: createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 12),
  };
}
