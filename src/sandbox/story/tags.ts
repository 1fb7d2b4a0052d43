import { BLOCK, OPEN_REVIEW_ACTION, QUEUE_CALLBACK_ID, REVIEW_CALLBACK_ID } from '../../slack/tagging/ids.js';
import type { Taxonomy } from '../../tagging/taxonomy.js';
import type { StoredView } from '../emulator/types.js';
import { blocksToText } from '../terminal/blocksToText.js';
import { namesFor } from './campaign.js';
import { STAFF } from './cast.js';
import { runCommand } from './commands.js';
import type { StoryContext } from './context.js';
import { firstSentence } from './people.js';
import { closeModals, waitForView } from './slack.js';

type Obj = Record<string, unknown>;

/** The reviewer saves one confirmation and up to two corrections, opening at most this many answers. */
const CONFIRMATIONS = 1;
const CORRECTIONS = 2;
const MAX_OPENED = 10;

/**
 * What the reviewer reads into an answer's maturity stage (reference model, stage 0 to 4), the way someone who knows
 * the chapter's checklist would: maintaining or launching projects is Stage 3, contributing back Stage 2, knowing
 * and managing what is used Stage 1.
 */
const STAGE_CUES: readonly [RegExp, number][] = [
  [/\b(maintain\w*|launch\w*|host\w*|co-maintain\w*)\b/i, 3],
  [/\b(contribut\w*|upstream\w*|pull requests?|send fixes|fix back|patch\w* merged)\b/i, 2],
  [/\b(SBOM|licen[cs]e\w*|CVE|vulnerab\w*|inventory|depend\w*|allowed)\b/i, 1],
];

/** The stage the answer's words point to, or undefined when they say nothing about it (the suggestion stands). */
export function stageFromText(text: string, taxonomy: Taxonomy): string | undefined {
  const stages = taxonomy.referenceModel.stages;
  for (const [cue, index] of STAGE_CUES) if (cue.test(text)) return stages[index]?.id;
  return undefined;
}

function inputBlock(view: StoredView, blockId: string): Obj | undefined {
  return view.blocks.find((b) => (b as Obj).block_id === blockId) as Obj | undefined;
}

function initial(view: StoredView, blockId: string): string[] {
  const element = inputBlock(view, blockId)?.element as Obj | undefined;
  const many = element?.initial_options as { value: string }[] | undefined;
  const one = element?.initial_option as { value: string } | undefined;
  return many ? many.map((o) => o.value) : one ? [one.value] : [];
}

function answerText(view: StoredView): string {
  const block = view.blocks.find((b) => (b as Obj).block_id === 'answer') as Obj | undefined;
  const text = String((block?.text as Obj | undefined)?.text ?? '');
  return text.replace(/^>/gm, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * A staff member runs `/ospo-survey tags`, reads the queue of answers the tagger was least sure about, and reviews
 * a few: petals kept as suggested, the stage raised where the answer plainly shows more than the tagger saw (a
 * correction), motivators as suggested. Each save is a signed view submission, as Slack would send it.
 */
export async function reviewTags(ctx: StoryContext): Promise<number> {
  const { stack, cast, printer } = ctx;
  const reviewer = STAFF.reviewer;
  const tz = cast.tzOf(reviewer);
  const taxonomy = stack.ctx.taxonomy;
  const style = printer.style;
  await runCommand(ctx, reviewer, 'tags', { waitForReply: false });
  const queue = await waitForView(ctx, reviewer, (v) => v.callback_id === QUEUE_CALLBACK_ID);
  if (!queue) {
    ctx.problem('`/ospo-survey tags` opened no review queue');
    return 0;
  }
  const summary = blocksToText(queue.blocks, { style, names: namesFor(ctx), timeZone: tz, width: 1000 })
    .split('\n')
    .filter((l) => l.trim() !== '');
  printer.event(ctx.clock.now(), tz, '→', `${cast.nameOf(reviewer)} (in a modal)`, summary[0] ?? '');

  // The reviewer reads the list and opens first the answers that say something about maturity.
  const queued = queue.blocks
    .filter((b) => ((b as Obj).accessory as Obj | undefined)?.action_id === OPEN_REVIEW_ACTION)
    .map((b) => ({
      answerId: String(((b as Obj).accessory as Obj).value),
      telling:
        stageFromText(String(((b as Obj).text as Obj | undefined)?.text ?? ''), taxonomy) !== undefined,
    }))
    .sort((a, b) => Number(b.telling) - Number(a.telling))
    .map((q) => q.answerId);
  let reviewed = 0;
  let confirmed = 0;
  let corrected = 0;
  for (const answerId of queued.slice(0, MAX_OPENED)) {
    if (confirmed >= CONFIRMATIONS && corrected >= CORRECTIONS) break;
    const click = await stack.slack.blockAction({
      userId: reviewer,
      actionId: OPEN_REVIEW_ACTION,
      value: answerId,
      view: { id: queue.id },
    });
    if (click.status !== 200) {
      ctx.problem(`opening the review of answer #${answerId} got HTTP ${click.status}`);
      break;
    }
    const review = await waitForView(ctx, reviewer, (v) => v.callback_id === REVIEW_CALLBACK_ID);
    if (!review) {
      ctx.problem(`the review of answer #${answerId} did not open`);
      break;
    }
    const text = answerText(review);
    const petals = initial(review, BLOCK.petals);
    const suggestedStage = initial(review, BLOCK.stage)[0];
    const motivators = initial(review, BLOCK.motivators);
    // The reviewer only raises a stage the answer plainly shows (maintaining a project is more than using one); a
    // higher suggestion may rest on more than these few words, so it stands.
    const read = stageFromText(text, taxonomy);
    const rank = (id: string | undefined) => taxonomy.referenceModel.stages.findIndex((st) => st.id === id);
    const stage = read !== undefined && rank(read) > rank(suggestedStage) ? read : suggestedStage;
    const correcting = stage !== suggestedStage;
    if ((correcting && corrected >= CORRECTIONS) || (!correcting && confirmed >= CONFIRMATIONS)) {
      // Nothing new to show with this one: Cancel, back to the queue.
      stack.emulator.closeView(reviewer, review.id);
      continue;
    }
    const values = {
      [BLOCK.petals]: petals.length > 0 ? petals : [taxonomy.petals[0]!.id],
      [BLOCK.stage]: stage ?? null,
      [BLOCK.motivators]: motivators,
    };
    const res = await stack.slack.viewSubmission({ userId: reviewer, viewId: review.id, values });
    const body = res.json as { response_action?: string; errors?: Record<string, string> } | undefined;
    if (res.status !== 200 || body?.response_action === 'errors') {
      ctx.problem(
        `saving the review of answer #${answerId} failed: ${JSON.stringify(body?.errors ?? res.status)}`,
      );
      closeModals(ctx, reviewer);
      return reviewed;
    }
    reviewed += 1;
    if (correcting) corrected += 1;
    else confirmed += 1;
    const stageName = (id: string | undefined) => (id ? (taxonomy.stageById(id)?.name ?? id) : 'none');
    const petalNames = values[BLOCK.petals].map((p) => taxonomy.petalById(p)?.name ?? p).join(', ');
    const change = !correcting
      ? `stage ${stageName(stage)} confirmed`
      : style.bold(`stage ${stageName(suggestedStage)} → ${stageName(stage)}`);
    printer.event(
      ctx.clock.now(),
      tz,
      '←',
      cast.nameOf(reviewer),
      `reviews answer #${answerId}: ${petalNames}; ${change}`,
    );
    printer.detail(`“${firstSentence(text, 90)}”`);
    // Back on the queue (the app refreshes it): the next Review opens from there.
    await waitForView(ctx, reviewer, (v) => v.callback_id === QUEUE_CALLBACK_ID, 3_000);
  }
  closeModals(ctx, reviewer);
  return reviewed;
}
