import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { messageOf } from "../core/errors.js";

export type Db = Database.Database;
export type Statement = Database.Statement;

/** The database cannot be used as it is: start-up stops with this one line, naming the path. */
export class DatabaseError extends Error {
  override name = "DatabaseError";
}

export interface OpenOptions {
  /** Refuse a missing file instead of creating it (and its folder): `db backup` copies what is. */
  mustExist?: boolean;
  /** Check that the database can be written (the default); a backup only reads. */
  forWriting?: boolean;
}

/** A path to a file, not `:memory:` or a `file:` URI (no folder to make, no WAL beside it). */
export function isOnDisk(path: string): boolean {
  return path !== ":memory:" && !path.startsWith("file:");
}

/**
 * Opens the database with the settings every connection needs, and refuses one it could not
 * write to: SQLite opens a read-only file without complaint and only fails at the first write,
 * which would turn every command into "Something went wrong". WAL lets readers run while the
 * bot writes; synchronous=NORMAL is set explicitly because the connection that turns on WAL
 * otherwise keeps FULL (NORMAL survives a crash of the bot, and may lose the last commits only
 * on power loss). Foreign keys and a busy timeout make a second process wait, not fail.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const onDisk = isOnDisk(path);
  if (onDisk && options.mustExist && !existsSync(path)) {
    throw new DatabaseError(
      `There is no database at ${path}. Check DATABASE_PATH (\`studybot db migrate\` creates one).`,
    );
  }
  if (onDisk && !options.mustExist) createFolder(path);
  let db: Db | undefined;
  try {
    db = new Database(path, { fileMustExist: options.mustExist === true });
    db.pragma("busy_timeout = 5000"); // first: switching to WAL may wait for another process
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    if (options.forWriting !== false) assertWritable(db);
    return db;
  } catch (error) {
    db?.close();
    throw explainOpenError(path, error);
  }
}

/**
 * Throws when a write would fail now (a read-only file, folder or mount, a full disk): writes
 * user_version back unchanged and commits. `BEGIN IMMEDIATE` alone is not enough: it succeeds
 * on a read-only file, since SQLite only refuses when a page is written. Reading and writing
 * inside one write transaction means a migration in another process cannot slip in between.
 */
export function assertWritable(db: Db): void {
  // A group-commit batch is open: this connection holds the write lock and its writes go through.
  if (db.inTransaction) return;
  db.exec("BEGIN IMMEDIATE");
  try {
    const version = Number(db.pragma("user_version", { simple: true }));
    db.pragma(`user_version = ${version}`);
    db.exec("COMMIT");
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

const FOLDER_ERRORS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOTDIR: "part of the path is a file",
};

function createFolder(path: string): void {
  const folder = dirname(path);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new DatabaseError(
      `Cannot create the folder ${folder} for the database at ${path}: ${FOLDER_ERRORS[codeOf(error) ?? ""] ?? String(error)}. Create it writable for this user, or point DATABASE_PATH elsewhere.`,
    );
  }
}

/** Turns SQLite's terse codes into what is wrong with this path and what to do about it. */
function explainOpenError(path: string, error: unknown): DatabaseError {
  const code = codeOf(error) ?? "";
  const folder = dirname(path);
  const elsewhere = "or point DATABASE_PATH elsewhere.";
  if (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT")) {
    return new DatabaseError(
      `Cannot open the database at ${path}: the file is not a SQLite database${code === "SQLITE_NOTADB" ? "" : " (it is corrupt)"}. Restore it from a backup ${elsewhere}`,
    );
  }
  if (code === "SQLITE_READONLY_DIRECTORY" || (code === "SQLITE_CANTOPEN" && !writable(folder))) {
    const verb = existsSync(path) ? "write to" : "create";
    return new DatabaseError(
      `Cannot ${verb} the database at ${path}: the folder ${folder} is not writable (SQLite keeps its -wal and -shm files beside the database). Make it writable for this user, ${elsewhere}`,
    );
  }
  if (code.startsWith("SQLITE_READONLY")) {
    return new DatabaseError(
      `Cannot write to the database at ${path}: the file is read-only. Make it writable for this user, ${elsewhere}`,
    );
  }
  if (code === "SQLITE_CANTOPEN" && existsSync(path) && statSync(path).isDirectory()) {
    return new DatabaseError(
      `Cannot open the database at ${path}: it is a folder. Point DATABASE_PATH at a file.`,
    );
  }
  if (code.startsWith("SQLITE_BUSY")) {
    return new DatabaseError(
      `Cannot write to the database at ${path}: another process kept it locked for 5 seconds. Try again once that process is done, ${elsewhere}`,
    );
  }
  if (code === "SQLITE_FULL") {
    return new DatabaseError(
      `Cannot write to the database at ${path}: the disk is full. Free some space, ${elsewhere}`,
    );
  }
  const reason = messageOf(error);
  return new DatabaseError(
    `Cannot use the database at ${path}: ${reason}${code ? ` (${code})` : ""}. Check the file, its folder and the disk, ${elsewhere}`,
  );
}

function writable(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
