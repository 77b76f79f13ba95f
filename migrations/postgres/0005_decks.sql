-- Several decks (see migrations/sqlite/0009): a channel's deck, and a member's own choice.

CREATE TABLE channel_decks (
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  channel_id   TEXT   NOT NULL,
  deck_id      TEXT   NOT NULL,
  updated_at   BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, channel_id)
);

ALTER TABLE members ADD COLUMN deck_id TEXT;
