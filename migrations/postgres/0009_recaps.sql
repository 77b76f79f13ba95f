-- The weekly recap (see migrations/sqlite/0013).
ALTER TABLE channel_schedules ADD COLUMN recap_on INTEGER NOT NULL DEFAULT 1;
ALTER TABLE channel_schedules ADD COLUMN recap_day INTEGER NOT NULL DEFAULT 1;
ALTER TABLE channel_schedules ADD COLUMN recap_time TEXT;
ALTER TABLE channel_schedules ADD COLUMN next_recap_at BIGINT;
