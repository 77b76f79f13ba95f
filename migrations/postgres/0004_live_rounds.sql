-- Live rounds (see migrations/sqlite/0008): the round's state, its players, its asks, and its
-- messages in the outbox; and workspace settings.

CREATE TABLE live_rounds (
  id            TEXT    PRIMARY KEY,
  workspace_id  BIGINT  NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  channel_id    TEXT    NOT NULL,
  started_by    BIGINT  NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  label         TEXT    NOT NULL,
  question_ids  TEXT    NOT NULL,
  ask_ids       TEXT    NOT NULL,
  seconds       INTEGER NOT NULL,
  position      INTEGER NOT NULL,
  phase         TEXT    NOT NULL CHECK (phase IN ('lead', 'question', 'reveal', 'ended')),
  next_at       BIGINT,
  version       INTEGER NOT NULL DEFAULT 0,
  created_at    BIGINT  NOT NULL,
  ended_at      BIGINT,
  end_reason    TEXT
);
CREATE UNIQUE INDEX live_rounds_one_per_channel ON live_rounds (workspace_id, channel_id)
  WHERE phase <> 'ended';
CREATE INDEX live_rounds_due ON live_rounds (next_at) WHERE phase <> 'ended';

CREATE TABLE live_players (
  round_id  TEXT   NOT NULL REFERENCES live_rounds (id) ON DELETE CASCADE,
  member_id BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  joined_at BIGINT NOT NULL,
  PRIMARY KEY (round_id, member_id)
);

ALTER TABLE asks ADD COLUMN round_id TEXT REFERENCES live_rounds (id) ON DELETE CASCADE;
CREATE INDEX asks_by_round ON asks (round_id) WHERE round_id IS NOT NULL;

CREATE TABLE workspace_settings (
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  key          TEXT   NOT NULL,
  value        TEXT   NOT NULL,
  updated_at   BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, key)
);

ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('question', 'reveal', 'live'));
ALTER TABLE outbox ADD COLUMN round_id TEXT REFERENCES live_rounds (id) ON DELETE CASCADE;
ALTER TABLE outbox ADD COLUMN step TEXT;
ALTER TABLE outbox ADD CONSTRAINT outbox_round_step UNIQUE (round_id, step);
ALTER TABLE outbox ADD CONSTRAINT outbox_live_shape
  CHECK ((kind = 'live') = (round_id IS NOT NULL AND step IS NOT NULL AND post_id IS NULL));
