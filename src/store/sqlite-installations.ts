import type { Installation, InstallationStore } from "../core/ports.js";
import {
  INSTALLATION_COLUMNS,
  type InstallationRow,
  installationValues,
  toInstallation,
} from "./installation-rows.js";
import type { SqliteStore } from "./sqlite-store.js";
import type { SqliteUnits } from "./sqlite-units.js";

/** Installations on SQLite: writes take the store's write lock and resolve once committed. */
export class SqliteInstallations implements InstallationStore {
  private readonly sql;
  private readonly units: SqliteUnits;

  constructor(store: SqliteStore) {
    const db = store.db;
    this.units = store.units;
    this.sql = {
      save: db.prepare<unknown[]>(
        `INSERT INTO installations (${INSTALLATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, installation_id) DO UPDATE SET team_id = excluded.team_id,
           enterprise_id = excluded.enterprise_id, bot_token = excluded.bot_token,
           expires_at = excluded.expires_at, record = excluded.record, updated_at = excluded.updated_at`,
      ),
      get: db.prepare<[string, string], InstallationRow>(
        "SELECT * FROM installations WHERE platform = ? AND installation_id = ?",
      ),
      remove: db.prepare<[string, string]>(
        "DELETE FROM installations WHERE platform = ? AND installation_id = ?",
      ),
      expiring: db.prepare<[string, number, number], InstallationRow>(
        `SELECT * FROM installations WHERE platform = ? AND expires_at IS NOT NULL AND expires_at < ?
         ORDER BY expires_at LIMIT ?`,
      ),
    };
  }

  /** Resolved once committed: a refreshed token is never used before it is kept. */
  private write<T>(work: () => T): Promise<T> {
    return this.units.writeCommitted(work);
  }

  async saveInstallation(installation: Installation): Promise<void> {
    await this.write(() => this.sql.save.run(...installationValues(installation)));
  }

  async getInstallation(platform: string, installationId: string): Promise<Installation | null> {
    const row = this.sql.get.get(platform, installationId);
    return row ? toInstallation(row) : null;
  }

  deleteInstallation(platform: string, installationId: string): Promise<boolean> {
    return this.write(() => this.sql.remove.run(platform, installationId).changes > 0);
  }

  async expiringInstallations(
    platform: string,
    before: Date,
    limit: number,
  ): Promise<Installation[]> {
    return this.sql.expiring.all(platform, before.getTime(), limit).map(toInstallation);
  }
}
