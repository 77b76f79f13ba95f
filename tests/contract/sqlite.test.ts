import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open.js";
import { SqlitePostQueue } from "../../src/store/post-queue.js";
import { SqliteInstallations } from "../../src/store/sqlite-installations.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import { installationStoreContract } from "./installation-store.contract.js";
import { postQueueContract } from "./post-queue.contract.js";
import { studyStoreContract } from "./study-store.contract.js";

/** A migrated SQLite store: in memory, or in a temp file (WAL, as in production). */
function sqliteStore(options: { file: boolean; groupCommit: boolean }) {
  const dir = options.file ? mkdtempSync(join(tmpdir(), "studybot-contract-")) : null;
  const db = openDatabase(dir ? join(dir, "contract.db") : ":memory:");
  migrate(db);
  const store = new SqliteStore(db, { groupCommit: options.groupCommit });
  return {
    store,
    async close() {
      // The last batch commits first: closing under an open group commit would lose it.
      await store.committed();
      db.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

const memory = { file: false, groupCommit: false };
const file = { file: true, groupCommit: true };

studyStoreContract("SQLite in memory", async () => sqliteStore(memory));
studyStoreContract("SQLite file, group commit", async () => sqliteStore(file));
postQueueContract("SQLite in memory", async () => {
  const made = sqliteStore(memory);
  return { ...made, queue: new SqlitePostQueue(made.store) };
});
postQueueContract("SQLite file, group commit", async () => {
  const made = sqliteStore(file);
  return { ...made, queue: new SqlitePostQueue(made.store) };
});
installationStoreContract("SQLite file, group commit", async () => {
  const made = sqliteStore(file);
  return { ...made, installations: new SqliteInstallations(made.store) };
});
