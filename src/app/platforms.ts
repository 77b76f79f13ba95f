import type { IncomingMessage, ServerResponse } from "node:http";
import type { DiscordSharding } from "../adapters/discord/discord-app.js";
import type { SlackOAuthOptions } from "../adapters/slack/installations.js";
import type { Logger } from "../core/logger.js";
import type { ChannelPoster, PlatformAdapter } from "../core/platform.js";
import type { InstallationStore } from "../core/ports.js";
import type { Studybot } from "../core/studybot.js";
import { type Config, ConfigError } from "./config.js";

/**
 * What /healthz checks and the metrics count: a platform, or one part of one (a Discord shard),
 * each on its own, so that the one shard that is down is named.
 */
export interface PlatformStatus {
  /** The check's name: "slack", "discord", or "discord shard 1" when Discord is sharded. */
  name: string;
  /** The platform it belongs to: "discord". */
  platform: string;
  /** The part's id within the platform (the shard id), when the platform runs parts. */
  part?: string;
  connected: () => boolean;
}

export interface RunningPlatforms {
  /** platform name -> how the scheduler posts there */
  posters: Map<string, ChannelPoster>;
  /** For /healthz and the metrics: each platform, or each of its parts, and whether it is up. */
  adapters: PlatformStatus[];
  /** Whether Slack's HTTP receiver serves /healthz and /metrics on PORT too. */
  servesOps: boolean;
  stop(): Promise<void>;
}

type Routes = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * How one platform is turned on: the registry below is the only place that names platforms. A
 * new platform implements `PlatformAdapter` (src/core/platform.ts) and adds one entry here.
 */
interface PlatformDefinition {
  name: string;
  /** Whether the settings turn it on (its token is set). */
  configured(config: Config): boolean;
  create(
    config: Config,
    bot: Studybot,
    logger: Logger,
    stores: PlatformStores,
    otherRoutes?: Routes,
  ): Promise<PlatformAdapter>;
}

/** What a platform may keep in the database beside the core's records. */
export interface PlatformStores {
  /** Installations of an app installed in many workspaces (Slack's "Add to Slack"). */
  installations?: InstallationStore;
}

const PLATFORMS: readonly PlatformDefinition[] = [
  {
    name: "slack",
    configured: (config) => Boolean(config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID),
    // Each platform's SDK is loaded only when that platform runs: a Slack-only process never
    // loads discord.js (about 0.8 s and 20 MB), nor a Discord-only one Bolt.
    create: async (config, bot, logger, stores, otherRoutes) =>
      (await import("../adapters/slack/slack-app.js")).createSlackAdapter(bot, {
        ...(config.SLACK_BOT_TOKEN
          ? { botToken: config.SLACK_BOT_TOKEN }
          : { oauth: slackOAuth(config, stores) }),
        ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
        ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
        ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
        port: config.PORT,
        ...(otherRoutes ? { otherRoutes } : {}),
        logger,
      }),
  },
  {
    name: "discord",
    configured: (config) => Boolean(config.DISCORD_TOKEN),
    create: async (config, bot, logger) =>
      (await import("../adapters/discord/discord-app.js")).createDiscordAdapter(bot, {
        token: config.DISCORD_TOKEN!,
        apiUrl: config.DISCORD_API_URL,
        ...discordSharding(config),
        logger,
      }),
  },
];

/** Slack's OAuth settings, with the installation store (loadConfig checked they are all set). */
function slackOAuth(config: Config, stores: PlatformStores): SlackOAuthOptions {
  if (!stores.installations) throw new Error("Slack OAuth needs an installation store");
  return {
    clientId: config.SLACK_CLIENT_ID!,
    clientSecret: config.SLACK_CLIENT_SECRET!,
    stateSecret: config.SLACK_STATE_SECRET!,
    ...(config.SLACK_REDIRECT_URL ? { redirectUri: config.SLACK_REDIRECT_URL } : {}),
    installations: stores.installations,
  };
}

/** DISCORD_SHARDS and DISCORD_SHARD_IDS as the adapter takes them; nothing when unset. */
function discordSharding(config: Config): { sharding?: DiscordSharding } {
  if (config.DISCORD_SHARDS === undefined) return {};
  const ids = config.DISCORD_SHARD_IDS;
  return { sharding: { count: config.DISCORD_SHARDS, ...(ids ? { ids } : {}) } };
}

/**
 * A platform's entries for /healthz: one for the platform, or one per part when it runs several.
 * A part is looked up by id at each check, so an entry follows its shard's current state.
 */
function statusesOf(adapter: PlatformAdapter): PlatformStatus[] {
  const parts = adapter.parts?.() ?? [];
  // No parts known (unsharded, or none reported): the platform is checked as a whole.
  if (parts.length === 0)
    return [{ name: adapter.name, platform: adapter.name, connected: () => adapter.connected() }];
  return parts.map((part) => ({
    name: part.name,
    platform: adapter.name,
    part: part.id,
    connected: () => adapter.parts?.().find((p) => p.id === part.id)?.connected ?? false,
  }));
}

/** Whether any platform is configured; without one, `serve` runs the console. */
export function platformsConfigured(config: Config): boolean {
  return PLATFORMS.some((p) => p.configured(config));
}

/**
 * The platforms this process serves: those PLATFORMS names (each must be configured), or every
 * configured one when PLATFORMS is unset.
 */
function servedPlatforms(config: Config): readonly PlatformDefinition[] {
  const configured = PLATFORMS.filter((p) => p.configured(config));
  if (config.PLATFORMS === undefined) return configured;
  for (const name of config.PLATFORMS) {
    if (!configured.some((p) => p.name === name)) {
      throw new ConfigError(
        `PLATFORMS names ${name}, but ${name} is not configured: set ${CREDENTIALS[name] ?? "its token"}, or leave ${name} out of PLATFORMS.`,
      );
    }
  }
  return configured.filter((p) => config.PLATFORMS!.includes(p.name));
}

const CREDENTIALS: Record<string, string> = {
  discord: "DISCORD_TOKEN",
  slack:
    "SLACK_BOT_TOKEN (and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN), or SLACK_CLIENT_ID with its OAuth settings",
};

/**
 * Starts the platforms this process serves (PLATFORMS), on the one core, side by side. With
 * `posting` (the scheduler runs here), every other configured platform is readied to post
 * only: it receives nothing, so another process can serve it, while this one's scheduler
 * still posts its channels' questions.
 */
export async function startPlatforms(
  config: Config,
  bot: Studybot,
  logger: Logger,
  otherRoutes?: Routes,
  options: { posting?: boolean; stores?: PlatformStores } = {},
): Promise<RunningPlatforms> {
  const posters = new Map<string, ChannelPoster>();
  const adapters: RunningPlatforms["adapters"] = [];
  let servesOps = false;
  const started: PlatformAdapter[] = [];
  const served = servedPlatforms(config);
  try {
    for (const definition of PLATFORMS.filter((p) => p.configured(config))) {
      const serving = served.includes(definition);
      if (!serving && !options.posting) continue;
      const adapter = await definition.create(
        config,
        bot,
        logger,
        options.stores ?? {},
        serving ? otherRoutes : undefined,
      );
      if (!serving) {
        await adapter.startPosting();
        started.push(adapter);
        posters.set(adapter.name, adapter.poster);
        logger.info({ platform: adapter.name }, `${adapter.name}: posting only (not in PLATFORMS)`);
        continue;
      }
      const { port } = await adapter.start();
      started.push(adapter);
      posters.set(adapter.name, adapter.poster);
      adapters.push(...statusesOf(adapter));
      // One HTTP port serves Slack's receiver and /healthz and /metrics beside it.
      if (port !== undefined) servesOps = true;
      logger.info(
        { platform: adapter.name, ...(port !== undefined ? { port } : {}) },
        `${adapter.name} adapter started`,
      );
    }
  } catch (error) {
    for (const adapter of started.reverse()) await adapter.stop();
    throw error;
  }
  return {
    posters,
    adapters,
    servesOps,
    async stop() {
      // Each platform drains its own requests in flight: side by side, so a stop of all
      // takes as long as the slowest one, inside the shutdown's limit.
      await Promise.all(started.map((adapter) => adapter.stop()));
    },
  };
}
