import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type pg from "pg";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open.js";
import { migratePostgres } from "../../src/store/pg-migrate.js";
import { createPgPool } from "../../src/store/pg-pool.js";
import type { StoreKind } from "../helpers/bot.js";
import { freshPostgresDatabase } from "../helpers/postgres.js";

/**
 * One database that several bot processes share, and a connection of the test's own to read and
 * write it with plain SQL (`?` placeholders, the same on both stores).
 */
export interface SharedDatabase {
  kind: StoreKind;
  /** The settings that point a bot process at it. */
  env: Record<string, string>;
  rows<R = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/** A migrated, empty database of either kind: a SQLite file, or a PostgreSQL database. */
export async function sharedDatabase(kind: StoreKind): Promise<SharedDatabase> {
  if (kind === "sqlite") {
    const path = join(mkdtempSync(join(tmpdir(), "studybot-shared-")), "shared.db");
    const db = openDatabase(path);
    migrate(db);
    return {
      kind,
      env: { DATABASE_PATH: path },
      rows: async <R>(sql: string, ...params: unknown[]) => {
        const statement = db.prepare(sql);
        // A statement that returns rows (SELECT, or RETURNING) is read; any other is run.
        return (statement.reader ? statement.all(...params) : [statement.run(...params)]) as R[];
      },
      close: async () => {
        db.close();
      },
    };
  }
  const database = await freshPostgresDatabase({ migrated: false });
  const pool: pg.Pool = createPgPool({ url: database.url, max: 2 });
  await migratePostgres(pool);
  return {
    kind,
    env: { DATABASE_URL: database.url },
    async rows<R>(sql: string, ...params: unknown[]) {
      let n = 0;
      const result = await pool.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      );
      return result.rows as R[];
    },
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}

/**
 * A channel schedule that came due a minute ago, today: each bot's catch-up tick plans it as
 * soon as it starts (as after a restart). Returns the workspace's id.
 */
export async function addDueSchedule(
  db: SharedDatabase,
  platform: string,
  workspace: string,
  channel: string,
): Promise<number> {
  const now = Date.now();
  // A minute ago, but never yesterday (just after midnight UTC a slot a minute back would be on
  // the day before, whose post is skipped).
  const due = Math.max(now - 60_000, now - (now % 86_400_000));
  const [{ id }] = (await db.rows<{ id: number }>(
    "INSERT INTO workspaces (platform, external_id, created_at) VALUES (?, ?, ?) RETURNING id",
    platform,
    workspace,
    now,
  )) as [{ id: number }];
  await db.rows(
    `INSERT INTO channel_schedules (workspace_id, channel_id, local_time, timezone, days, topics, paused, open_hours, next_run_at, updated_at)
     VALUES (?, ?, ?, 'UTC', '[0,1,2,3,4,5,6]', '[]', 0, 12, ?, ?)`,
    id,
    channel,
    new Date(due).toISOString().slice(11, 16),
    due,
    now,
  );
  return Number(id);
}

/**
 * Yesterday's question in the channel, posted and closed an hour ago, its reveal not yet queued:
 * the first tick of any bot queues and sends the reveal.
 */
export async function addClosedQuestion(
  db: SharedDatabase,
  workspaceId: number,
  channel: string,
  question: { id: string; options: readonly unknown[] },
): Promise<void> {
  const now = Date.now();
  const closesAt = now - 3_600_000;
  // Asked on the day before today (UTC), however late today it is: 13 hours back is still
  // today after 13:00, and a post dated today would stand in for today's question.
  const startOfToday = now - (now % 86_400_000);
  const askedAt = Math.min(closesAt - 12 * 3_600_000, startOfToday - 60_000);
  const askId = `closed${workspaceId}`;
  await db.rows(
    `INSERT INTO asks (id, workspace_id, member_id, channel_id, session_id, question_id, option_order, asked_at, closes_at)
     VALUES (?, ?, NULL, ?, NULL, ?, ?, ?, ?)`,
    askId,
    workspaceId,
    channel,
    question.id,
    JSON.stringify(question.options.map((_, i) => i)),
    askedAt,
    closesAt,
  );
  const yesterday = new Date(askedAt).toISOString().slice(0, 10);
  await db.rows(
    `INSERT INTO channel_posts (workspace_id, channel_id, local_date, kind, ask_id, state, claimed_by, claimed_at, message_ref, posted_at, closes_at)
     VALUES (?, ?, ?, 'scheduled', ?, 'posted', 'yesterday', ?, 'old-message', ?, ?)`,
    workspaceId,
    channel,
    yesterday,
    askId,
    askedAt,
    askedAt,
    closesAt,
  );
}
