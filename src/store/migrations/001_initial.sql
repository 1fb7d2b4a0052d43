-- 001: the whole first schema in one step, so every feature starts from the same tables.
-- Times are ISO-8601 UTC strings (sortable as text); dates without time are 'YYYY-MM-DD'.
-- JSON columns hold small documents that are only read whole (settings, evidence, summaries).

-- People the app has seen, with the time zone Slack gives. Erased on request (forget).
CREATE TABLE people (
  user_id     TEXT PRIMARY KEY,
  name        TEXT,
  real_name   TEXT,
  tz          TEXT NOT NULL DEFAULT 'UTC',
  is_bot      INTEGER NOT NULL DEFAULT 0,
  deleted     INTEGER NOT NULL DEFAULT 0,
  updated_at  TEXT NOT NULL
);

CREATE TABLE campaigns (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  start_date    TEXT NOT NULL,
  due_date      TEXT NOT NULL,
  -- working days and hours, invitation time, reminder cadence: all that is needed to re-run the schedule
  settings_json TEXT NOT NULL DEFAULT '{}',
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_at     TEXT,
  -- 'slack' for campaigns run in Slack, 'import' for earlier interview notes loaded from a file
  source        TEXT NOT NULL DEFAULT 'slack' CHECK (source IN ('slack', 'import'))
);

-- One interview per person per campaign.
CREATE TABLE interviews (
  id               INTEGER PRIMARY KEY,
  campaign_id      INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  user_id          TEXT NOT NULL,
  audience         TEXT NOT NULL,
  interviewer_id   TEXT,
  tz               TEXT NOT NULL DEFAULT 'UTC',
  status           TEXT NOT NULL DEFAULT 'scheduled'
                   CHECK (status IN ('scheduled', 'invited', 'answered', 'declined', 'expired', 'removed')),
  talk_requested   INTEGER NOT NULL DEFAULT 0,
  invite_at        TEXT,             -- when the invitation is due (UTC)
  invited_at       TEXT,
  answered_at      TEXT,
  closed_at        TEXT,             -- declined, expired or removed at
  reminders_sent   INTEGER NOT NULL DEFAULT 0,
  last_reminded_at TEXT,
  snoozed_until    TEXT,
  dm_channel       TEXT,             -- the invitation message, updated in place as the interview moves on
  dm_ts            TEXT,
  petal_id         TEXT,             -- chosen by the interviewee
  motivator_ids    TEXT NOT NULL DEFAULT '[]',
  consent          TEXT CHECK (consent IN ('name', 'anonymous', 'none')),
  recorded_by      TEXT,             -- the interviewer, when answers were taken in a live talk
  version          INTEGER NOT NULL DEFAULT 0,
  UNIQUE (campaign_id, user_id)
);
CREATE INDEX interviews_by_user ON interviews (user_id);
CREATE INDEX interviews_by_status ON interviews (campaign_id, status);

-- The current answer per question; an edit replaces it and bumps the version.
CREATE TABLE answers (
  id            INTEGER PRIMARY KEY,
  interview_id  INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
  question_id   TEXT NOT NULL,
  question      TEXT NOT NULL,
  text          TEXT,               -- NULL once the retention period has passed
  version       INTEGER NOT NULL DEFAULT 1,
  answered_at   TEXT NOT NULL,
  UNIQUE (interview_id, question_id)
);

-- Unfinished multi-step modals, keyed by interview, so no answer lives only in process memory.
CREATE TABLE drafts (
  interview_id  INTEGER PRIMARY KEY REFERENCES interviews(id) ON DELETE CASCADE,
  values_json   TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

-- Tags on answers. source: auto (the tagger), self (chosen by the interviewee), staff (a correction).
CREATE TABLE tags (
  id                INTEGER PRIMARY KEY,
  answer_id         INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
  kind              TEXT NOT NULL CHECK (kind IN ('petal', 'stage', 'motivator')),
  label             TEXT NOT NULL,
  confidence        REAL NOT NULL,
  source            TEXT NOT NULL CHECK (source IN ('auto', 'self', 'staff')),
  evidence_json     TEXT NOT NULL DEFAULT '[]',
  taxonomy_version  TEXT NOT NULL,
  created_by        TEXT,
  created_at        TEXT NOT NULL,
  UNIQUE (answer_id, kind, label, source)
);
CREATE INDEX tags_by_kind_label ON tags (kind, label);

-- Every message the app sends that must go out once: the key is claimed before sending, the ts recorded after.
CREATE TABLE messages (
  key         TEXT PRIMARY KEY,
  channel     TEXT,
  ts          TEXT,
  state       TEXT NOT NULL CHECK (state IN ('sending', 'sent')),
  claimed_at  TEXT NOT NULL,
  sent_at     TEXT
);

-- One digest per ISO week, ever.
CREATE TABLE digests (
  week          TEXT PRIMARY KEY,   -- e.g. '2026-W48'
  state         TEXT NOT NULL CHECK (state IN ('posting', 'posted')),
  channel       TEXT,
  ts            TEXT,
  file_id       TEXT,
  late          INTEGER NOT NULL DEFAULT 0,
  summary_json  TEXT,               -- the aggregates as posted; kept when people ask to be forgotten
  posted_at     TEXT
);

-- The maturity checklist the OSPO ticks.
CREATE TABLE checklist (
  model_id    TEXT NOT NULL,
  item_id     TEXT NOT NULL,
  ticked_by   TEXT NOT NULL,
  ticked_at   TEXT NOT NULL,
  PRIMARY KEY (model_id, item_id)
);

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  target      TEXT,
  detail_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_by_time ON audit_log (at);
