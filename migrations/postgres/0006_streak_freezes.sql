-- Streak freezes (see migrations/sqlite/0010).
ALTER TABLE members ADD COLUMN freezes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN freezes_used INTEGER NOT NULL DEFAULT 0;
