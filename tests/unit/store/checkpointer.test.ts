import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Checkpointer } from "../../../src/store/checkpointer.js";
import { openDatabaseFrom } from "../../../src/store/database.js";
import { type Db, openDatabase } from "../../../src/store/open.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function database(): { path: string; db: Db } {
  const dir = mkdtempSync(join(tmpdir(), "studybot-checkpoint-"));
  dirs.push(dir);
  const path = join(dir, "c.db");
  const db = openDatabase(path);
  db.exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
  db.pragma("wal_checkpoint(TRUNCATE)");
  return { path, db };
}

/** Commits `pages` pages' worth of rows, one commit each, as answers do. */
function write(db: Db, pages: number): void {
  const insert = db.prepare("INSERT INTO blobs (data) VALUES (?)");
  for (let i = 0; i < pages; i++) insert.run(Buffer.alloc(3500, i % 256));
}

const fileSize = (path: string) => statSync(path).size;
const autocheckpoint = (db: Db) => Number(db.pragma("wal_autocheckpoint", { simple: true }));

describe("background checkpoints", () => {
  it("copies the WAL into the database file from the worker, not in the commits", async () => {
    const { path, db } = database();
    const checkpointer = new Checkpointer(db, path, undefined, 60_000);
    try {
      const before = fileSize(path);
      // 1,500 pages: past SQLite's own 1,000-page threshold, so a commit would have copied
      // them inline; with the checkpointer on, none does, and the file has not grown.
      write(db, 1500);
      expect(fileSize(path)).toBe(before);
      const report = await checkpointer.checkpointNow();
      expect(report.log).toBeGreaterThanOrEqual(1500);
      expect(report.checkpointed).toBe(report.log);
      expect(fileSize(path)).toBeGreaterThan(before + 1500 * 3500);
      // Every row is readable after the copy, as before it.
      expect(db.prepare("SELECT COUNT(*) FROM blobs").pluck().get()).toBe(1500);
      // Nothing changed since: the next look copies nothing.
      expect(await checkpointer.checkpointNow()).toEqual({ log: 0, checkpointed: 0 });
    } finally {
      await checkpointer.stop();
      db.close();
    }
  });

  it("keeps an inline checkpoint only as a safety net, and SQLite's own once stopped", async () => {
    const { path, db } = database();
    const checkpointer = new Checkpointer(db, path);
    expect(autocheckpoint(db)).toBe(20_000);
    await checkpointer.stop();
    expect(autocheckpoint(db)).toBe(1000);
    db.close();
  });

  it("goes back to inline checkpoints, with a warning, when the worker fails", async () => {
    const { db } = database();
    const warnings: string[] = [];
    const logger = {
      debug() {},
      info() {},
      warn: (_: Record<string, unknown>, message: string) => warnings.push(message),
      error() {},
    };
    // The database file goes away under the worker: its connection cannot open.
    const missing = join(dirs[0]!, "gone.db");
    const checkpointer = new Checkpointer(db, missing, logger);
    await expect.poll(() => warnings.length, { timeout: 10_000 }).toBe(1);
    expect(warnings[0]).toMatch(/background checkpoints stopped/);
    expect(autocheckpoint(db)).toBe(1000);
    await checkpointer.stop();
    db.close();
  });

  it("never holds a process open that forgot to stop it", () => {
    const { path, db } = database();
    db.close();
    const script = [
      `import { Checkpointer } from ${JSON.stringify(new URL("../../../src/store/checkpointer.ts", import.meta.url).pathname)};`,
      `import { openDatabase } from ${JSON.stringify(new URL("../../../src/store/open.ts", import.meta.url).pathname)};`,
      `new Checkpointer(openDatabase(${JSON.stringify(path)}), ${JSON.stringify(path)});`,
      `console.log("started");`,
    ].join("\n");
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect(child.stderr).toBe("");
    expect(child.stdout.trim()).toBe("started");
    expect(child.signal).toBeNull(); // not killed by the timeout: it ended by itself
    expect(child.status).toBe(0);
  });

  it("runs for a bot's database when asked, and stops when it closes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "studybot-checkpoint-"));
    dirs.push(dir);
    const opened = await openDatabaseFrom({ DATABASE_PATH: join(dir, "bot.db") }, undefined, {
      backgroundCheckpoints: true,
    });
    expect(opened.checkpointer).toBeDefined();
    expect(autocheckpoint(opened.sqlite!)).toBe(20_000);
    await opened.close();
    const plain = await openDatabaseFrom({ DATABASE_PATH: join(dir, "cli.db") });
    expect(plain.checkpointer).toBeUndefined();
    await plain.close();
  });
});
