import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { takeBackup } from "../../../src/app/backups.js";
import { migrate } from "../../../src/store/migrate.js";
import { openDatabase } from "../../../src/store/open.js";

describe("backups", () => {
  it("copies the live database and keeps only the newest N", async () => {
    const dir = mkdtempSync(join(tmpdir(), "studybot-backups-"));
    const db = openDatabase(join(dir, "live.db"));
    migrate(db);
    db.prepare(
      "INSERT INTO workspaces (platform, external_id, created_at) VALUES ('test', 'w1', 0)",
    ).run();
    const backups = join(dir, "backups");
    await takeBackup(db, backups, 2, new Date("2026-11-28T01:00:00Z"));
    await takeBackup(db, backups, 2, new Date("2026-11-28T02:00:00Z"));
    const newest = await takeBackup(db, backups, 2, new Date("2026-11-28T03:00:00Z"));
    expect(readdirSync(backups).sort()).toEqual([
      "studybot-20261128T020000Z.db",
      "studybot-20261128T030000Z.db",
    ]);
    const copy = openDatabase(newest);
    expect(copy.prepare("SELECT external_id FROM workspaces").pluck().all()).toEqual(["w1"]);
    expect(migrate(copy).applied).toEqual([]);
  });
});
