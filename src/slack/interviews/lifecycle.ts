/**
 * The campaigns feature's side of an interview's life, gathered here so the interview flow has one seam to it:
 * pending invitation/reminder/expiry jobs, the snooze of "Later", what a finished invitation looks like, and the
 * status of a campaign for the staff Home.
 */
export { cancelPendingJobs, type SnoozeResult, snoozeInvitation } from '../../schedule/lifecycle.js';
export { type ClosedStatus, closedInvitationBlocks, closedInvitationText } from '../blocks/invitation.js';
export { campaignStatusBlocks } from '../campaigns/render.js';
