import { webApi } from "@slack/bolt";
import type { Logger } from "../../core/logger.js";
import type { Studybot } from "../../core/studybot.js";
import { isRevoked, type SlackInstallations, type SlackTeam } from "./installations.js";
import { leanFetch } from "./lean-fetch.js";

/**
 * Which workspaces this Slack app serves, and with which token:
 * - one workspace (SLACK_BOT_TOKEN): the token's own team only. A request signed with our
 *   signing secret but for another team (the app installed elsewhere with the same
 *   credentials) is refused, so it never runs on this workspace's token;
 * - many workspaces (OAuth): each with its own installation; a team without one is refused
 *   politely, and a workspace that uninstalled or revoked its tokens is forgotten and its daily
 *   questions paused.
 */
export class SlackWorkspaces {
  private home: Promise<string> | undefined;

  constructor(
    private readonly bot: Studybot,
    private readonly installations: SlackInstallations | undefined,
    private readonly single?: { token: string; apiUrl?: string | undefined },
  ) {}

  /** Starts asking Slack which team the single token belongs to (answered once, then kept). */
  learnHomeTeam(): void {
    if (this.single) void this.homeTeam().catch(() => {});
  }

  /** Why this request's team cannot be served here, for the person; null when it can. */
  async refusal(teamId: string, botToken: string | undefined): Promise<string | null> {
    if (this.installations) {
      return botToken
        ? null
        : "Studybot isn't installed in this workspace (or was removed). A workspace admin can add it again from its install link.";
    }
    let home: string;
    try {
      home = await this.homeTeam();
    } catch {
      return "I couldn't reach Slack just now to check this workspace; please try again in a minute.";
    }
    return teamId === home ? null : "This Studybot serves another Slack workspace only.";
  }

  /** The token for a workspace's Web API calls; undefined: the app's own (single workspace). */
  async tokenFor(teamId: string): Promise<string | undefined> {
    if (!this.installations) return undefined;
    const token = await this.installations.tokenFor({ teamId });
    if (!token) throw new NotInstalled(teamId);
    return token;
  }

  /** A workspace uninstalled the app or revoked its tokens. */
  async removed(team: SlackTeam, reason: string): Promise<void> {
    await this.installations?.forget(team);
    await this.bot.workspaceRemoved({ platform: "slack", externalId: team.teamId }, reason);
  }

  /** A call failed: if Slack says the workspace's tokens are gone, stop using them. */
  async failed(teamId: string, error: unknown): Promise<void> {
    if (this.installations && (isRevoked(error) || error instanceof NotInstalled))
      await this.removed({ teamId }, "Slack: token revoked");
  }

  /** Refreshes rotating tokens before they expire; a workspace Slack refuses is removed. */
  async refreshTokens(logger: Logger): Promise<void> {
    if (!this.installations) return;
    try {
      const refused = await this.installations.refreshExpiring(new Date());
      for (const team of refused) await this.removed(team, "Slack: token revoked");
    } catch (error) {
      logger.warn({ err: String(error) }, "refreshing Slack tokens failed; trying again later");
    }
  }

  private homeTeam(): Promise<string> {
    if (!this.home) {
      const single = this.single!;
      // Its own client: one try, a short timeout, so a request never waits long on it.
      const client = new webApi.WebClient(single.token, {
        fetch: leanFetch,
        ...(single.apiUrl ? { slackApiUrl: single.apiUrl } : {}),
        retryConfig: { retries: 0 },
        timeout: 2000,
      });
      this.home = client.auth.test().then((result) => {
        if (!result.team_id) throw new Error("auth.test named no team");
        return result.team_id;
      });
      // A failure is not kept: the next request asks again.
      this.home.catch(() => {
        this.home = undefined;
      });
    }
    return this.home;
  }
}

/** A workspace that has no installation (any more). */
export class NotInstalled extends Error {
  constructor(teamId: string) {
    super(`Studybot is not installed in Slack workspace ${teamId}`);
    this.name = "NotInstalled";
  }
}
