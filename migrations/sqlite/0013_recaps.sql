-- The weekly recap of a channel with a daily question: on by default, Mondays at the schedule's
-- time; an admin chooses the day and time (`setup recap mon 09:00`) or turns it off.
ALTER TABLE channel_schedules ADD COLUMN recap_on INTEGER NOT NULL DEFAULT 1;
ALTER TABLE channel_schedules ADD COLUMN recap_day INTEGER NOT NULL DEFAULT 1;
ALTER TABLE channel_schedules ADD COLUMN recap_time TEXT; -- NULL: the schedule's own time
ALTER TABLE channel_schedules ADD COLUMN next_recap_at INTEGER;
