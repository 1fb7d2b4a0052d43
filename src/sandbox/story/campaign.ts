import { BLOCK, CAMPAIGN_CALLBACK_ID, pickBlock } from '../../slack/campaigns/modal.js';
import type { Answer } from '../emulator/stateValues.js';
import { blocksToText } from '../terminal/blocksToText.js';
import { STAFF } from './cast.js';
import type { StoryContext } from './context.js';
import { closeModals, until, waitForView } from './slack.js';

/** The campaign the story runs: who, when, and how often to remind. */
export interface CampaignPlan {
  name: string;
  /** The creator's local dates. */
  startDate: string;
  dueDate: string;
  sendAt: string;
  remindEveryWorkingDays: number;
  maxReminders: number;
}

function hasBlock(blocks: readonly unknown[], blockId: string): boolean {
  return blocks.some((b) => (b as { block_id?: unknown }).block_id === blockId);
}

/**
 * The head of the OSPO types `/ospo-survey new` in #ospo, waits for the form (the app opens it at once, then fills
 * in the user groups), picks the groups and the channel per audience, the interviewer and the dates, and submits —
 * every step a signed request as Slack would send it. Returns the campaign's result lines as shown in the modal.
 */
export async function startCampaign(ctx: StoryContext, plan: CampaignPlan): Promise<boolean> {
  const { stack, cast, printer } = ctx;
  const lead = STAFF.lead;
  const tz = cast.tzOf(lead);
  printer.event(ctx.clock.now(), tz, '←', cast.nameOf(lead), '/ospo-survey new   (typed in #ospo)');
  const res = await stack.slack.command({
    userId: lead,
    text: 'new',
    channelId: stack.workspace.ospoChannelId,
  });
  if (res.status !== 200) {
    ctx.problem(`/ospo-survey new got HTTP ${res.status}`);
    return false;
  }
  const groupsField = pickBlock('groups', 'executive');
  const form = await waitForView(
    ctx,
    lead,
    (v) => v.callback_id === CAMPAIGN_CALLBACK_ID && hasBlock(v.blocks, groupsField),
  );
  if (!form) {
    ctx.problem('the campaign form did not open with its user groups');
    return false;
  }
  const values: Record<string, Answer> = {
    [BLOCK.name]: plan.name,
    [pickBlock('groups', 'executive')]: [cast.groups.executives],
    [pickBlock('groups', 'manager')]: [cast.groups.engineeringManagers, cast.groups.legal],
    [pickBlock('channels', 'contributor')]: [cast.openSourceChannel],
    [BLOCK.interviewer]: STAFF.interviewer,
    [BLOCK.startDate]: plan.startDate,
    [BLOCK.dueDate]: plan.dueDate,
    [BLOCK.days]: ['1', '2', '3', '4', '5'],
    [BLOCK.dayStart]: '09:00',
    [BLOCK.dayEnd]: '17:00',
    [BLOCK.sendAt]: plan.sendAt,
    [BLOCK.remindEvery]: String(plan.remindEveryWorkingDays),
    [BLOCK.maxReminders]: String(plan.maxReminders),
  };
  printer.detail(
    [
      `form: “${plan.name}”`,
      'executives: @executives · managers: @eng-managers, @legal · contributors: members of #open-source',
      `interviewer: ${cast.nameOf(STAFF.interviewer)} · from ${plan.startDate} to ${plan.dueDate}, Monday–Friday 09:00–17:00`,
      `invitations at ${plan.sendAt} local time · remind after ${plan.remindEveryWorkingDays} working day, at most ${plan.maxReminders} reminder`,
      '[ Schedule ]',
    ].join('\n'),
  );
  const submitted = await stack.slack.viewSubmission({ userId: lead, viewId: form.id, values });
  const body = submitted.json as { response_action?: string; errors?: Record<string, string> } | undefined;
  if (body?.response_action === 'errors') {
    ctx.problem(`the campaign form came back with errors: ${JSON.stringify(body.errors)}`);
    closeModals(ctx, lead);
    return false;
  }
  const done = await until(() => {
    const top = stack.emulator.openViews(lead).at(-1);
    return top?.callback_id === `${CAMPAIGN_CALLBACK_ID}_done` ? top : undefined;
  }, 20_000);
  if (!done) {
    ctx.problem('the campaign form never showed its result');
    return false;
  }
  // The same result goes to the channel the command was typed in (only the creator sees it): the narrator prints it.
  const told = await until(
    () => stack.emulator.ephemeralsTo(lead).some((e) => /is scheduled/.test(e.text)),
    5_000,
  );
  if (!told)
    printer.detail(blocksToText(done.blocks, { style: printer.style, names: namesFor(ctx), timeZone: tz }));
  ctx.flush();
  closeModals(ctx, lead);
  return JSON.stringify(done.blocks).includes('is scheduled');
}

/** Names for rendering Slack text in the terminal. */
export function namesFor(ctx: StoryContext) {
  const ws = ctx.stack.workspace;
  return {
    user: (id: string) => ctx.cast.nameOf(id),
    channel: (id: string) => ws.channels.find((c) => c.id === id)?.name,
    group: (id: string) => ws.usergroups.find((g) => g.id === id)?.handle,
  };
}
