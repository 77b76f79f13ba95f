import pg from "pg";
import { inject } from "vitest";
import { migratePostgres } from "../../src/store/pg-migrate.js";
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

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
