import type { ChecklistItem, MaturityModel, Stage, Taxonomy } from '../tagging/taxonomy.js';
import type { ChecklistLine, NextSteps } from './types.js';

/** Who ticked which item, by item id. */
export type Ticks = ReadonlyMap<string, { tickedBy: string }>;

/**
 * A stage's checklist. Models other than the reference one may come without checklists: they borrow the checklist
 * of the reference stage they correspond to, so next steps exist whichever model is shown.
 */
export function checklistOf(stage: Stage, taxonomy: Pick<Taxonomy, 'stageById'>): readonly ChecklistItem[] {
  if (stage.checklist.length > 0) return stage.checklist;
  return taxonomy.stageById(stage.equivalent)?.checklist ?? [];
}

/**
 * The chapter's advice turned into a to-do list: the checklist of the stage after the one the evidence points to,
 * with what the OSPO has already ticked, and what is still open at the current stage. With no evidence yet, the
 * first stage's checklist: the basics every OSPO starts with.
 */
export function nextSteps(
  evidenceStageId: string | null,
  model: MaturityModel,
  taxonomy: Pick<Taxonomy, 'stageById'>,
  ticks: Ticks,
): NextSteps {
  const line = (item: ChecklistItem): ChecklistLine => ({
    id: item.id,
    text: item.text,
    ticked: ticks.has(item.id),
    tickedBy: ticks.get(item.id)?.tickedBy ?? null,
  });
  const current = model.stages.find((s) => s.id === evidenceStageId);
  if (!current) {
    const first = model.stages[0];
    return {
      stageId: null,
      nextStageId: first?.id ?? null,
      items: first ? checklistOf(first, taxonomy).map(line) : [],
      openAtCurrent: [],
    };
  }
  const next = model.stages.find((s) => s.order > current.order);
  return {
    stageId: current.id,
    nextStageId: next?.id ?? null,
    items: next ? checklistOf(next, taxonomy).map(line) : [],
    openAtCurrent: checklistOf(current, taxonomy)
      .map(line)
      .filter((l) => !l.ticked),
  };
}
