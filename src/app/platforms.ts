import type { IncomingMessage, ServerResponse } from "node:http";
import { createDiscordAdapter } from "../adapters/discord/discord-app.js";
import { createSlackAdapter } from "../adapters/slack/slack-app.js";
import type { Logger } from "../core/logger.js";
import type { Studybot } from "../core/studybot.js";
import type { ChannelPoster } from "../scheduler/poster.js";
import type { Config } from "./config.js";

export interface RunningPlatforms {
  /** platform name -> how the scheduler posts there */
  posters: Map<string, ChannelPoster>;
  /** For /healthz: each platform and whether it is connected. */
  adapters: { name: string; connected: () => boolean }[];
  /** Whether Slack's HTTP receiver serves /healthz and /metrics on PORT too. */
  servesOps: boolean;
  stop(): Promise<void>;
}

/** Whether any platform is configured; without one, `serve` runs the console. */
export function platformsConfigured(config: Config): boolean {
  return Boolean(config.SLACK_BOT_TOKEN || config.DISCORD_TOKEN);
}

/** Starts every configured platform on the one core: Slack and Discord side by side. */
export async function startPlatforms(
  config: Config,
  bot: Studybot,
  logger: Logger,
  otherRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean,
): Promise<RunningPlatforms> {
  const posters = new Map<string, ChannelPoster>();
  const adapters: RunningPlatforms["adapters"] = [];
  let servesOps = false;
  const stops: (() => Promise<void>)[] = [];
  try {
    if (config.SLACK_BOT_TOKEN) {
      const slack = createSlackAdapter(bot, {
        botToken: config.SLACK_BOT_TOKEN,
        ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
        ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
        ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
        port: config.PORT,
        ...(otherRoutes ? { otherRoutes } : {}),
        logger,
      });
      const { port } = await slack.start();
      stops.push(() => slack.stop());
      posters.set("slack", slack.poster);
      adapters.push({ name: "slack", connected: () => slack.connected() });
      servesOps = port !== undefined;
      const mode = config.SLACK_APP_TOKEN ? "socket" : "http";
      logger.info(
        { platform: "slack", mode, ...(port !== undefined ? { port } : {}) },
        "slack adapter started",
      );
    }
    if (config.DISCORD_TOKEN) {
      const discord = createDiscordAdapter(bot, {
        token: config.DISCORD_TOKEN,
        apiUrl: config.DISCORD_API_URL,
        logger,
      });
      await discord.start();
      stops.push(() => discord.stop());
      posters.set("discord", discord.poster);
      adapters.push({ name: "discord", connected: () => discord.connected() });
      logger.info(
        { platform: "discord", guilds: discord.client.guilds.cache.size },
        "discord adapter started",
      );
    }
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    throw error;
  }
  return {
    posters,
    adapters,
    servesOps,
    async stop() {
      // Each platform drains its own requests in flight: side by side, so a stop of both
      // takes as long as the slower one, inside the shutdown's limit.
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}
