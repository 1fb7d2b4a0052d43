import type { Db } from './db.js';

export interface TickedItem {
  modelId: string;
  itemId: string;
  tickedBy: string;
  tickedAt: string;
}

export function listTicked(db: Db, modelId?: string): TickedItem[] {
  return db
    .prepare(
      `SELECT model_id AS modelId, item_id AS itemId, ticked_by AS tickedBy, ticked_at AS tickedAt FROM checklist
        WHERE (@model IS NULL OR model_id = @model) ORDER BY ticked_at, item_id`,
    )
    .all({ model: modelId ?? null }) as TickedItem[];
}

export interface ChecklistSave {
  modelId: string;
  /** The items the form showed: only these can be unticked, so items the form did not show keep their state. */
  shown: readonly string[];
  ticked: readonly string[];
  by: string;
  at: Date;
}

/**
 * Stores a checklist form: ticks new items (keeping who ticked an item first) and unticks the shown items left
 * blank. Saving the same form twice changes nothing the second time.
 */
export function saveChecklist(db: Db, save: ChecklistSave): { added: string[]; removed: string[] } {
  const ticked = new Set(save.ticked.filter((id) => save.shown.includes(id)));
  return db
    .transaction(() => {
      const before = new Set(listTicked(db, save.modelId).map((t) => t.itemId));
      const insert = db.prepare(
        `INSERT INTO checklist (model_id, item_id, ticked_by, ticked_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (model_id, item_id) DO NOTHING`,
      );
      const remove = db.prepare('DELETE FROM checklist WHERE model_id = ? AND item_id = ?');
      const added: string[] = [];
      const removed: string[] = [];
      for (const id of ticked) {
        if (insert.run(save.modelId, id, save.by, save.at.toISOString()).changes === 1) added.push(id);
      }
      for (const id of save.shown) {
        if (!ticked.has(id) && before.has(id)) {
          remove.run(save.modelId, id);
          removed.push(id);
        }
      }
      return { added, removed };
    })
    .immediate();
}
