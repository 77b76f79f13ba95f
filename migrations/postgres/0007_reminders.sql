-- Review reminders and notices in the outbox (see migrations/sqlite/0011).

CREATE TABLE reminders (
  member_id     BIGINT PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
  workspace_id  BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  local_time    TEXT   NOT NULL,
  timezone      TEXT   NOT NULL,
  days          TEXT   NOT NULL,
  next_run_at   BIGINT,
  paused_reason TEXT,
  updated_at    BIGINT NOT NULL
);
CREATE INDEX reminders_due ON reminders (next_run_at) WHERE paused_reason IS NULL;

ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
  CHECK (kind IN ('question', 'reveal', 'live', 'notice'));
ALTER TABLE outbox ADD COLUMN subject TEXT UNIQUE;
ALTER TABLE outbox ADD COLUMN to_member BIGINT REFERENCES members (id) ON DELETE CASCADE;
ALTER TABLE outbox ADD CONSTRAINT outbox_notice_shape CHECK ((kind = 'notice') = (subject IS NOT NULL));
