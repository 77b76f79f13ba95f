import type { WebClient } from "@slack/web-api";

const TTL_MS = 5 * 60_000;

/**
 * Whether a Slack user is a workspace admin or owner (users.info), cached for five minutes:
 * fresh enough that a demoted admin loses access soon, cheap enough for every admin command.
 */
export class AdminCache {
  private readonly entries = new Map<string, { admin: boolean; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async isAdmin(client: WebClient, teamId: string, userId: string): Promise<boolean> {
    const key = `${teamId}:${userId}`;
    const cached = this.entries.get(key);
    if (cached && cached.until > this.now()) return cached.admin;
    const info = await client.users.info({ user: userId });
    const admin = info.user?.is_admin === true || info.user?.is_owner === true;
    if (this.entries.size > 10_000) this.entries.clear(); // bounded: memory stays flat
    this.entries.set(key, { admin, until: this.now() + TTL_MS });
    return admin;
  }
}
