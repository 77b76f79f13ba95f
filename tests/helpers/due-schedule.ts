import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open.js";

/**
 * A database whose channel schedule came due a minute ago, today: the bot's catch-up tick posts
 * it as soon as it starts (as after a restart), which gives the burst its question.
 */
export function prepareDueSchedule(
  path: string,
  platform: string,
  workspace: string,
  channel: string,
): void {
  const db = openDatabase(path);
  migrate(db);
  const now = Date.now();
  // A minute ago, but never yesterday: just after midnight UTC a slot a minute back would be on
  // the day before, whose post is skipped (no catch-up across days).
  const due = Math.max(now - 60_000, now - (now % 86_400_000));
  const { id } = db
    .prepare(
      "INSERT INTO workspaces (platform, external_id, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .get(platform, workspace, now) as { id: number };
  const time = new Date(due).toISOString().slice(11, 16);
  db.prepare(
    `INSERT INTO channel_schedules (workspace_id, channel_id, local_time, timezone, days, topics, paused, open_hours, next_run_at, updated_at)
     VALUES (?, ?, ?, 'UTC', '[0,1,2,3,4,5,6]', '[]', 0, 12, ?, ?)`,
  ).run(id, channel, time, due, now);
  db.close();
}
