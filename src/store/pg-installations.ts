import type pg from "pg";
import type { Installation, InstallationStore } from "../core/ports.js";
import {
  INSTALLATION_COLUMNS,
  type InstallationRow,
  installationValues,
  toInstallation,
} from "./installation-rows.js";

/** Installations on PostgreSQL: each call one statement, committed when it resolves. */
export class PgInstallations implements InstallationStore {
  constructor(private readonly pool: pg.Pool) {}

  async saveInstallation(installation: Installation): Promise<void> {
    await this.pool.query(
      `INSERT INTO installations (${INSTALLATION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (platform, installation_id) DO UPDATE SET team_id = excluded.team_id,
         enterprise_id = excluded.enterprise_id, bot_token = excluded.bot_token,
         expires_at = excluded.expires_at, record = excluded.record, updated_at = excluded.updated_at`,
      installationValues(installation),
    );
  }

  async getInstallation(platform: string, installationId: string): Promise<Installation | null> {
    const { rows } = await this.pool.query<InstallationRow>(
      "SELECT * FROM installations WHERE platform = $1 AND installation_id = $2",
      [platform, installationId],
    );
    return rows[0] ? toInstallation(rows[0]) : null;
  }

  async deleteInstallation(platform: string, installationId: string): Promise<boolean> {
    const result = await this.pool.query(
      "DELETE FROM installations WHERE platform = $1 AND installation_id = $2",
      [platform, installationId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async expiringInstallations(
    platform: string,
    before: Date,
    limit: number,
  ): Promise<Installation[]> {
    const { rows } = await this.pool.query<InstallationRow>(
      `SELECT * FROM installations WHERE platform = $1 AND expires_at IS NOT NULL AND expires_at < $2
       ORDER BY expires_at LIMIT $3`,
      [platform, before.getTime(), limit],
    );
    return rows.map(toInstallation);
  }
}
