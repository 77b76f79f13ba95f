-- The daily question's posts. A scheduled post is claimed here, unique per channel and local
-- date, before anything is sent: a restart, a retry or a second process finds the claim and
-- never posts twice. Extra posts (post-now) are recorded too, but take no day's slot.

CREATE TABLE channel_posts (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  channel_id    TEXT    NOT NULL,
  local_date    TEXT    NOT NULL,
  kind          TEXT    NOT NULL CHECK (kind IN ('scheduled', 'extra')),
  ask_id        TEXT    NOT NULL REFERENCES asks (id) ON DELETE CASCADE,
  state         TEXT    NOT NULL DEFAULT 'claimed' CHECK (state IN ('claimed', 'sending', 'posted', 'failed', 'abandoned')),
  claimed_by    TEXT    NOT NULL,
  claimed_at    INTEGER NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  next_try_at   INTEGER NOT NULL,
  last_error    TEXT,
  message_ref   TEXT,
  posted_at     INTEGER,
  closes_at     INTEGER NOT NULL,
  shown_answers INTEGER NOT NULL DEFAULT 0,
  shown_at      INTEGER,
  revealed_at   INTEGER
);
CREATE UNIQUE INDEX channel_posts_one_a_day ON channel_posts (workspace_id, channel_id, local_date)
  WHERE kind = 'scheduled';
-- The tick's other questions: what to (re)send, what to reveal.
-- 'sending' holds a lease in next_try_at: a process that died mid-send lets it run out.
CREATE INDEX channel_posts_to_send ON channel_posts (next_try_at) WHERE state IN ('claimed', 'failed', 'sending');
CREATE INDEX channel_posts_to_reveal ON channel_posts (closes_at) WHERE state = 'posted' AND revealed_at IS NULL;

-- Consecutive permanent failures ("channel not found", "no access"); reset by a good post.
ALTER TABLE channel_schedules ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
