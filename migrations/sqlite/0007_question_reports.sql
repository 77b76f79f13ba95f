-- Learners' reports that a question is wrong or unclear: who, which ask (so the order the
-- options were shown in is known), and why. One report per member per ask; admins close them.
CREATE TABLE question_reports (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  ask_id       TEXT    NOT NULL REFERENCES asks (id) ON DELETE CASCADE,
  question_id  TEXT    NOT NULL,
  option_order TEXT    NOT NULL, -- JSON array, as shown
  reason       TEXT,
  state        TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  created_at   INTEGER NOT NULL,
  closed_at    INTEGER,
  UNIQUE (ask_id, member_id)
);
CREATE INDEX question_reports_open ON question_reports (workspace_id, created_at) WHERE state = 'open';
