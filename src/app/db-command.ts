import { backupDatabase } from "../store/backup.js";
import { copySqliteToPostgres } from "../store/copy.js";
import { openDatabaseFrom } from "../store/database.js";
import { openDatabase } from "../store/open.js";
import { connectPgPool } from "../store/pg-pool.js";
import { describePgUrl, isPostgresUrl } from "../store/pg-url.js";
import type { Config } from "./config.js";
import { DB_HELP } from "./db-help.js";

/** How to back up PostgreSQL, where `db backup` (SQLite's online backup) does not apply. */
export function pgDumpAdvice(url: string): string {
  return (
    `DATABASE_URL points at PostgreSQL (${describePgUrl(url)}), and db backup copies a SQLite file. ` +
    `Back up PostgreSQL with pg_dump, safe while the bot runs:\n` +
    `  pg_dump --format=custom --file=studybot.dump "$DATABASE_URL"\n` +
    `and restore into an empty database with:\n` +
    `  pg_restore --dbname="$DATABASE_URL" studybot.dump`
  );
}

/** `studybot db …`: returns the exit code; refusals are one line on stderr. */
export async function dbCommand(
  config: Config,
  args: string[],
  options: { to?: string | undefined },
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const [action, file] = args;
  if (action === "migrate") return migrateCommand(config, out);
  if (action === "backup" && file) {
    if (isPostgresUrl(config.DATABASE_URL)) {
      err.write(`${pgDumpAdvice(config.DATABASE_URL)}\n`);
      return 2;
    }
    // A backup copies what is there: it never creates a database, and it only reads; nor
    // does it change the schema under a running bot.
    const db = openDatabase(config.DATABASE_PATH, { mustExist: true, forWriting: false });
    try {
      await backupDatabase(db, file);
    } finally {
      db.close();
    }
    out.write(`Backed up ${config.DATABASE_PATH} to ${file}\n`);
    return 0;
  }
  if (action === "copy") return copyCommand(config, options.to, out, err);
  err.write(`${DB_HELP}\n`);
  return 2;
}

async function migrateCommand(config: Config, out: NodeJS.WritableStream): Promise<number> {
  const database = await openDatabaseFrom(config);
  try {
    const result = await database.migrate();
    out.write(
      result.applied.length > 0
        ? `Migrated ${database.where} from version ${result.from} to ${result.to}: ${result.applied.join(", ")}\n`
        : `${database.where} is up to date (version ${result.to}).\n`,
    );
  } finally {
    await database.close();
  }
  return 0;
}

async function copyCommand(
  config: Config,
  to: string | undefined,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  if (!isPostgresUrl(to)) {
    err.write(
      "studybot db copy needs --to postgres://user:password@host:5432/database (an empty database).\n",
    );
    return 2;
  }
  const target = await connectPgPool({ url: to, max: 1 });
  let source: ReturnType<typeof openDatabase> | undefined;
  try {
    source = openDatabase(config.DATABASE_PATH, { mustExist: true });
    const report = await copySqliteToPostgres(source, target);
    const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
    out.write(
      `Copied ${rows} rows from ${config.DATABASE_PATH} to ${describePgUrl(to)}:\n` +
        report.tables.map((t) => `  ${t.table.padEnd(18)} ${t.rows}`).join("\n") +
        "\nSet DATABASE_URL to this database to run the bot on it.\n",
    );
    return 0;
  } finally {
    await target.end();
    source?.close();
  }
}
