-- Several decks: the deck a channel studies (an admin's `deck <id>`), and the deck a member chose
-- for private study (`deck use <id>`). Neither set: the default deck. Cards, answers and points
-- need no change: topic and question ids are unique across decks, so each names its deck, and a
-- card that moved to another deck (the Well-Architected cards did) keeps its schedule.

CREATE TABLE channel_decks (
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  channel_id   TEXT    NOT NULL,
  deck_id      TEXT    NOT NULL,
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, channel_id)
) WITHOUT ROWID;

ALTER TABLE members ADD COLUMN deck_id TEXT;
