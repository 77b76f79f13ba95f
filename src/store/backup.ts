import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Db } from "./open.js";

/** Copies the live database to `file` with SQLite's online backup API: safe while the bot runs. */
export async function backupDatabase(db: Db, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  await db.backup(file);
}
