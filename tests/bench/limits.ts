import { rmSync } from "node:fs";
import { join } from "node:path";
import type pg from "pg";
import { openDatabase } from "../../src/store/open.js";

/** The machine's own limit for a write: single-row autocommit inserts with our SQLite settings. */
export function bareInsertRate(dir: string, rows = 50_000): number {
  const file = join(dir, "bare.db");
  const db = openDatabase(file);
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT)");
  const insert = db.prepare("INSERT INTO t (a, b) VALUES (?, ?)");
  for (let i = 0; i < 2000; i++) insert.run(i, "warm-up");
  const started = performance.now();
  for (let i = 0; i < rows; i++) insert.run(i, "row");
  const seconds = (performance.now() - started) / 1000;
  db.close();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  return rows / seconds;
}

/**
 * How a bare PostgreSQL insert is sent: alone (autocommit, as the store's own calls go); as
 * the store runs a unit (a pooled connection, BEGIN SERIALIZABLE, the INSERT, COMMIT: three
 * round trips); or alone with synchronous_commit off, which keeps about what SQLite's
 * synchronous=NORMAL keeps through a power cut (the last commits may be lost, nothing corrupt).
 */
export type PgInsertMode = "autocommit" | "serializable unit" | "synchronous_commit=off";

/**
 * PostgreSQL's limit for a write: one-row inserts through the bench's pool, one at a time; up
 * to `rows` of them, or as many as `maxMs` allows (at least 50).
 */
export async function pgBareInsertRate(
  pool: pg.Pool,
  mode: PgInsertMode,
  rows: number,
  maxMs = 400,
): Promise<number> {
  await pool.query(
    "CREATE TABLE bench_bare (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a INTEGER, b TEXT)",
  );
  const sql = "INSERT INTO bench_bare (a, b) VALUES ($1, $2)";
  const client = mode === "synchronous_commit=off" ? await pool.connect() : null;
  const insert: (i: number) => Promise<unknown> = client
    ? (i) => client.query(sql, [i, "row"])
    : mode === "autocommit"
      ? (i) => pool.query(sql, [i, "row"])
      : async (i) => {
          const unit = await pool.connect();
          try {
            await unit.query("BEGIN ISOLATION LEVEL SERIALIZABLE");
            await unit.query(sql, [i, "row"]);
            await unit.query("COMMIT");
          } finally {
            unit.release();
          }
        };
  try {
    await client?.query("SET synchronous_commit = off");
    for (let i = 0; i < Math.min(50, rows); i++) await insert(i);
    const started = performance.now();
    let done = 0;
    while (done < rows && (done < 50 || performance.now() - started < maxMs)) await insert(done++);
    return done / ((performance.now() - started) / 1000);
  } finally {
    if (client) {
      await client.query("RESET synchronous_commit");
      client.release();
    }
    await pool.query("DROP TABLE bench_bare");
  }
}
