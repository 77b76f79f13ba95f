import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/app/config.js";
import { type RunningPlatforms, startPlatforms } from "../../src/app/platforms.js";
import { silentLogger } from "../../src/core/logger.js";
import { makeBot } from "./bot.js";
import { FakeDiscord, guildIdOnShard, MANAGE_GUILD, member } from "./fake-discord.js";

/** Shard 0 of 2 holds the fake's usual server (GUILD_ID, CHANNEL_ID); this one is on shard 1. */
export const SHARD_1_GUILD_ID = guildIdOnShard(1, 2);
export const SHARD_1_CHANNEL_ID = "300000000000000011";

/** No .env file: the settings are exactly those a test passes. */
const NO_DOTENV = join(tmpdir(), "no-such-studybot-shards.env");

/**
 * The real platforms wiring (settings -> startPlatforms -> discord.js) on a core with an
 * in-memory database, against a fake Discord whose bot is in two servers, one per shard of 2.
 * `fake` can be set up (recommended count, identify concurrency) before `start`.
 */
export class ShardedDiscordTestbed {
  readonly fake = new FakeDiscord().addGuild(SHARD_1_GUILD_ID, SHARD_1_CHANNEL_ID, "Night School");
  harness!: ReturnType<typeof makeBot>;
  platforms!: RunningPlatforms;

  constructor(private readonly options: { now?: string } = {}) {
    // Big bots get identify buckets: both shards identify at once instead of 5 s apart.
    this.fake.maxConcurrency = 2;
    this.fake.recommendedShards = 2;
  }

  /** Starts the fake and the platforms with these Discord settings (DISCORD_SHARDS, ...). */
  async start(settings: Record<string, string>): Promise<this> {
    await this.fake.start();
    this.harness = makeBot(this.options.now ? { now: this.options.now } : {});
    const config = loadConfig(
      { DISCORD_TOKEN: "discord-shards-token", DISCORD_API_URL: this.fake.apiUrl, ...settings },
      NO_DOTENV,
    );
    this.platforms = await startPlatforms(config, this.harness.bot, silentLogger);
    return this;
  }

  async stop(): Promise<void> {
    await this.platforms?.stop();
    await this.fake.stop();
  }

  /** Each /healthz entry of the platforms and whether it is connected now. */
  health(): Record<string, boolean> {
    return Object.fromEntries(this.platforms.adapters.map((a) => [a.name, a.connected()]));
  }

  /** Runs a slash command in a server (on that server's shard) and waits for its callback. */
  async slash(guildId: string, channelId: string, name: string, options: unknown[] = []) {
    const { id } = this.fake.interact({
      type: 2,
      guild_id: guildId,
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: guildId, name: "general" },
      // Manage Server, so that /studybot's admin commands run.
      member: member("500000000000000001", "alice", MANAGE_GUILD),
      data: { id: "1", name, type: 1, options },
    });
    await this.fake.until(() => this.fake.callback(id) !== undefined);
    return this.fake.callback(id)!;
  }
}
