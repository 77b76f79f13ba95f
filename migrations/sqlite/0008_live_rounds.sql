-- Live rounds: a timed quiz a whole channel plays together. The round's state (its questions,
-- where it is, when its next step is due) is here, so a restart resumes it; its questions are
-- asks (round_id set) and its answers are ordinary answers, one per member per ask.

CREATE TABLE live_rounds (
  id            TEXT    PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  channel_id    TEXT    NOT NULL,
  started_by    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  label         TEXT    NOT NULL,
  question_ids  TEXT    NOT NULL, -- JSON array, in asking order
  ask_ids       TEXT    NOT NULL, -- JSON array: the asks of the questions opened so far
  seconds       INTEGER NOT NULL,
  position      INTEGER NOT NULL,
  phase         TEXT    NOT NULL CHECK (phase IN ('lead', 'question', 'reveal', 'ended')),
  next_at       INTEGER,          -- when the next step is due; NULL once ended
  version       INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  ended_at      INTEGER,
  end_reason    TEXT
);
-- One round per channel at a time.
CREATE UNIQUE INDEX live_rounds_one_per_channel ON live_rounds (workspace_id, channel_id)
  WHERE phase <> 'ended';
-- The scheduler asks "which round has a step due?".
CREATE INDEX live_rounds_due ON live_rounds (next_at) WHERE phase <> 'ended';

-- Who plays: joined with the button (or `live join`), or by answering.
CREATE TABLE live_players (
  round_id  TEXT    NOT NULL REFERENCES live_rounds (id) ON DELETE CASCADE,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (round_id, member_id)
) WITHOUT ROWID;

ALTER TABLE asks ADD COLUMN round_id TEXT REFERENCES live_rounds (id) ON DELETE CASCADE;
CREATE INDEX asks_by_round ON asks (round_id) WHERE round_id IS NOT NULL;

-- A workspace's settings, by key (who may start a live round, ...).
CREATE TABLE workspace_settings (
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  key          TEXT    NOT NULL,
  value        TEXT    NOT NULL,
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, key)
) WITHOUT ROWID;

-- A live round's messages go through the outbox like the daily question's: kind 'live', with
-- the round and the step (start, q1, r1, ..., end) instead of a daily post. The CHECK on kind
-- changes, so the table is rebuilt (foreign keys are off while migrations run).
CREATE TABLE outbox_new (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  channel_id   TEXT    NOT NULL,
  post_id      INTEGER REFERENCES channel_posts (id) ON DELETE CASCADE,
  round_id     TEXT    REFERENCES live_rounds (id) ON DELETE CASCADE,
  step         TEXT,
  kind         TEXT    NOT NULL CHECK (kind IN ('question', 'reveal', 'live')),
  state        TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'abandoned')),
  next_try_at  INTEGER NOT NULL,
  leased_by    TEXT,
  tries        INTEGER NOT NULL DEFAULT 0,
  handed_at    INTEGER,
  last_error   TEXT,
  message_ref  TEXT,
  sent_at      INTEGER,
  created_at   INTEGER NOT NULL,
  UNIQUE (post_id, kind),
  UNIQUE (round_id, step),
  CHECK ((kind = 'live') = (round_id IS NOT NULL AND step IS NOT NULL AND post_id IS NULL))
);
INSERT INTO outbox_new (id, workspace_id, channel_id, post_id, kind, state, next_try_at, leased_by,
                        tries, handed_at, last_error, message_ref, sent_at, created_at)
  SELECT id, workspace_id, channel_id, post_id, kind, state, next_try_at, leased_by,
         tries, handed_at, last_error, message_ref, sent_at, created_at
  FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (next_try_at) WHERE state IN ('queued', 'sending');
