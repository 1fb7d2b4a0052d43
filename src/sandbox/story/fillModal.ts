import type { Answer } from '../emulator/stateValues.js';
import type { AnswerSet } from './answers.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function offered(element: Obj): Set<string> {
  const options = Array.isArray(element.options) ? element.options : [];
  return new Set(options.filter(isObj).map((o) => String(o.value)));
}

/**
 * What a person types and picks in one step of the interview modal, read off the view as they would see it: each
 * question input by its block id (`q-<question id>`), then the petal, the motivator checkboxes (however the taxonomy
 * splits them into groups) and the consent. Inputs the answer set says nothing about are left empty.
 */
export function fillInterviewStep(blocks: readonly unknown[], set: AnswerSet): Record<string, Answer> {
  const values: Record<string, Answer> = {};
  for (const block of blocks) {
    if (!isObj(block) || block.type !== 'input' || !isObj(block.element)) continue;
    const blockId = String(block.block_id ?? '');
    const element = block.element;
    const options = offered(element);
    if (blockId.startsWith('q-')) {
      const given = set.answers[blockId.slice(2)];
      if (given === undefined) continue;
      if (element.type === 'checkboxes' || element.type === 'multi_static_select') {
        const picked = (Array.isArray(given) ? given : [given]).filter((v) => options.has(v));
        if (picked.length > 0) values[blockId] = picked;
      } else if (options.size > 0) {
        const one = Array.isArray(given) ? given[0] : given;
        if (one !== undefined && options.has(one)) values[blockId] = one;
      } else if (typeof given === 'string') {
        values[blockId] = given;
      }
    } else if (blockId === 'petal' && options.has(set.petal)) {
      values[blockId] = set.petal;
    } else if (blockId.startsWith('motivators-')) {
      values[blockId] = set.motivators.filter((m) => options.has(m));
    } else if (blockId === 'consent' && options.has(set.consent)) {
      values[blockId] = set.consent;
    }
  }
  return values;
}
