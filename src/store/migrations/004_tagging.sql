-- 004: tagging. Two things the tags table alone cannot say.
-- tagging_runs: which version of each answer was tagged, by which tagger (taxonomy fingerprint, extra signals and
-- staff examples at the time), and how sure it was. Tagging a job twice, or re-tagging after a taxonomy change,
-- then touches only what is stale, and the review queue reads the confidence without recomputing anything.
-- tag_reviews: an answer whose tags staff confirmed or corrected, with what the tagger had suggested, so that its
-- staff tags are both the answer's final tags and an example the tagger learns from (including what staff removed).
-- The reviewer's name lives only in tags.created_by, which erasure already handles.

CREATE TABLE tagging_runs (
  answer_id       INTEGER PRIMARY KEY REFERENCES answers(id) ON DELETE CASCADE,
  answer_version  INTEGER NOT NULL,
  tagger_key      TEXT NOT NULL,
  confidence      REAL NOT NULL,
  tagged_at       TEXT NOT NULL
);
-- The review queue: least confident first.
CREATE INDEX tagging_runs_by_confidence ON tagging_runs (confidence, answer_id);

CREATE TABLE tag_reviews (
  -- AUTOINCREMENT: a review saved again gets a new, larger id, so max(id) tells the learner something changed.
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  answer_id       INTEGER NOT NULL UNIQUE REFERENCES answers(id) ON DELETE CASCADE,
  answer_version  INTEGER NOT NULL,
  reviewed_at     TEXT NOT NULL,
  -- The tagger's labels when staff reviewed: {"petals": [...], "stage": "...", "motivators": [...]}
  suggested_json  TEXT NOT NULL DEFAULT '{}'
);
