-- Seasons: a workspace's leaderboard in periods (monthly by default; weekly or quarterly by an
-- admin's choice, with the day they start). Season points are summed from score_days, so a
-- change of length is safe; when a season ends its final standings are kept here, once (the
-- close is claimed by its key), and its winners announced through the outbox.

CREATE TABLE season_closes (
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  season_start TEXT    NOT NULL, -- UTC day, the first of the season
  season_end   TEXT    NOT NULL, -- UTC day, the first after it
  closed_at    INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, season_start)
) WITHOUT ROWID;

CREATE TABLE season_results (
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  season_start TEXT    NOT NULL,
  rank         INTEGER NOT NULL,
  member_id    INTEGER REFERENCES members (id) ON DELETE SET NULL,
  name         TEXT    NOT NULL, -- as it was when the season closed
  points       INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, season_start, member_id)
);
CREATE INDEX season_results_by_season ON season_results (workspace_id, season_start, rank);
