-- Workspaces that installed the app through the platform's install flow (Slack's "Add to
-- Slack"), each with its own bot token. `record` keeps the platform library's whole record
-- (JSON: tokens, scopes, bot user, refresh token), so nothing it needs back is lost. The
-- database holds these tokens: protect it (and its backups) as you would the tokens.
CREATE TABLE installations (
  platform        TEXT    NOT NULL,
  installation_id TEXT    NOT NULL, -- the team's id, or the enterprise's for an org install
  team_id         TEXT,
  enterprise_id   TEXT,
  bot_token       TEXT    NOT NULL,
  expires_at      INTEGER,          -- when the bot token expires (token rotation); NULL: never
  record          TEXT    NOT NULL,
  updated_at      INTEGER NOT NULL,
  PRIMARY KEY (platform, installation_id)
);
-- Tokens to refresh before they expire.
CREATE INDEX installations_expiring ON installations (platform, expires_at) WHERE expires_at IS NOT NULL;
