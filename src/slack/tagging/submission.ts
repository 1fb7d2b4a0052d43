import { z } from 'zod';
import type { Taxonomy } from '../../tagging/taxonomy.js';
import { BLOCK, PICK } from './ids.js';
import type { ReviewMetadata } from './reviewView.js';

/** What staff chose in the review modal, checked against the taxonomy. */
export interface ReviewChoice {
  petals: string[];
  stage: string;
  motivators: string[];
}

type StateValues = Record<
  string,
  Record<
    string,
    { selected_options?: { value?: string }[] | null; selected_option?: { value?: string } | null }
  >
>;

const metadataSchema = z.object({
  a: z.number().int().positive(),
  v: z.number().int().min(0),
  q: z.string().max(255).optional(),
});

export function parseReviewMetadata(raw: string | undefined): ReviewMetadata | undefined {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the modal's values. Anything not in the taxonomy (a stale modal after a taxonomy edit, or a forged
 * request) is an error keyed by the block it came from, as Slack shows it under that input.
 */
export function parseReviewChoice(
  taxonomy: Taxonomy,
  values: unknown,
): { ok: true; choice: ReviewChoice } | { ok: false; errors: Record<string, string> } {
  const state = (values ?? {}) as StateValues;
  const many = (block: string) =>
    (state[block]?.[PICK]?.selected_options ?? [])
      .map((o) => o?.value)
      .filter((v): v is string => typeof v === 'string');
  const one = (block: string) => state[block]?.[PICK]?.selected_option?.value;
  const errors: Record<string, string> = {};

  const petals = [...new Set(many(BLOCK.petals))];
  if (petals.length === 0) errors[BLOCK.petals] = 'Choose at least one petal.';
  else if (petals.some((p) => !taxonomy.petalById(p))) {
    errors[BLOCK.petals] =
      'One of these petals is no longer in the taxonomy. Close and open the review again.';
  }
  const stage = one(BLOCK.stage);
  if (!stage) errors[BLOCK.stage] = 'Choose a stage.';
  else if (taxonomy.stageById(stage)?.modelId !== taxonomy.referenceModel.id) {
    errors[BLOCK.stage] = 'This stage is no longer in the maturity model. Close and open the review again.';
  }
  const motivators = [...new Set(many(BLOCK.motivators))];
  if (motivators.some((m) => !taxonomy.motivatorById(m))) {
    errors[BLOCK.motivators] =
      'One of these motivators is no longer in the taxonomy. Close and open the review again.';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, choice: { petals, stage: stage!, motivators } };
}
