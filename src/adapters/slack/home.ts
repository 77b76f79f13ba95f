import type { App } from "@slack/bolt";
import type { KnownBlock } from "@slack/types";
import type { CommandStyle } from "../../core/env.js";
import type { Logger } from "../../core/logger.js";
import type { Studybot } from "../../core/studybot.js";
import type { View } from "../../core/views.js";
import type { AdminCache } from "./admins.js";
import { renderSlack } from "./blocks.js";
import type { SlackWorkspaces } from "./workspaces.js";

/** Slack's cap on a Home tab's blocks. */
const MAX_HOME_BLOCKS = 100;
/** Answers in a burst refresh the Home tab once, this long after the last. */
const REFRESH_DELAY_MS = 1500;
/** Members whose Home tab is refreshed after they answer: those who opened it (bounded). */
const MAX_WATCHED = 10_000;

/** The core's home views as one Home tab: each view's blocks, a divider between, at most 100. */
export function homeBlocks(views: View[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (const [i, view] of views.entries()) {
    if (i > 0) blocks.push({ type: "divider" });
    blocks.push(...renderSlack(view).blocks);
  }
  return blocks.slice(0, MAX_HOME_BLOCKS);
}

/**
 * The App Home tab (`app_home_opened` → `views.publish`): published when a member opens it, and
 * again shortly after they answer, so it shows their points and what is due without a command.
 */
export class SlackHome {
  private readonly watched = new Map<string, NodeJS.Timeout | null>();

  constructor(
    private readonly deps: {
      bot: Studybot;
      client: App["client"];
      workspaces: SlackWorkspaces;
      admins: AdminCache;
      style: CommandStyle;
      logger: Logger;
    },
  ) {}

  /** Publishes the member's Home tab now. */
  async publish(teamId: string, userId: string): Promise<void> {
    const { bot, client, workspaces, admins, style } = this.deps;
    const token = await workspaces.tokenFor(teamId);
    const user = await admins.user(token, teamId, userId);
    const views = await bot.home({
      workspace: { platform: "slack", externalId: teamId },
      user: { id: userId, name: user.name },
      channelId: null,
      isAdmin: user.admin,
      ...style,
    });
    await client.views.publish({
      ...(token ? { token } : {}),
      user_id: userId,
      view: { type: "home", blocks: homeBlocks(views) },
    });
    this.watch(teamId, userId);
  }

  /** After a member answered: refresh their Home tab soon, if they have opened it. */
  refreshSoon(teamId: string, userId: string): void {
    const key = `${teamId}:${userId}`;
    if (!this.watched.has(key)) return;
    const pending = this.watched.get(key);
    if (pending) clearTimeout(pending);
    const timer = setTimeout(() => {
      this.watched.set(key, null);
      this.publish(teamId, userId).catch((error: unknown) =>
        this.deps.logger.warn({ err: String(error) }, "refreshing a Slack Home tab failed"),
      );
    }, REFRESH_DELAY_MS);
    timer.unref();
    this.watched.set(key, timer);
  }

  /** Stops pending refreshes (the adapter is stopping). */
  stop(): void {
    for (const timer of this.watched.values()) if (timer) clearTimeout(timer);
    this.watched.clear();
  }

  private watch(teamId: string, userId: string): void {
    const key = `${teamId}:${userId}`;
    if (this.watched.has(key)) return;
    if (this.watched.size >= MAX_WATCHED) {
      const oldest = this.watched.keys().next().value;
      if (oldest !== undefined) this.watched.delete(oldest);
    }
    this.watched.set(key, null);
  }
}
