import { afterEach, inject } from "vitest";
import { migratePostgres } from "../../src/store/pg-migrate.js";
import { adminQuery } from "./postgres-server.js";

export { adminQuery };

import { createPgPool } from "../../src/store/pg-pool.js";

let made = 0;

/**
 * A new, empty database on the tests' PostgreSQL server (tests/setup/postgres.ts), for one test
 * or one file: its URL, and `drop()` to remove it (connections to it are closed first).
 */
export async function freshPostgresDatabase(
  options: { migrated?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = inject("postgresUrl");
  const name = `studybot_${process.pid}_${Date.now().toString(36)}_${++made}`;
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  if (options.migrated !== false) {
    const pool = createPgPool({ url: url.toString(), max: 1 });
    try {
      await migratePostgres(pool);
    } finally {
      await pool.end();
    }
  }
  return {
    url: url.toString(),
    drop: () => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * Undoing after each test of the file (pools to end, databases to drop, servers to stop), last
 * first; returns `defer`, and `database`, a fresh database dropped after the test.
 */
export function cleanedUpAfterEach() {
  let cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    cleanups = [];
  });
  const defer = (cleanup: () => Promise<void>) => {
    cleanups.push(cleanup);
  };
  const database = async (options: { migrated?: boolean } = {}) => {
    const made = await freshPostgresDatabase(options);
    defer(() => made.drop());
    return made;
  };
  return { defer, database };
}
