-- 005: digest. The weekly digest counts people (one voice each: their latest answered interview) by petal, stage
-- and motivators. Working that out from `tags` joined to `answers` on every build costs seconds at a million
-- answers, because tags do not carry their interview or person. So the digest keeps one row per person with what it
-- needs (digest_people) and recomputes only the people whose interviews, answers or tags changed since it last
-- looked (digest_dirty). Triggers only mark people dirty; they never compute, so any way of writing (an upsert, an
-- INSERT OR REPLACE that fires no DELETE trigger, a cascade) is accounted for at the next refresh.

-- One row per person heard. Labels are stored as written in tags and interviews (not as taxonomy indices), so
-- editing the taxonomy needs no rebuild.
CREATE TABLE digest_people (
  user_id       TEXT PRIMARY KEY,
  -- Erasing the interview (forget, campaign deletion) erases this row at once, not at the next refresh.
  interview_id  INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
  petal         TEXT,                     -- a staff correction, else the person's choice, else the tagger's
  stage         TEXT,                     -- the stage with the strongest evidence in the person's answers
  motivators    TEXT NOT NULL,            -- sorted JSON array of motivator ids: chosen by the person or tagged
  consent       TEXT,                     -- as interviews.consent: name | anonymous | none
  answered_at   TEXT
);
CREATE INDEX digest_people_by_interview ON digest_people (interview_id);
-- The digest counts people per (petal, stage, motivators): read in this index's order, no sorting.
CREATE INDEX digest_people_by_profile ON digest_people (petal, stage, motivators);
-- Quotes: the newest consenting people of a petal.
CREATE INDEX digest_people_by_petal ON digest_people (petal, answered_at);

-- People whose digest_people row must be recomputed.
CREATE TABLE digest_dirty (
  user_id  TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TRIGGER digest_dirty_on_tag_insert AFTER INSERT ON tags BEGIN
  INSERT OR IGNORE INTO digest_dirty (user_id)
    SELECT i.user_id FROM answers a JOIN interviews i ON i.id = a.interview_id WHERE a.id = NEW.answer_id;
END;
CREATE TRIGGER digest_dirty_on_tag_update AFTER UPDATE ON tags BEGIN
  INSERT OR IGNORE INTO digest_dirty (user_id)
    SELECT i.user_id FROM answers a JOIN interviews i ON i.id = a.interview_id WHERE a.id IN (OLD.answer_id, NEW.answer_id);
END;
CREATE TRIGGER digest_dirty_on_tag_delete AFTER DELETE ON tags BEGIN
  INSERT OR IGNORE INTO digest_dirty (user_id)
    SELECT i.user_id FROM answers a JOIN interviews i ON i.id = a.interview_id WHERE a.id = OLD.answer_id;
END;
-- An answer dropped by an edit takes its tags with it.
CREATE TRIGGER digest_dirty_on_answer_delete AFTER DELETE ON answers BEGIN
  INSERT OR IGNORE INTO digest_dirty (user_id) SELECT user_id FROM interviews WHERE id = OLD.interview_id;
END;
-- Interviews imported as already answered.
CREATE TRIGGER digest_dirty_on_interview_insert AFTER INSERT ON interviews WHEN NEW.status = 'answered' BEGIN
  INSERT OR IGNORE INTO digest_dirty (user_id) VALUES (NEW.user_id);
END;
-- Only the columns the digest reads: reminders and invitations update interviews all day long.
CREATE TRIGGER digest_dirty_on_interview_update
  AFTER UPDATE OF status, user_id, petal_id, motivator_ids, consent, answered_at ON interviews BEGIN
  INSERT OR IGNORE INTO digest_dirty (user_id) VALUES (OLD.user_id);
  INSERT OR IGNORE INTO digest_dirty (user_id) VALUES (NEW.user_id);
END;
-- A person with two interviews who loses one is still heard, through the other.
CREATE TRIGGER digest_dirty_on_interview_delete AFTER DELETE ON interviews BEGIN
  INSERT OR IGNORE INTO digest_dirty (user_id) VALUES (OLD.user_id);
END;

-- Whoever answered before this migration is counted at the first digest.
INSERT OR IGNORE INTO digest_dirty (user_id) SELECT DISTINCT user_id FROM interviews WHERE status = 'answered';

-- Who is posting a week's digest right now: an attempt holds the week for a short lease while it sends, so a staff
-- `digest post` and the scheduled job (or two instances) never send at the same time; an attempt that fails
-- releases it, one that crashed loses it when the lease runs out.
ALTER TABLE digests ADD COLUMN claimed_at TEXT;

-- Campaign progress (answered, new this week, overdue per campaign) from the index alone, without the rows.
CREATE INDEX interviews_progress ON interviews (campaign_id, status, answered_at);

-- Finding a person's latest answered interview when refreshing them.
CREATE INDEX interviews_answered_by_user ON interviews (user_id, status, answered_at);
