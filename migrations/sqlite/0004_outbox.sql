-- The outbox: every message the bot puts into a channel on its own (the daily question, its
-- reveal; later reminders and recaps) is a row here, sent by the same leased machinery. A row is
-- leased only while one process is sending it, and every send carries the row's id as an
-- idempotency key, so a resend after a crash finds the first message instead of posting again.

CREATE TABLE outbox (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  channel_id   TEXT    NOT NULL,
  -- What the message is about: the channel post whose question or reveal it is.
  post_id      INTEGER REFERENCES channel_posts (id) ON DELETE CASCADE,
  kind         TEXT    NOT NULL CHECK (kind IN ('question', 'reveal')),
  state        TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'abandoned')),
  -- queued: when it may be tried; sending: when the sender's lease runs out.
  next_try_at  INTEGER NOT NULL,
  leased_by    TEXT,
  -- Sends handed to the platform so far. Above zero, a send may have gone through unrecorded:
  -- the message is looked for before it is sent again.
  tries        INTEGER NOT NULL DEFAULT 0,
  handed_at    INTEGER,
  last_error   TEXT,
  message_ref  TEXT,
  sent_at      INTEGER,
  created_at   INTEGER NOT NULL,
  UNIQUE (post_id, kind)
);
CREATE INDEX outbox_due ON outbox (next_try_at) WHERE state IN ('queued', 'sending');

-- Posts still to send move into the outbox as they were; one leased mid-send counts as handed
-- over, so it is looked for before it is sent again.
INSERT INTO outbox (workspace_id, channel_id, post_id, kind, state, next_try_at, tries, last_error, created_at)
  SELECT workspace_id, channel_id, id, 'question', 'queued', next_try_at,
         attempts + (state = 'sending'), last_error, claimed_at
  FROM channel_posts WHERE state IN ('claimed', 'sending', 'failed');
UPDATE channel_posts SET state = 'claimed' WHERE state IN ('sending', 'failed');

-- channel_posts keeps what the question is and how far it got (claimed, posted, abandoned); the
-- sending columns live in the outbox now. revealed_at is when its reveal was queued.
DROP INDEX channel_posts_to_send;
ALTER TABLE channel_posts DROP COLUMN attempts;
ALTER TABLE channel_posts DROP COLUMN last_error;
ALTER TABLE channel_posts DROP COLUMN next_try_at;

-- Planning failures: the schedule stays where it was and the next tick tries again; after a few
-- in a row the reason is logged and `status` shows it.
ALTER TABLE channel_schedules ADD COLUMN plan_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE channel_schedules ADD COLUMN plan_error TEXT;
