-- Review reminders: a member's opt-in direct message at a local time on chosen days, sent only
-- when cards are due. Sent through the outbox like every message of ours: a notice row is
-- claimed once per subject (a member's reminder for one local day), then leased and sent with
-- an idempotency key. The outbox is rebuilt for its new kind and columns (foreign keys are off
-- while migrations run).

CREATE TABLE reminders (
  member_id     INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
  workspace_id  INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  local_time    TEXT    NOT NULL,
  timezone      TEXT    NOT NULL,
  days          TEXT    NOT NULL, -- JSON array of weekdays, 0 = Sunday
  next_run_at   INTEGER,
  -- Why reminders stopped (the platform would not deliver a direct message); NULL: active.
  paused_reason TEXT,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX reminders_due ON reminders (next_run_at) WHERE paused_reason IS NULL;

CREATE TABLE outbox_new (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  channel_id   TEXT    NOT NULL,
  post_id      INTEGER REFERENCES channel_posts (id) ON DELETE CASCADE,
  round_id     TEXT    REFERENCES live_rounds (id) ON DELETE CASCADE,
  step         TEXT,
  -- A notice's subject ("remind:<member>:<local date>"): unique, so each is claimed once.
  subject      TEXT    UNIQUE,
  -- A direct message's member (channel_id is then where the platform put the conversation).
  to_member    INTEGER REFERENCES members (id) ON DELETE CASCADE,
  kind         TEXT    NOT NULL CHECK (kind IN ('question', 'reveal', 'live', 'notice')),
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
  CHECK ((kind = 'live') = (round_id IS NOT NULL AND step IS NOT NULL AND post_id IS NULL)),
  CHECK ((kind = 'notice') = (subject IS NOT NULL))
);
INSERT INTO outbox_new (id, workspace_id, channel_id, post_id, round_id, step, kind, state,
                        next_try_at, leased_by, tries, handed_at, last_error, message_ref,
                        sent_at, created_at)
  SELECT id, workspace_id, channel_id, post_id, round_id, step, kind, state, next_try_at,
         leased_by, tries, handed_at, last_error, message_ref, sent_at, created_at
  FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (next_try_at) WHERE state IN ('queued', 'sending');
