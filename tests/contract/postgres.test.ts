import { PgInstallations } from "../../src/store/pg-installations.js";
import { createPgPool } from "../../src/store/pg-pool.js";
import { PgPostQueue } from "../../src/store/pg-post-queue.js";
import { PgStore } from "../../src/store/pg-store.js";
import { freshPostgresDatabase } from "../helpers/postgres.js";
import { installationStoreContract } from "./installation-store.contract.js";
import { postQueueContract } from "./post-queue.contract.js";
import { studyStoreContract } from "./study-store.contract.js";

/** A migrated PostgreSQL store on a database of its own, on the tests' real server. */
async function postgresStore() {
  const database = await freshPostgresDatabase();
  const pool = createPgPool({ url: database.url, max: 5 });
  const store = new PgStore(pool);
  return {
    store,
    queue: new PgPostQueue(pool),
    installations: new PgInstallations(pool),
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}

studyStoreContract("PostgreSQL", postgresStore, { unitsIsolated: true });
postQueueContract("PostgreSQL", postgresStore);
installationStoreContract("PostgreSQL", postgresStore);
