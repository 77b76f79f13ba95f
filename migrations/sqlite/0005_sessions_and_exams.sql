-- A private session belongs to one conversation (a member in one channel, DM or console) and is
-- open, finished or closed; typed answers go only to its current question, the one shown last.
-- Exams are sessions too (mode 'exam', expires_at is the deadline), and their results are kept.
-- The CHECK on mode changes, so the table is rebuilt (foreign keys are off while migrations run).

CREATE TABLE quiz_sessions_new (
  id             TEXT    PRIMARY KEY,
  workspace_id   INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  member_id      INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  mode           TEXT    NOT NULL CHECK (mode IN ('practice', 'review', 'exam')),
  question_ids   TEXT    NOT NULL, -- JSON array, in asking order (a skipped one moves to the end)
  -- The index in question_ids of the question being asked now.
  position       INTEGER NOT NULL DEFAULT 0,
  correct        INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  channel_id     TEXT,
  -- The screen that shows it where the platform keeps no messages (a console run); NULL elsewhere.
  screen         TEXT,
  state          TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'finished', 'closed')),
  current_ask_id TEXT,
  label          TEXT    NOT NULL DEFAULT 'Practice',
  ended_at       INTEGER
);

INSERT INTO quiz_sessions_new (id, workspace_id, member_id, mode, question_ids, position, correct,
                               created_at, expires_at, channel_id, state, current_ask_id, label, ended_at)
  SELECT s.id, s.workspace_id, s.member_id, s.mode, s.question_ids, s.position, s.correct,
         s.created_at, s.expires_at,
         (SELECT a.channel_id FROM asks a WHERE a.session_id = s.id ORDER BY a.asked_at DESC, a.rowid DESC LIMIT 1),
         CASE WHEN s.position >= json_array_length(s.question_ids) THEN 'finished' ELSE 'open' END,
         (SELECT a.id FROM asks a WHERE a.session_id = s.id ORDER BY a.asked_at DESC, a.rowid DESC LIMIT 1),
         CASE s.mode WHEN 'review' THEN 'Review' ELSE 'Practice' END,
         NULL
  FROM quiz_sessions s;

DROP TABLE quiz_sessions;
ALTER TABLE quiz_sessions_new RENAME TO quiz_sessions;

-- One open session per conversation: of older open ones, only the newest stays open.
UPDATE quiz_sessions SET state = 'closed'
  WHERE state = 'open' AND EXISTS (
    SELECT 1 FROM quiz_sessions newer
    WHERE newer.state = 'open' AND newer.member_id = quiz_sessions.member_id
      AND newer.channel_id IS quiz_sessions.channel_id AND newer.created_at > quiz_sessions.created_at);

CREATE INDEX sessions_open ON quiz_sessions (member_id, channel_id) WHERE state = 'open';
-- The minute tick closes exams whose time is up, even when the member never comes back.
CREATE INDEX sessions_exam_deadline ON quiz_sessions (expires_at) WHERE state = 'open' AND mode = 'exam';
-- A session's asks and answers (its report), without scanning every ask.
CREATE INDEX asks_by_session ON asks (session_id) WHERE session_id IS NOT NULL;
-- A member's last finished session in a conversation (for `retry`).
CREATE INDEX sessions_by_member ON quiz_sessions (member_id, created_at);

CREATE TABLE exam_results (
  id           INTEGER PRIMARY KEY,
  session_id   TEXT    NOT NULL UNIQUE REFERENCES quiz_sessions (id) ON DELETE CASCADE,
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  started_at   INTEGER NOT NULL,
  ended_at     INTEGER NOT NULL,
  total        INTEGER NOT NULL,
  correct      INTEGER NOT NULL,
  answered     INTEGER NOT NULL,
  scaled       INTEGER NOT NULL,
  passed       INTEGER NOT NULL,
  areas        TEXT    NOT NULL -- JSON: [{ "area": id, "total": n, "correct": n }]
);
CREATE INDEX exam_results_by_member ON exam_results (member_id, ended_at);
