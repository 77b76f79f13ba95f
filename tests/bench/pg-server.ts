import type pg from "pg";
import { describePgUrl } from "../../src/store/pg-url.js";
import { adminQuery, startPostgres } from "../helpers/postgres-server.js";

/** The bench's PostgreSQL database: empty, not migrated, dropped (or its server stopped) after. */
export interface BenchPostgres {
  url: string;
  /** For the output: which server, and whether it is the bench's own. */
  where: string;
  stop(): Promise<void>;
}

/**
 * A fresh database on BENCH_DATABASE_URL (or TEST_DATABASE_URL) when one is set, else a
 * throwaway embedded server of our own (startPostgres, `durable`). Unlike the tests' server it
 * keeps PostgreSQL's durability defaults (fsync, full-page writes, synchronous commit): the
 * bench compares stores as a deployment would run them, and the tests' fsync=off would flatter
 * every commit.
 */
export async function benchPostgres(log: (line: string) => void): Promise<BenchPostgres> {
  const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (admin) return freshDatabase(admin);
  // The server's own log is noise in the bench's output; its errors are not.
  const errors = (line: string) => {
    if (/\b(ERROR|FATAL|PANIC)\b/.test(line)) log(`postgres: ${line}`);
  };
  const server = await startPostgres(errors, { durable: true });
  return {
    url: server.url,
    where: `an embedded server on 127.0.0.1:${server.port}, started for the bench`,
    stop: server.stop,
  };
}

/** How durable a commit is on this server, as its settings say, for the output. */
export async function pgDurability(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings
     WHERE name IN ('fsync', 'full_page_writes', 'synchronous_commit', 'wal_sync_method')
     ORDER BY name`,
  );
  const set = new Map(rows.map((r) => [r.name, r.setting]));
  const meaning =
    set.get("fsync") === "off"
      ? "nothing is flushed to disk, so a commit costs no flush (a machine crash may corrupt the data): not a deployment's cost"
      : set.get("synchronous_commit") === "off"
        ? "a commit does not wait for its WAL flush (as SQLite's synchronous=NORMAL: the last commits may be lost, nothing corrupts)"
        : "every commit waits until its WAL is flushed to disk";
  return `${rows.map((r) => `${r.name}=${r.setting}`).join(", ")}: ${meaning}`;
}

async function freshDatabase(admin: string): Promise<BenchPostgres> {
  const name = `studybot_bench_${process.pid}_${Date.now().toString(36)}`;
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    where: `${describePgUrl(url.toString())}, a database made for the bench`,
    stop: () => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
