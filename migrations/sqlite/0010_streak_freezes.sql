-- Streak freezes: a member earns one for every 7 days of streak (holding at most 2); a missed
-- day uses one, when they next answer, so the streak goes on (a frozen day adds no day to it).
ALTER TABLE members ADD COLUMN freezes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN freezes_used INTEGER NOT NULL DEFAULT 0;
