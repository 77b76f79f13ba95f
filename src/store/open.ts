import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

export type Db = Database.Database;
export type Statement = Database.Statement;

/**
 * Opens the database with the settings every connection needs. WAL lets readers run while the
 * bot writes; synchronous=NORMAL is set explicitly because the connection that turns on WAL
 * otherwise keeps FULL (NORMAL survives a crash of the bot, and may lose the last commits only
 * on power loss). Foreign keys and a busy timeout make a second process wait, not fail.
 */
export function openDatabase(path: string): Db {
  if (path !== ":memory:" && !path.startsWith("file:"))
    mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}

/** Throws when the database cannot answer a trivial query (for health checks). */
export function pingDatabase(db: Db): void {
  db.prepare("SELECT 1").get();
}
