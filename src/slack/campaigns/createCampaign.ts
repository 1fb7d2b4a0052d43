import type { AppContext } from '../../context.js';
import type { CampaignDraft } from '../../interviews/campaigns.js';
import { type Dropped, selectParticipants } from '../../interviews/participants.js';
import { planParticipants, scheduleCampaignJobs } from '../../schedule/scheduleCampaign.js';
import { recordAudit } from '../../store/audit.js';
import { campaignCounts, insertCampaign } from '../../store/campaigns.js';
import { insertInterviews } from '../../store/interviews.js';
import { expandPicks, loadPeopleFacts, type PickProblem } from './expandPicks.js';

export interface CreateCampaignInput {
  draft: CampaignDraft;
  createdBy: string;
  /** The modal's view id: Slack's redelivery of the same submission creates nothing new. */
  requestKey?: string;
  /** Told once the people are known and before the (longer) scheduling starts. */
  onProgress?: (text: string) => Promise<void>;
}

export type CreateCampaignResult =
  | {
      ok: true;
      campaignId: number;
      /** False when an earlier delivery of the same submission had created it. */
      created: boolean;
      scheduled: number;
      dropped: Dropped;
      /** Past their due date already where they live. */
      tooLate: number;
      problems: PickProblem[];
      firstInviteAt: Date | null;
    }
  | { ok: false; dropped: Dropped; problems: PickProblem[]; tooLate: number };

/**
 * Creates a campaign from a validated draft: expands the picks into people (groups and channels asked once each,
 * time zones in bulk), drops who cannot take part, stores the campaign with its interviews in one transaction, then
 * enqueues every invitation and expiry. Nothing is stored when nobody is left to invite.
 */
export async function createCampaign(
  ctx: AppContext,
  input: CreateCampaignInput,
): Promise<CreateCampaignResult> {
  const { draft } = input;
  const { expanded, problems } = await expandPicks(ctx.slack, draft.picks);
  const everyone = expanded.flatMap((p) => p.members);
  const facts = await loadPeopleFacts(ctx.slack, ctx.db, everyone, ctx.clock.now());
  const { participants, dropped } = selectParticipants(expanded, facts);
  const now = ctx.clock.now();
  const { interviews, tooLate } = planParticipants(participants, draft, now);
  if (interviews.length === 0) return { ok: false, dropped, problems, tooLate: tooLate.length };

  await input.onProgress?.(
    `Scheduling ${interviews.length} invitation${interviews.length === 1 ? '' : 's'}…`,
  );
  const { id, created } = ctx.db.transaction(() => {
    const c = insertCampaign(ctx.db, {
      name: draft.name,
      createdBy: input.createdBy,
      createdAt: now,
      startDate: draft.startDate,
      dueDate: draft.dueDate,
      settings: draft.settings,
      ...(input.requestKey ? { requestKey: input.requestKey } : {}),
    });
    if (c.created) insertInterviews(ctx.db, c.id, interviews);
    return c;
  })();
  await scheduleCampaignJobs(ctx, id);
  if (created) {
    recordAudit(ctx.db, {
      actor: input.createdBy,
      action: 'campaign.create',
      target: `campaign:${id}`,
      detail: {
        name: draft.name,
        interviews: interviews.length,
        dropped,
        tooLate: tooLate.length,
        startDate: draft.startDate,
        dueDate: draft.dueDate,
      },
      at: now,
    });
  }
  const first = interviews.reduce<Date | null>(
    (min, i) => (!min || i.inviteAt < min ? i.inviteAt : min),
    null,
  );
  return {
    ok: true,
    campaignId: id,
    created,
    scheduled: created ? interviews.length : campaignCounts(ctx.db, id).total,
    dropped,
    tooLate: tooLate.length,
    problems,
    firstInviteAt: first,
  };
}
