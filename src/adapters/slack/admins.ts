import { type Logger as BoltLogger, webApi } from "@slack/bolt";
import { leanFetch } from "./lean-fetch.js";

const TTL_MS = 5 * 60_000;

/**
 * How long the admin check may wait for Slack. It runs before the command is acknowledged, and
 * Slack gives up on an acknowledgement after 3 s: 1.5 s leaves the rest for the command itself.
 */
export const ADMIN_CHECK_TIMEOUT_MS = 1500;

/**
 * Whether a Slack user is a workspace admin or owner (users.info), cached for five minutes:
 * fresh enough that a demoted admin loses access soon, cheap enough for every admin command.
 *
 * The check has its own Web API client: one try, a short timeout, no retries, and a 429
 * refused at once instead of waited out. The app's client retries for minutes and pauses its
 * queue on a 429; a check behind it would outlive Slack's deadline, and the command would run
 * after Slack had already told the admin it failed.
 */
export class AdminCache {
  private readonly entries = new Map<string, { user: SlackUser; until: number }>();
  private readonly client: webApi.WebClient;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    options: {
      apiUrl?: string;
      logger?: BoltLogger;
      timeoutMs?: number;
      now?: () => number;
    } = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? ADMIN_CHECK_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
    this.client = new webApi.WebClient(undefined, {
      fetch: leanFetch,
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      retryConfig: { retries: 0 },
      timeout: this.timeoutMs,
      rejectRateLimitedCalls: true,
    });
  }

  /**
   * Asks Slack with the installation's token; throws when Slack does not answer in time or
   * answers with an error. Nobody is taken for an admin on a failed check.
   */
  async isAdmin(token: string | undefined, teamId: string, userId: string): Promise<boolean> {
    return (await this.user(token, teamId, userId)).admin;
  }

  /** Who a member is (the name Slack shows, and whether an admin), asked as `isAdmin` is. */
  async user(token: string | undefined, teamId: string, userId: string): Promise<SlackUser> {
    const key = `${teamId}:${userId}`;
    const cached = this.entries.get(key);
    if (cached && cached.until > this.now()) return cached.user;
    const info = await withDeadline(
      this.client.users.info({ ...(token ? { token } : {}), user: userId }),
      this.timeoutMs,
    );
    const profile = info.user?.profile;
    const user = {
      admin: info.user?.is_admin === true || info.user?.is_owner === true,
      name: profile?.display_name || profile?.real_name || info.user?.name || userId,
    };
    if (this.entries.size > 10_000) this.entries.clear(); // bounded: memory stays flat
    this.entries.set(key, { user, until: this.now() + TTL_MS });
    return user;
  }
}

/** A member as users.info tells: the name Slack shows for them, and their admin right. */
export interface SlackUser {
  admin: boolean;
  name: string;
}

/**
 * The client's timeout covers the HTTP request; this covers everything else the call may wait
 * on (its queue, reading the answer), so the bound holds whatever the library does.
 */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
