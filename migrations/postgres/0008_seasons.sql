-- Seasons (see migrations/sqlite/0012).
CREATE TABLE season_closes (
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  season_start TEXT   NOT NULL,
  season_end   TEXT   NOT NULL,
  closed_at    BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, season_start)
);

CREATE TABLE season_results (
  workspace_id BIGINT  NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  season_start TEXT    NOT NULL,
  rank         INTEGER NOT NULL,
  member_id    BIGINT  REFERENCES members (id) ON DELETE SET NULL,
  name         TEXT    NOT NULL,
  points       INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, season_start, member_id)
);
CREATE INDEX season_results_by_season ON season_results (workspace_id, season_start, rank);
