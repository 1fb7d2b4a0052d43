import type { AppContext } from '../context.js';
import type { CampaignSettings } from '../interviews/campaignSettings.js';
import type { Participant } from '../interviews/participants.js';
import { listCampaignInterviews, type NewInterview } from '../store/interviews.js';
import { addJobs, wantedJobs } from './jobs.js';
import { planInterview } from './plan.js';

export interface PlannedParticipants {
  interviews: NewInterview[];
  /** People whose due date has already ended where they live (a due date of today, far east). */
  tooLate: Participant[];
}

/** Each participant's invitation and expiry in their own zone. Pure: `now` is given. */
export function planParticipants(
  participants: Participant[],
  c: { startDate: string; dueDate: string; settings: CampaignSettings; interviewerId: string | null },
  now: Date,
): PlannedParticipants {
  const interviews: NewInterview[] = [];
  const tooLate: Participant[] = [];
  for (const p of participants) {
    const timing = planInterview({
      startDate: c.startDate,
      dueDate: c.dueDate,
      tz: p.tz,
      settings: c.settings,
      now,
    });
    if (!timing) {
      tooLate.push(p);
      continue;
    }
    interviews.push({
      userId: p.userId,
      audience: p.audience,
      interviewerId: c.interviewerId,
      tz: p.tz,
      inviteAt: timing.inviteAt,
      expireAt: timing.expireAt,
    });
  }
  return { interviews, tooLate };
}

/** Enqueues every job the campaign's interviews need; running it again adds nothing (deterministic job IDs). */
export async function scheduleCampaignJobs(ctx: AppContext, campaignId: number): Promise<number> {
  const jobs = listCampaignInterviews(ctx.db, campaignId, ['scheduled', 'invited']).flatMap((i) =>
    wantedJobs(i),
  );
  await addJobs(ctx.queues.interviews, ctx.clock, jobs);
  return jobs.length;
}
