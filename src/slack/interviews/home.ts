import type { AppContext } from '../../context.js';
import { listAnswers } from '../../store/answers.js';
import { listCampaignProgress, listInterviewsOfUser, listTalksFor } from '../../store/interviewResponses.js';
import { isStaff } from '../staff.js';
import { homeView, STAFF_CAMPAIGNS_SHOWN } from './homeView.js';

/** Builds the Home data for one person from the store. */
export async function homeFor(ctx: AppContext, userId: string) {
  const interviews = listInterviewsOfUser(ctx.db, userId);
  const answers = new Map(
    interviews.filter((i) => i.status === 'answered').map((i) => [i.id, listAnswers(ctx.db, i.id)] as const),
  );
  const staff = await isStaff(ctx, userId);
  return homeView({
    userId,
    interviews,
    answers,
    sets: ctx.questionSets,
    taxonomy: ctx.taxonomy,
    talks: listTalksFor(ctx.db, userId, staff),
    ...(staff ? { campaigns: listCampaignProgress(ctx.db, STAFF_CAMPAIGNS_SHOWN) } : {}),
  });
}

/**
 * Publishes this person's App Home. Called when they open it and whenever something of theirs changes (an answer,
 * a decline, a talk to record); other features call it too. Slack keeps the last published view, so publishing is
 * idempotent.
 */
export async function publishHome(ctx: AppContext, userId: string): Promise<void> {
  const view = await homeFor(ctx, userId);
  await ctx.slack.views.publish({ user_id: userId, view });
}
