import type { IncomingMessage, ServerResponse } from "node:http";
import { webApi } from "@slack/bolt";
import {
  type Installation as BoltInstallation,
  type InstallationStore as BoltInstallationStore,
  type InstallationQuery,
  InstallProvider,
} from "@slack/oauth";
import type { Logger } from "../../core/logger.js";
import type { InstallationStore } from "../../core/ports.js";
import { boltLogger } from "./bolt-logger.js";
import { installedPage, installFailedPage } from "./install-pages.js";
import { leanFetch } from "./lean-fetch.js";
import { SLACK_BOT_SCOPES } from "./scopes.js";

/** Where a browser starts an install ("Add to Slack") and where Slack sends it back. */
export const SLACK_INSTALL_PATH = "/slack/install";
export const SLACK_REDIRECT_PATH = "/slack/oauth_redirect";

/** Refresh a rotating token this long before it expires (Bolt refreshes within 2 hours too). */
const REFRESH_AHEAD_MS = 2 * 3_600_000;

export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** The redirect URL registered with the app, when it has several; else Slack uses its one. */
  redirectUri?: string;
  installations: InstallationStore;
}

/** A workspace Slack answers for: the team (or, for an org-wide install, the enterprise). */
export interface SlackTeam {
  teamId: string;
  enterpriseId?: string | undefined;
}

/**
 * Many workspaces, each with its own installation ("Add to Slack"), kept in our database.
 * Bolt's InstallProvider runs the OAuth flow and token rotation; this bridges it to our
 * installation store, answers the install pages, and gives every Web API call the token of
 * the workspace it is for.
 */
export class SlackInstallations {
  readonly provider: InstallProvider;
  private readonly store: InstallationStore;
  /** Token lookups under way, per workspace: two at once share one refresh (see tokenFor). */
  private readonly inFlight = new Map<string, Promise<string | null>>();
  private readonly check: (token: string) => Promise<void>;

  constructor(options: SlackOAuthOptions & { apiUrl?: string; logger: Logger; now?: () => Date }) {
    this.store = options.installations;
    const now = options.now ?? (() => new Date());
    const client = new webApi.WebClient(undefined, {
      fetch: leanFetch,
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      retryConfig: { retries: 1 },
    });
    this.check = async (token) => {
      await client.auth.test({ token });
    };
    this.provider = new InstallProvider({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      stateSecret: options.stateSecret,
      installationStore: bridge(options.installations, now),
      installUrlOptions: {
        scopes: SLACK_BOT_SCOPES,
        ...(options.redirectUri ? { redirectUri: options.redirectUri } : {}),
      },
      // Our own "Add to Slack" page first (it sets the state cookie), then Slack's.
      directInstall: false,
      logger: boltLogger(options.logger),
      clientOptions: {
        fetch: leanFetch,
        ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      },
    });
  }

  /**
   * The bot token for a workspace, refreshed first when it is about to expire; null if none.
   * Lookups for one workspace at once share one: Slack's refresh token is good for one use,
   * and a second refresh with it would be refused.
   */
  tokenFor(team: SlackTeam): Promise<string | null> {
    const running = this.inFlight.get(team.teamId);
    if (running) return running;
    const lookup = this.lookUp(team).finally(() => this.inFlight.delete(team.teamId));
    this.inFlight.set(team.teamId, lookup);
    return lookup;
  }

  private async lookUp(team: SlackTeam): Promise<string | null> {
    const installed = await this.find(team);
    if (!installed) return null;
    const auth = await this.provider.authorize({
      teamId: team.teamId,
      enterpriseId: installed.enterpriseId ?? undefined,
      isEnterpriseInstall: installed.installationId !== team.teamId,
    });
    return auth.botToken ?? null;
  }

  /** Whether the workspace has an installation (no Web API call). */
  async installed(team: SlackTeam): Promise<boolean> {
    return (await this.find(team)) !== null;
  }

  /** Forgets a workspace's installation: uninstalled, or its tokens revoked. */
  async forget(team: SlackTeam): Promise<void> {
    await this.store.deleteInstallation("slack", team.teamId);
    if (team.enterpriseId) await this.store.deleteInstallation("slack", team.enterpriseId);
  }

  /**
   * Refreshes every rotating token that expires within two hours, so a workspace that is
   * quiet for a while still has a live token for its daily post. Returns the workspaces whose
   * refresh Slack refused (revoked): the caller pauses them.
   */
  async refreshExpiring(now: Date): Promise<SlackTeam[]> {
    const expiring = await this.store.expiringInstallations(
      "slack",
      new Date(now.getTime() + REFRESH_AHEAD_MS),
      100,
    );
    const refused: SlackTeam[] = [];
    const wanted = now.getTime() + REFRESH_AHEAD_MS;
    for (const installation of expiring) {
      const team = { teamId: installation.teamId ?? installation.installationId };
      // Bolt refreshes here; a refresh Slack refuses is only logged, and the old token kept.
      await this.tokenFor(team);
      const after = await this.find(team);
      const refreshed = (after?.expiresAt?.getTime() ?? 0) > wanted;
      // Not refreshed: Slack refused, or was away. Gone only if the token itself is dead (a
      // refresh token another process used first fails too, but then the token was renewed).
      if (!refreshed && (await this.tokenIsDead(team))) refused.push(team);
    }
    return refused;
  }

  /** Whether Slack refuses the workspace's current token (revoked, or uninstalled). */
  private async tokenIsDead(team: SlackTeam): Promise<boolean> {
    const installed = await this.find(team);
    if (!installed) return true;
    try {
      await this.check(installed.botToken);
      return false;
    } catch (error) {
      return isRevoked(error) || /token_expired/.test(String(error));
    }
  }

  /** Serves the install pages; false for any other request. */
  routes(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET") return false;
    if (path === SLACK_INSTALL_PATH) {
      void this.provider.handleInstallPath(req, res).catch(() => failed(res));
      return true;
    }
    if (path === SLACK_REDIRECT_PATH) {
      void this.provider
        .handleCallback(req, res, {
          success: (installation, _options, _req, response) => {
            const name =
              installation.team?.name ?? installation.enterprise?.name ?? "your workspace";
            page(response, 200, installedPage(name));
          },
          failure: (error, _options, _req, response) => {
            page(response, 400, installFailedPage(error.code));
          },
        })
        .catch(() => failed(res));
      return true;
    }
    return false;
  }

  private async find(team: SlackTeam) {
    return (
      (await this.store.getInstallation("slack", team.teamId)) ??
      (team.enterpriseId ? await this.store.getInstallation("slack", team.enterpriseId) : null)
    );
  }
}

/** Errors that mean the workspace took its tokens back: nothing will work until reinstalled. */
export function isRevoked(error: unknown): boolean {
  const text = `${(error as { data?: { error?: string } })?.data?.error ?? ""} ${String(error)}`;
  return /token_revoked|invalid_refresh_token|invalid_auth|account_inactive|app_uninstalled/.test(
    text,
  );
}

function page(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(html);
}

function failed(res: ServerResponse): void {
  page(res, 500, installFailedPage("internal_error"));
}

/**
 * Bolt's installation store, on ours. The whole record is kept as JSON (Bolt reads back what
 * it wrote, refresh token and all); the token and its expiry are also columns, for refreshes.
 */
function bridge(store: InstallationStore, now: () => Date): BoltInstallationStore {
  const idOf = (query: InstallationQuery<boolean>) =>
    query.isEnterpriseInstall && query.enterpriseId ? query.enterpriseId : query.teamId;
  return {
    async storeInstallation(installation) {
      const enterprise = installation.isEnterpriseInstall === true;
      const id = enterprise ? installation.enterprise?.id : installation.team?.id;
      if (!id || !installation.bot) throw new Error("an installation without a workspace or bot");
      await store.saveInstallation({
        platform: "slack",
        installationId: id,
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        botToken: installation.bot.token,
        expiresAt: installation.bot.expiresAt ? new Date(installation.bot.expiresAt * 1000) : null,
        record: JSON.stringify(installation),
        updatedAt: now(),
      });
    },
    async fetchInstallation(query) {
      const id = idOf(query);
      const found = id ? await store.getInstallation("slack", id) : null;
      if (!found) throw new Error(`no installation for ${id ?? "an unknown workspace"}`);
      return JSON.parse(found.record) as BoltInstallation;
    },
    async deleteInstallation(query) {
      const id = idOf(query);
      if (id) await store.deleteInstallation("slack", id);
    },
  };
}
