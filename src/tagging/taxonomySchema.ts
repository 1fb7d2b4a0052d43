import { z } from 'zod';
import { AUDIENCES } from '../interviews/audience.js';
import { slugId, text } from '../shared/loadYaml.js';

/**
 * The shapes of the files in `data/taxonomy/`, as written (snake_case keys). Objects are strict so that a misspelt
 * field (`signal:` for `signals:`) is reported instead of silently ignored. Checks that need more than one entry or
 * file (duplicates, references) live in taxonomy.ts.
 */

/** Slack limits that taxonomy text runs into when it is shown. */
export const LIMITS = {
  /** Ids end up in option values (≤ 150). */
  id: 150,
  /** Names become option text (≤ 75). */
  name: 75,
  /** Summaries become option descriptions (≤ 75). */
  summary: 75,
  /** Descriptions are shown in section text (≤ 3000); kept short to stay readable. */
  description: 600,
  /** Checklist items are listed in the digest, several to a section. */
  checklistText: 150,
  signal: 60,
  signalsPerEntry: 80,
  version: 40,
} as const;

// A word is letters or digits with inner punctuation (node.js, c++, 20%, open-source); a trailing * marks a stem.
const SIGNAL = /^[\p{L}\p{N}][\p{L}\p{N}'’&./+#%-]*\*?(?: [\p{L}\p{N}][\p{L}\p{N}'’&./+#%-]*\*?)*$/u;

/**
 * A word or phrase that suggests an entry. Matching is case-insensitive; a `*` at the end of a word matches any
 * word that starts with it (`contribut*` → contribute, contributing, contribution).
 */
export const signalSchema = z.string().min(1).max(LIMITS.signal).regex(SIGNAL, {
  error:
    'must be words separated by single spaces, each starting with a letter or digit; "*" may only end a word',
});

export const signalsSchema = z.array(signalSchema).min(1).max(LIMITS.signalsPerEntry);

/** Quoted in YAML (`version: "1.0.0"`), so that 1.10 does not turn into the number 1.1. */
export const versionSchema = z
  .string({
    error: (issue) =>
      issue.input === undefined ? 'required field is missing' : 'must be quoted text, like "1.0.0"',
  })
  .min(1)
  .max(LIMITS.version)
  .regex(/^[\w.+-]+$/, { error: 'must be a version such as "1.0.0"' });

export const petalSchema = z.strictObject({
  id: slugId(LIMITS.id),
  name: text(LIMITS.name),
  summary: text(LIMITS.summary),
  description: text(LIMITS.description),
  /** Audiences whose interviews start with this petal preselected. */
  default_for: z.array(z.enum(AUDIENCES)).default([]),
  /** Fill colour in the flower picture. */
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a colour like "#3b7dd8"' })
    .optional(),
  /** Slack emoji shown beside the name, like ":scales:". */
  emoji: z
    .string()
    .regex(/^:[a-z0-9_+-]+:$/, { error: 'must be a Slack emoji code like ":scales:"' })
    .optional(),
  signals: signalsSchema,
});

export const petalsFileSchema = z.strictObject({
  version: versionSchema,
  petals: z.array(petalSchema).min(1),
});

export const checklistItemSchema = z.strictObject({
  id: slugId(LIMITS.id),
  text: text(LIMITS.checklistText),
  signals: signalsSchema.optional(),
});

export const stageSchema = z.strictObject({
  id: slugId(LIMITS.id),
  order: z.number().int().min(0).max(99),
  name: text(LIMITS.name),
  summary: text(LIMITS.summary),
  description: text(LIMITS.description),
  /** For stages of a non-default model: the default model's stage this one corresponds to. */
  equivalent: slugId(LIMITS.id).optional(),
  signals: signalsSchema,
  checklist: z.array(checklistItemSchema).default([]),
});

export const modelSchema = z.strictObject({
  id: slugId(LIMITS.id),
  name: text(LIMITS.name),
  description: text(LIMITS.description),
  /** Where the model comes from, for readers who want more. */
  source: text(LIMITS.description).optional(),
  stages: z.array(stageSchema).min(2),
});

export const modelsFileSchema = z.strictObject({
  version: versionSchema,
  /** The model whose stages every other model maps onto, and the one shown unless configuration picks another. */
  default: slugId(LIMITS.id),
  models: z.array(modelSchema).min(1),
});

export const motivatorSchema = z.strictObject({
  id: slugId(LIMITS.id),
  name: text(LIMITS.name),
  summary: text(LIMITS.summary),
  description: text(LIMITS.description),
  /** Petals where this motivator usually shows up. */
  petals: z.array(slugId(LIMITS.id)).min(1),
  signals: signalsSchema,
});

export const motivatorsFileSchema = z.strictObject({
  version: versionSchema,
  motivators: z.array(motivatorSchema).min(1),
});

export type PetalsFile = z.output<typeof petalsFileSchema>;
export type ModelsFile = z.output<typeof modelsFileSchema>;
export type MotivatorsFile = z.output<typeof motivatorsFileSchema>;
