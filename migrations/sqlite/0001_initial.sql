-- Studybot's first schema. Instants are INTEGER milliseconds since the epoch (UTC);
-- days are TEXT 'YYYY-MM-DD'. Content ids (topics, questions) are TEXT: the deck files own them.

CREATE TABLE workspaces (
  id          INTEGER PRIMARY KEY,
  platform    TEXT    NOT NULL,
  external_id TEXT    NOT NULL,
  name        TEXT,
  created_at  INTEGER NOT NULL,
  UNIQUE (platform, external_id)
);

CREATE TABLE teams (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name         TEXT    NOT NULL,
  name_key     TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  UNIQUE (workspace_id, name_key)
);

-- Totals live on the member row, kept on write, so stats and all-time boards read one row.
CREATE TABLE members (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  external_id  TEXT    NOT NULL,
  display_name TEXT    NOT NULL,
  team_id      INTEGER REFERENCES teams (id) ON DELETE SET NULL,
  total_points INTEGER NOT NULL DEFAULT 0,
  answered     INTEGER NOT NULL DEFAULT 0,
  correct      INTEGER NOT NULL DEFAULT 0,
  streak       INTEGER NOT NULL DEFAULT 0,
  streak_day   TEXT,
  created_at   INTEGER NOT NULL,
  UNIQUE (workspace_id, external_id)
);
CREATE INDEX members_by_points ON members (workspace_id, total_points DESC);
CREATE INDEX members_by_team ON members (team_id) WHERE team_id IS NOT NULL;

CREATE TABLE quiz_sessions (
  id           TEXT    PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  mode         TEXT    NOT NULL CHECK (mode IN ('practice', 'review')),
  question_ids TEXT    NOT NULL, -- JSON array
  position     INTEGER NOT NULL DEFAULT 0,
  correct      INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);

CREATE TABLE asks (
  id           TEXT    PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  member_id    INTEGER REFERENCES members (id) ON DELETE CASCADE,
  channel_id   TEXT,
  session_id   TEXT    REFERENCES quiz_sessions (id) ON DELETE CASCADE,
  question_id  TEXT    NOT NULL,
  option_order TEXT    NOT NULL, -- JSON array
  asked_at     INTEGER NOT NULL,
  closes_at    INTEGER NOT NULL,
  CHECK (member_id IS NOT NULL OR channel_id IS NOT NULL)
);
CREATE INDEX asks_by_member ON asks (member_id, asked_at) WHERE member_id IS NOT NULL;
CREATE INDEX asks_by_channel ON asks (workspace_id, channel_id, asked_at) WHERE member_id IS NULL;

-- One answer per member per ask: the UNIQUE key is what makes a double click count once.
CREATE TABLE answers (
  id           INTEGER PRIMARY KEY,
  ask_id       TEXT    NOT NULL REFERENCES asks (id) ON DELETE CASCADE,
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  question_id  TEXT    NOT NULL,
  chosen       TEXT    NOT NULL, -- JSON array of option indexes, author's order
  correct      INTEGER NOT NULL,
  points       INTEGER NOT NULL,
  answered_at  INTEGER NOT NULL,
  UNIQUE (ask_id, member_id)
);
CREATE INDEX answers_by_member_question ON answers (member_id, question_id, answered_at);

-- Points per member per UTC day, kept on write: week and month boards sum at most 31 rows each.
CREATE TABLE score_days (
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  day          TEXT    NOT NULL,
  points       INTEGER NOT NULL DEFAULT 0,
  answered     INTEGER NOT NULL DEFAULT 0,
  correct      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (member_id, day)
) WITHOUT ROWID;
CREATE INDEX score_days_by_workspace ON score_days (workspace_id, day);

CREATE TABLE cards (
  member_id      INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  question_id    TEXT    NOT NULL,
  due            INTEGER NOT NULL,
  stability      REAL    NOT NULL,
  difficulty     REAL    NOT NULL,
  elapsed_days   INTEGER NOT NULL,
  scheduled_days INTEGER NOT NULL,
  learning_steps INTEGER NOT NULL,
  reps           INTEGER NOT NULL,
  lapses         INTEGER NOT NULL,
  state          INTEGER NOT NULL,
  last_review    INTEGER,
  PRIMARY KEY (member_id, question_id)
) WITHOUT ROWID;
CREATE INDEX cards_by_due ON cards (member_id, due);

CREATE TABLE review_logs (
  id                INTEGER PRIMARY KEY,
  member_id         INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  question_id       TEXT    NOT NULL,
  rating            INTEGER NOT NULL,
  state             INTEGER NOT NULL,
  due               INTEGER NOT NULL,
  stability         REAL    NOT NULL,
  difficulty        REAL    NOT NULL,
  elapsed_days      INTEGER NOT NULL,
  last_elapsed_days INTEGER NOT NULL,
  scheduled_days    INTEGER NOT NULL,
  learning_steps    INTEGER NOT NULL,
  review            INTEGER NOT NULL
);
CREATE INDEX review_logs_by_member ON review_logs (member_id, review);

CREATE TABLE channel_schedules (
  workspace_id  INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  channel_id    TEXT    NOT NULL,
  local_time    TEXT    NOT NULL,
  timezone      TEXT    NOT NULL,
  days          TEXT    NOT NULL, -- JSON array of weekdays, 0 = Sunday
  topics        TEXT    NOT NULL, -- JSON array of topic or area ids; [] = whole deck
  paused        INTEGER NOT NULL DEFAULT 0,
  paused_reason TEXT,
  open_hours    INTEGER NOT NULL DEFAULT 12,
  next_run_at   INTEGER,
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, channel_id)
);
-- The minute tick asks "what is due?": only active schedules are in this index.
CREATE INDEX schedules_due ON channel_schedules (next_run_at) WHERE paused = 0;
