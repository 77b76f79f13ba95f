import { migrate } from "../../../src/store/migrate.js";
import { openDatabase } from "../../../src/store/open.js";

/**
 * A database whose one channel schedule came due a minute ago: Studybot's catch-up tick posts
 * that day's question as soon as it starts, which gives every burst its one channel post. As
 * tests/load/bot-process.ts prepares it (that module registers vitest hooks, so it is not
 * imported outside vitest).
 */
export function seedDueQuestion(
  path: string,
  platform: string,
  workspace: string,
  channel: string,
): void {
  const db = openDatabase(path);
  migrate(db);
  const now = Date.now();
  // A minute ago but never yesterday: a post missed on the day before is not caught up.
  const due = Math.max(now - 60_000, now - (now % 86_400_000));
  const { id } = db
    .prepare(
      "INSERT INTO workspaces (platform, external_id, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .get(platform, workspace, now) as { id: number };
  db.prepare(
    `INSERT INTO channel_schedules (workspace_id, channel_id, local_time, timezone, days, topics, paused, open_hours, next_run_at, updated_at)
     VALUES (?, ?, ?, 'UTC', '[0,1,2,3,4,5,6]', '[]', 0, 12, ?, ?)`,
  ).run(id, channel, new Date(due).toISOString().slice(11, 16), due, now);
  db.close();
}
