import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { checkHealth } from "../../../src/app/health.js";
import { sqliteHealth } from "../../../src/store/database.js";
import { migrate } from "../../../src/store/migrate.js";
import { type Db, openDatabase } from "../../../src/store/open.js";

function health(db: Db) {
  return sqliteHealth(db);
}

/** A real database file, migrated, and its path. */
function liveDatabase(): { db: Db; path: string } {
  const path = join(mkdtempSync(join(tmpdir(), "studybot-health-")), "s.db");
  const db = openDatabase(path);
  migrate(db);
  return { db, path };
}

describe("the /healthz database check", () => {
  it("reports a database that answers reads but can no longer be written", () => {
    const { db, path } = liveDatabase();
    expect(health(db)).toEqual({ ok: true, detail: "writable" });
    // SQLite refuses every write on this connection, as it does for a read-only file or mount;
    // a read (today's SELECT 1) still succeeds.
    const readOnly = new Database(path, { readonly: true });
    expect(readOnly.prepare("SELECT count(*) FROM workspaces").pluck().get()).toBe(0);
    expect(health(readOnly)).toEqual({
      ok: false,
      detail: "not writable: attempt to write a readonly database",
    });
    readOnly.close();
    db.close();
  });

  it("changes nothing: the schema version stays, and an open batch is left alone", () => {
    const { db } = liveDatabase();
    const version = db.pragma("user_version", { simple: true });
    // A group-commit batch in progress: the check must neither commit nor roll it back.
    db.exec("BEGIN IMMEDIATE");
    db.prepare(
      "INSERT INTO workspaces (platform, external_id, created_at) VALUES ('test', 'w1', 0)",
    ).run();
    expect(health(db)?.ok).toBe(true);
    expect(db.inTransaction).toBe(true);
    db.exec("ROLLBACK");
    expect(health(db)?.ok).toBe(true);
    expect(db.pragma("user_version", { simple: true })).toBe(version);
    expect(db.prepare("SELECT count(*) FROM workspaces").pluck().get()).toBe(0);
    db.close();
  });
});

describe("/healthz by role", () => {
  const database = async () => ({ ok: true, detail: "writable" });
  const now = () => new Date("2026-11-28T10:00:00Z");

  it("checks the scheduler only where it runs (SCHEDULER=off has none to be stuck)", async () => {
    const off = await checkHealth({ database, adapters: [], now });
    expect(Object.keys(off.checks)).toEqual(["database"]);
    expect(off.ok).toBe(true);
    const stuck = await checkHealth({ database, adapters: [], lastTickAt: () => undefined, now });
    expect(stuck.checks.scheduler).toEqual({ ok: false, detail: "has not ticked yet" });
    expect(stuck.ok).toBe(false);
  });
});
