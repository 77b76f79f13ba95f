import { fork } from "node:child_process";
import pg from "pg";
import {
  SEED_TABLES,
  type SeedQuestion,
  type SeedShape,
  type SeedSink,
  type SeedTable,
  type SeedValue,
} from "./seed.js";

/** Rows one COPY carries. */
const BATCH = 10_000;
/** Rounds (a COPY of every table with rows) queued but not done: one loads while one is made. */
const IN_FLIGHT = 1;
/** The seed's tables whose ids it gives: their identity sequences move past them after. */
const GIVEN_IDS = ["workspaces", "teams", "members"] as const;

/**
 * Seeded rows into a migrated PostgreSQL database, over a connection of its own, in one
 * transaction, by COPY (PostgreSQL's bulk load: about half the server's work per row of
 * multi-row INSERTs, and a quarter of this process's). The server loads one round of COPYs
 * while this process makes the next.
 *
 * The rows are consistent by construction (the same rows pass SQLite's foreign-key checks), so
 * when the role may, the load skips foreign-key triggers (session_replication_role = replica);
 * otherwise every round sends parents first and the server checks them all. Rows that replace
 * others (`replace`) go through a staging table and an upsert.
 */
export async function pgSeedSink(url: string): Promise<SeedSink> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("BEGIN");
  await client.query("SAVEPOINT role");
  try {
    await client.query("SET LOCAL session_replication_role = replica");
    await client.query("RELEASE SAVEPOINT role");
  } catch {
    await client.query("ROLLBACK TO SAVEPOINT role");
  }

  const tables = Object.keys(SEED_TABLES) as SeedTable[];
  // In SEED_TABLES order, replacing rows after the plain ones: parents always go first.
  const buffers = [false, true].flatMap((replace) =>
    tables.map((table) => ({ table, replace, lines: [] as string[] })),
  );
  const plain = new Map(buffers.filter((b) => !b.replace).map((b) => [b.table, b]));
  const replacing = new Map(buffers.filter((b) => b.replace).map((b) => [b.table, b]));
  const rounds: Promise<void>[] = [];
  let failed: unknown = null;
  // One statement at a time on the connection: each goes out when the one before is done.
  let last = Promise.resolve();
  const send = (work: () => Promise<unknown>) => {
    last = last
      .then(async () => {
        if (!failed) await work();
      })
      .catch((error: unknown) => {
        failed ??= error;
      });
  };
  const flush = () => {
    for (const b of buffers) {
      if (b.lines.length === 0) continue;
      const { columns, key } = SEED_TABLES[b.table];
      const data = `${b.lines.join("\n")}\n`;
      b.lines = [];
      const list = columns.join(", ");
      if (!b.replace) {
        send(() => copyIn(client, `COPY ${b.table} (${list}) FROM STDIN`, data));
        continue;
      }
      const update = columns
        .filter((c) => !(key as readonly string[]).includes(c))
        .map((c) => `${c} = excluded.${c}`);
      send(async () => {
        await client.query(`CREATE TEMP TABLE seed_staging (LIKE ${b.table}) ON COMMIT DROP`);
        await copyIn(client, `COPY seed_staging (${list}) FROM STDIN`, data);
        await client.query(
          `INSERT INTO ${b.table} (${list}) SELECT ${list} FROM seed_staging
           ON CONFLICT (${key.join(", ")}) DO UPDATE SET ${update.join(", ")}`,
        );
        await client.query("DROP TABLE seed_staging");
      });
    }
    rounds.push(last);
  };
  const check = () => {
    if (failed) throw failed;
  };

  return {
    add(table: SeedTable, row: SeedValue[], replace = false) {
      const b = (replace ? replacing : plain).get(table)!;
      b.lines.push(row.map(copyText).join("\t"));
      if (b.lines.length >= BATCH) flush();
    },
    async ready() {
      // A turn of the event loop, so replies are read and the next COPY goes out while the
      // caller makes rows (awaiting a settled promise alone would not read the socket).
      await new Promise((resolve) => setImmediate(resolve));
      while (rounds.length > IN_FLIGHT) await rounds.shift();
      check();
    },
    async done() {
      try {
        flush();
        await last;
        check();
        await client.query("COMMIT");
        for (const table of GIVEN_IDS) {
          await client.query(
            `SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce(max(id), 0) + 1, false) FROM ${table}`,
          );
        }
        // Settle what a fresh load leaves to do, so none of it lands in a measurement: statistics,
        // visibility maps (else autovacuum starts mid-bench), and dirty pages (a checkpoint).
        await client.query("VACUUM (ANALYZE)");
        await client.query("CHECKPOINT").catch(() => {});
      } finally {
        await client.end();
      }
    },
  };
}

/** A value in COPY's text format: \N for NULL; backslash, tab and line breaks escaped. */
function copyText(value: SeedValue): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => ({ "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c] ?? "\\\\")
    : value;
}

/** What pg hands the statement it is running, as far as a COPY needs it. */
interface CopyConnection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * `COPY … FROM STDIN` with `data`, on pg's own connection: pg runs any object with `submit` as a
 * statement and hands it the server's replies (what the pg-copy-streams package does, without it).
 */
function copyIn(client: pg.Client, sql: string, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let error: Error | null = null;
    client.query({
      submit: (connection: pg.Connection) => connection.query(sql),
      handleCopyInResponse(connection: CopyConnection) {
        connection.sendCopyFromChunk(Buffer.from(data));
        connection.endCopyFrom();
      },
      handleCommandComplete() {},
      handleError(e: Error) {
        error = e;
        reject(e);
      },
      handleReadyForQuery() {
        if (!error) resolve();
      },
    });
  });
}

/**
 * Seeds PostgreSQL in a child process (pg-seed-child.ts) while this one goes on, with the same
 * rows `seed()` makes here for another store from the same questions.
 */
export function seedPostgresInChild(
  url: string,
  questions: readonly SeedQuestion[],
  shape: SeedShape,
): Promise<{ members: number; answers: number }> {
  const child = fork(new URL("./pg-seed-child.ts", import.meta.url), {
    stdio: ["pipe", "inherit", "inherit", "ipc"],
  });
  child.stdin!.end(
    JSON.stringify({
      url,
      questions: questions.map(({ id, difficulty }) => ({ id, difficulty })),
      shape: { ...shape, now: shape.now.toISOString() },
    }),
  );
  return new Promise((resolve, reject) => {
    let seeded: { members: number; answers: number } | undefined;
    child.on("message", (message: { members: number; answers: number }) => {
      seeded = message;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0 && seeded) resolve(seeded);
      else reject(new Error(`seeding PostgreSQL failed (the seed process exited with ${code})`));
    });
  });
}
