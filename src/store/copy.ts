import type pg from "pg";
import { migrate } from "./migrate.js";
import { DatabaseError, type Db } from "./open.js";
import { migratePostgres } from "./pg-migrate.js";

/** Every table of the schema, parents before the rows that point at them. */
const TABLES = [
  "workspaces",
  "teams",
  "members",
  "live_rounds",
  "live_players",
  "reminders",
  "quiz_sessions",
  "asks",
  "answers",
  "score_days",
  "cards",
  "review_logs",
  "channel_schedules",
  "channel_posts",
  "outbox",
  "exam_results",
  "installations",
  "question_reports",
  "workspace_settings",
  "channel_decks",
  "season_closes",
  "season_results",
] as const;

/** Tables whose ids are identities: their sequences move past the ids the copy brought. */
const WITH_IDENTITY = [
  "workspaces",
  "teams",
  "members",
  "answers",
  "review_logs",
  "channel_posts",
  "outbox",
  "exam_results",
  "question_reports",
];

/** PostgreSQL takes at most 65,535 parameters a statement; rows go in batches well below it. */
const MAX_PARAMS = 30_000;

export interface CopyReport {
  /** Rows copied, per table, in copy order. */
  tables: { table: string; rows: number }[];
}

/**
 * Copies a SQLite database into an empty PostgreSQL one: `studybot db copy --to postgres://…`.
 * Both schemas are brought to the latest version first (the copy moves rows, not schemas); the
 * target must hold no rows, so a copy never merges into live data. SQLite is read inside one
 * read transaction (a consistent snapshot, even with the bot running), and everything is written
 * in one PostgreSQL transaction: a failed copy leaves the target empty. Ids are kept, so every
 * reference stays right, and the identity sequences move on past them.
 */
export async function copySqliteToPostgres(source: Db, target: pg.Pool): Promise<CopyReport> {
  migrate(source);
  await migratePostgres(target);
  assertKnownTables(source);
  const client = await target.connect();
  try {
    await assertEmpty(client);
    source.exec("BEGIN");
    const tables: CopyReport["tables"] = [];
    try {
      await client.query("BEGIN");
      for (const table of TABLES) {
        tables.push({ table, rows: await copyTable(source, client, table) });
      }
      for (const table of WITH_IDENTITY) {
        await client.query(
          `SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce(max(id), 0) + 1, false) FROM ${table}`,
        );
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      source.exec("COMMIT");
    }
    return { tables };
  } finally {
    client.release();
  }
}

/** A table the copy does not know would be left behind without a word: refuse instead. */
function assertKnownTables(source: Db): void {
  const known = new Set<string>([...TABLES, "schema_migrations"]);
  const tables = source
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  const unknown = tables.filter((t) => !known.has(t));
  if (unknown.length > 0) {
    throw new DatabaseError(
      `db copy does not know the table(s) ${unknown.join(", ")} of the SQLite database, and copies nothing rather than leave them behind (a bug: please report it).`,
    );
  }
}

async function assertEmpty(client: pg.PoolClient): Promise<void> {
  for (const table of TABLES) {
    const { rowCount } = await client.query(`SELECT 1 FROM ${table} LIMIT 1`);
    if (rowCount) {
      throw new DatabaseError(
        `The PostgreSQL database already has data (table ${table} is not empty): db copy only fills an empty database. Create a new one (createdb), or empty this one first.`,
      );
    }
  }
}

/** One table's rows, in SQLite's insertion order, in batches of multi-row INSERTs. */
async function copyTable(source: Db, client: pg.PoolClient, table: string): Promise<number> {
  const columns = (source.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
  const perRow = columns.length;
  const batch = Math.max(1, Math.floor(MAX_PARAMS / perRow));
  // rowid order is insertion order: asks get their PostgreSQL `seq` in the order SQLite had them.
  // Tables WITHOUT ROWID (cards, score_days) have no such order, and need none.
  const withoutRowid =
    source.prepare("SELECT wr FROM pragma_table_list WHERE name = ?").pluck().get(table) === 1;
  const order = withoutRowid ? "" : " ORDER BY rowid";
  const rows = source.prepare(`SELECT ${columns.join(", ")} FROM ${table}${order}`).raw();
  let copied = 0;
  let pending: unknown[][] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const values = pending
      .map((_, r) => `(${columns.map((_, c) => `$${r * perRow + c + 1}`).join(", ")})`)
      .join(", ");
    await client.query(
      `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${values}`,
      pending.flat(),
    );
    copied += pending.length;
    pending = [];
  };
  for (const row of rows.iterate() as Iterable<unknown[]>) {
    pending.push(row);
    if (pending.length >= batch) await flush();
  }
  await flush();
  return copied;
}
