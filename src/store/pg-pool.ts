import pg from "pg";
import { messageOf } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { DatabaseError } from "./open.js";
import { describePgUrl } from "./pg-url.js";

export interface PgPoolOptions {
  url: string;
  /** Connections at most: every unit of work holds one while it runs. */
  max?: number;
  /** A statement running longer is cancelled by the server (and its unit fails). */
  statementTimeoutMs?: number;
  logger?: Logger;
}

/** One statement, or the start of one: what both a pool and a unit's connection can run. */
export type Query = <R extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  params?: readonly unknown[],
) => Promise<pg.QueryResult<R>>;

/**
 * BIGINT (instants in ms, ids, COUNT) comes back as a JS number: every value we keep fits in
 * 2^53, and the row mappers are shared with SQLite, which returns numbers.
 */
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8 && format !== "binary"
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

/**
 * A bounded pool. A connection that breaks while idle (the server restarted) is dropped by the
 * pool and the next unit connects again; the error is logged here, since an unhandled 'error'
 * event would end the process. Statement and idle-in-transaction timeouts are set per
 * connection, so a stuck statement or a unit that never ends cannot hold a connection forever.
 */
export function createPgPool(options: PgPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    idle_in_transaction_session_timeout: 60_000,
    application_name: "studybot",
    types,
  });
  pool.on("error", (error) => {
    options.logger?.warn(
      { err: error.message },
      "a PostgreSQL connection broke while idle; it will be replaced",
    );
  });
  // The pool listens for errors only on idle connections. One that breaks while checked out (a
  // unit of work under way when the server restarts) emits 'error' on its client: without a
  // listener that would end the process. The statement running on it fails on its own.
  pool.on("connect", (client) => {
    client.on("error", (error) => {
      options.logger?.warn(
        { err: error.message },
        "a PostgreSQL connection broke while in use; its work fails and is not retried",
      );
    });
  });
  return pool;
}

/**
 * A pool that has connected once: a wrong URL or a server that is down fails here, at start-up,
 * with one line (`explainPgError`), not at the first request.
 */
export async function connectPgPool(options: PgPoolOptions): Promise<pg.Pool> {
  const pool = createPgPool(options);
  try {
    await pool.query("SELECT 1");
    return pool;
  } catch (error) {
    await pool.end().catch(() => {});
    throw explainPgError(options.url, error);
  }
}

/** What a connection failure means for the URL (password never shown), and what to do. */
export function explainPgError(url: string, error: unknown): DatabaseError {
  const where = describePgUrl(url);
  const code = (error as { code?: string } | null)?.code ?? "";
  const reason = messageOf(error);
  const fix = "Check DATABASE_URL and that the server is running.";
  if (code === "ECONNREFUSED") {
    return new DatabaseError(
      `Cannot connect to PostgreSQL at ${where}: nothing is listening. ${fix}`,
    );
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new DatabaseError(
      `Cannot connect to PostgreSQL at ${where}: the host is unknown. ${fix}`,
    );
  }
  if (code === "28P01" || code === "28000") {
    return new DatabaseError(
      `PostgreSQL at ${where} refused the login: ${reason}. Check the user and password in DATABASE_URL.`,
    );
  }
  if (code === "3D000") {
    return new DatabaseError(
      `PostgreSQL at ${where}: ${reason}. Create it first (createdb), or fix the name in DATABASE_URL.`,
    );
  }
  return new DatabaseError(`Cannot use PostgreSQL at ${where}: ${reason}. ${fix}`);
}
