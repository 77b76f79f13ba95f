import type { Installation } from "../core/ports.js";

/** An installation row, as both stores return it. */
export interface InstallationRow {
  platform: string;
  installation_id: string;
  team_id: string | null;
  enterprise_id: string | null;
  bot_token: string;
  expires_at: number | null;
  record: string;
  updated_at: number;
}

export function toInstallation(r: InstallationRow): Installation {
  return {
    platform: r.platform,
    installationId: r.installation_id,
    teamId: r.team_id,
    enterpriseId: r.enterprise_id,
    botToken: r.bot_token,
    expiresAt: r.expires_at === null ? null : new Date(r.expires_at),
    record: r.record,
    updatedAt: new Date(r.updated_at),
  };
}

/** The row's values, in the column order of the INSERT both stores run. */
export function installationValues(i: Installation): unknown[] {
  return [
    i.platform,
    i.installationId,
    i.teamId,
    i.enterpriseId,
    i.botToken,
    i.expiresAt?.getTime() ?? null,
    i.record,
    i.updatedAt.getTime(),
  ];
}

export const INSTALLATION_COLUMNS =
  "platform, installation_id, team_id, enterprise_id, bot_token, expires_at, record, updated_at";
