import type { Statement } from "better-sqlite3";
import type { Db } from "../../src/store/open.js";
import { SEED_TABLES, type SeedSink, type SeedTable, type SeedValue } from "./seed.js";

/** Seeded rows into a migrated SQLite database, in one transaction. */
export function sqliteSeedSink(db: Db): SeedSink {
  const statements = new Map<string, Statement>();
  const statement = (table: SeedTable, replace: boolean) => {
    const key = `${table}:${replace}`;
    let made = statements.get(key);
    if (!made) {
      const { columns } = SEED_TABLES[table];
      made = db.prepare(
        `INSERT${replace ? " OR REPLACE" : ""} INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
      );
      statements.set(key, made);
    }
    return made;
  };
  db.exec("BEGIN");
  return {
    add(table: SeedTable, row: SeedValue[], replace = false) {
      statement(table, replace).run(row);
    },
    // A turn of the event loop between workspaces, so Ctrl-C is heard (and cleaned up after).
    ready: () => new Promise((resolve) => setImmediate(resolve)),
    async done() {
      db.exec("COMMIT");
      db.pragma("optimize");
    },
  };
}
