-- 002: campaigns. Everything the scheduler needs to re-create any job from the store alone (after Redis lost its
-- data, or on a start after a crash), and an idempotency key so that a view submission Slack delivers twice creates
-- one campaign, not two.

-- The submission that created the campaign (the modal's view id); Slack's retries carry the same one.
ALTER TABLE campaigns ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX campaigns_by_request_key ON campaigns (request_key) WHERE request_key IS NOT NULL;

-- When the next automatic reminder is due (UTC), NULL when none is left; status shows it, reconcile re-creates it.
ALTER TABLE interviews ADD COLUMN remind_at TEXT;
-- The end of the due date in the person's zone (UTC): when an unanswered invitation expires.
ALTER TABLE interviews ADD COLUMN expire_at TEXT;
-- The person's local date of the last nudge staff sent with `remind`, so that nobody gets two in a day.
ALTER TABLE interviews ADD COLUMN nudged_on TEXT;

CREATE INDEX interviews_by_invite_at ON interviews (status, invite_at);
