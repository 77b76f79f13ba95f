import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  type ClientOptions,
  DefaultRestOptions,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  Options,
  PermissionFlagsBits,
  Routes,
  Status,
  type StringSelectMenuInteraction,
} from "discord.js";
import { beforeDeadline } from "../../core/answer-deadline.js";
import { deliver, postErrorOf } from "../../core/deliver.js";
import type { CommandStyle, RequestContext } from "../../core/env.js";
import { InFlight } from "../../core/in-flight.js";
import type { Logger } from "../../core/logger.js";
import type {
  ChannelPoster,
  PlatformAdapter,
  PlatformPart,
  PostError,
} from "../../core/platform.js";
import type { Studybot } from "../../core/studybot.js";
import { errorView, type View } from "../../core/views.js";
import { DISCORD_COMMANDS } from "./commands/index.js";
import { DISCORD_LIMITS } from "./limits.js";
import { attachToReply, postWithPicture } from "./pictures.js";
import { type DiscordMessage, renderDiscord } from "./render.js";
import { formsAsBytes } from "./rest-bodies.js";

/**
 * Discord's commands: `/quiz`, with the admin ones under `/studybot`; answers are buttons only.
 * Instants are Discord timestamps: each reader sees their own time, and a live countdown.
 */
const DISCORD_STYLE: CommandStyle = {
  commandPrefix: "/",
  adminCommandPrefix: "/studybot ",
  typedAnswers: false,
  // Server admins can override a command's default permission: the core checks every call.
  adminRole: "members with the Manage Server permission",
  formatTime: (at) => {
    const seconds = Math.floor(at.getTime() / 1000);
    return `<t:${seconds}:t> (<t:${seconds}:R>)`;
  },
  formatDeadline: (at) => `<t:${Math.floor(at.getTime() / 1000)}:R>`,
};

export interface DiscordOptions {
  token: string;
  /** REST base (default Discord's); a proxy or a test fake. */
  apiUrl?: string;
  /** The gateway shards this process runs; left out, one shard (enough below 2,500 servers). */
  sharding?: DiscordSharding;
  logger: Logger;
}

/**
 * Sharding inside this one process (discord.js's own): one gateway connection per shard, one
 * core, one scheduler, so a channel's daily question goes out once however many shards run.
 */
export interface DiscordSharding {
  /** The bot's total number of shards, or "auto": the count GET /gateway/bot recommends. */
  count: number | "auto";
  /** The shards this process runs (default: all of them); other processes run the rest. */
  ids?: readonly number[];
}

/** Discord as a platform: connected when the gateway session of every shard it runs is up. */
export interface DiscordAdapter extends PlatformAdapter {
  render(view: View): DiscordMessage;
  readonly client: Client;
}

/**
 * The Discord adapter: native slash commands with autocomplete, buttons and select menus,
 * mapped onto the core. Gateway intent Guilds only; caches bounded so memory stays flat.
 */
export function createDiscordAdapter(bot: Studybot, options: DiscordOptions): DiscordAdapter {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...shardOptions(options.sharding),
    rest: {
      api: options.apiUrl ?? "https://discord.com/api",
      retries: 3,
      makeRequest: formsAsBytes(DefaultRestOptions.makeRequest),
    },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: { maxSize: 1, keepOverLimit: (m) => m.id === m.client.user.id },
      UserManager: 100,
      ThreadManager: 0,
      ReactionManager: 0,
      PresenceManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
    }),
  });
  // Interactions being answered now: a stop lets them finish before disconnecting.
  const inFlight = new InFlight();
  client.on(Events.InteractionCreate, (interaction) => {
    // Unanswered while stopping, Discord tells the member it failed: better than half an answer.
    if (inFlight.closed) return;
    void inFlight.track(
      handle(bot, options.logger, interaction).catch((error: unknown) => {
        options.logger.error(
          { err: String(error), platform: "discord" },
          "discord interaction failed",
        );
      }),
    );
  });
  client.on(Events.Error, (error) =>
    options.logger.error({ err: String(error) }, "discord client error"),
  );
  // Debug only: during an outage discord.js retries every second or so; /healthz says it's down.
  client.on(Events.ShardReconnecting, (shard) =>
    options.logger.debug({ shard }, "discord shard reconnecting"),
  );
  client.on(Events.ShardDisconnect, (event, shard) =>
    // A close code discord.js gives up on (bad token, invalid shard, sharding required).
    options.logger.error({ shard, code: event.code }, "discord shard disconnected for good"),
  );
  client.on(Events.GuildDelete, (guild) => {
    // discord.js v14 emits GuildDelete only when the bot was removed from a server (an outage
    // emits GuildUnavailable instead, and `available` is still true here): stop its questions.
    bot
      .workspaceRemoved(
        { platform: "discord", externalId: guild.id },
        "Discord: removed from the server",
      )
      .catch((error: unknown) =>
        options.logger.error({ err: String(error), guild: guild.id }, "recording a removal failed"),
      );
  });

  return {
    client,
    // Channel messages go through REST, which needs the token and no gateway session.
    async startPosting() {
      client.rest.setToken(options.token);
    },
    async start() {
      const ready = new Promise<void>((resolve) =>
        client.once(Events.ClientReady, () => resolve()),
      );
      await client.login(options.token);
      await ready;
      if (options.sharding) {
        // With "auto" only Discord knew the count: say what this process ended up running.
        options.logger.info(
          {
            shards: client.ws.shards.map((shard) => shard.id),
            shardCount: client.options.shardCount,
          },
          "discord shards ready",
        );
      }
      return {}; // the gateway is outbound: no port of ours
    },
    async stop() {
      await inFlight.drain();
      await client.destroy();
    },
    name: "discord",
    style: DISCORD_STYLE,
    connected: () => client.isReady() && shardStates(client).every((shard) => shard.connected),
    ...(options.sharding ? { parts: () => shardStates(client) } : {}),
    poster: discordPoster(client, options.logger),
    render: renderDiscord,
  };
}

/** The Client's shard options; none at all when unsharded, so one shard runs exactly as before. */
function shardOptions(sharding?: DiscordSharding): Pick<ClientOptions, "shards" | "shardCount"> {
  if (!sharding) return {};
  if (sharding.count === "auto") return { shards: "auto" };
  const all = Array.from({ length: sharding.count }, (_, id) => id);
  return { shards: sharding.ids ?? all, shardCount: sharding.count };
}

/**
 * Each shard this process runs, up only when discord.js calls it ready: a shard that lost its
 * connection is "connecting", "identifying" or "resuming" until its new session has its servers.
 * Empty before login (with "auto", the shards are only known then).
 */
function shardStates(client: Client): PlatformPart[] {
  return client.ws.shards.map((shard) => ({
    name: `discord shard ${shard.id}`,
    id: String(shard.id),
    connected: shard.status === Status.Ready,
  }));
}

/**
 * A click in a direct message (a reminder's "Review now", then the review's own buttons): Discord
 * names no server there, so the request belongs to the server where the member set their
 * reminder. Who clicked still comes from the event. Null for anyone without a reminder.
 */
async function directContext(
  bot: Studybot,
  interaction: Interaction,
): Promise<RequestContext | null> {
  if (interaction.guildId) return null;
  const workspace = await bot.directMessageWorkspace("discord", interaction.user.id);
  if (!workspace) return null;
  return {
    workspace,
    user: {
      id: interaction.user.id,
      name: interaction.user.globalName || interaction.user.username,
    },
    channelId: interaction.channelId,
    isAdmin: false,
    ...DISCORD_STYLE,
  };
}

function context(interaction: Interaction, channelId?: string): RequestContext | null {
  if (!interaction.guildId) return null;
  const user = interaction.user;
  return {
    workspace: {
      platform: "discord",
      externalId: interaction.guildId,
      ...(interaction.guild ? { name: interaction.guild.name } : {}),
    },
    user: {
      id: user.id,
      name:
        (interaction.member && "nick" in interaction.member && interaction.member.nick) ||
        user.globalName ||
        user.username,
    },
    channelId: channelId ?? interaction.channelId,
    isAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    ...DISCORD_STYLE,
  };
}

async function handle(bot: Studybot, log: Logger, interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) return autocomplete(bot, interaction);
  if (interaction.isChatInputCommand()) return chatInput(bot, log, interaction);
  if (interaction.isButton() || interaction.isStringSelectMenu())
    return component(bot, log, interaction);
}

async function autocomplete(bot: Studybot, interaction: AutocompleteInteraction): Promise<void> {
  const command = DISCORD_COMMANDS.get(interaction.commandName);
  const choices = (await command?.autocomplete?.(interaction, bot)) ?? [];
  await interaction.respond(
    choices.slice(0, DISCORD_LIMITS.autocompleteChoices).map((c) => ({
      name: c.name.slice(0, DISCORD_LIMITS.choiceName),
      value: c.value.slice(0, DISCORD_LIMITS.choiceName),
    })),
  );
}

async function chatInput(
  bot: Studybot,
  log: Logger,
  interaction: ChatInputCommandInteraction,
): Promise<void> {
  const command = DISCORD_COMMANDS.get(interaction.commandName);
  if (!command) {
    await reply(interaction, [
      errorView("I don't know that command any more; it may have been removed."),
    ]);
    return;
  }
  const request = command.execute(interaction);
  const ctx = context(interaction, request.channelId) ?? (await directContext(bot, interaction));
  if (!ctx) {
    await reply(interaction, [
      errorView("Studybot works inside a server; use its commands in a channel there."),
    ]);
    return;
  }
  // Replied only once what the request recorded is committed.
  const { value: views, deferred } = await beforeDeadline(
    bot.whenCommitted(bot.run(ctx, request.command)),
    async () => {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    },
  );
  await (deferred ? completeDeferred(interaction, views) : reply(interaction, views));
  // A picture (stats, the leaderboard card) follows the text: rendering is off the reply's path.
  if (views[0]?.image) await attachToReply(interaction, views[0], log);
}

async function component(
  bot: Studybot,
  log: Logger,
  interaction: ButtonInteraction | StringSelectMenuInteraction,
): Promise<void> {
  const ctx = context(interaction) ?? (await directContext(bot, interaction));
  if (!ctx) {
    await reply(interaction, [errorView("That button only works inside a server.")]);
    return;
  }
  const letters = interaction.isStringSelectMenu() ? interaction.values.join("") : undefined;
  const privateMessage = interaction.message.flags.has(MessageFlags.Ephemeral);
  // Slow (another process holds the database's write lock): acknowledge in time, answer later.
  const { value: views, deferred } = await beforeDeadline(
    bot.whenCommitted(bot.runAction(ctx, interaction.customId, letters)),
    async () => {
      if (privateMessage) await interaction.deferUpdate();
      else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    },
  );
  const [first, ...rest] = views;
  if (!first) return;
  try {
    if (deferred && privateMessage) {
      // The deferred update edits the question's own message: only feedback replaces it.
      const replaced = first.replacesQuestion === true;
      if (replaced) {
        const { flags: _flags, ...message } = renderDiscord(first);
        await interaction.editReply(message);
      }
      for (const view of replaced ? rest : views) await interaction.followUp(renderDiscord(view));
    } else if (deferred) {
      await completeDeferred(interaction, views);
    } else if (privateMessage && first.replacesQuestion) {
      // A private question is replaced by its feedback, so it cannot be clicked again.
      const { flags: _flags, ...message } = renderDiscord(first);
      await interaction.update(message);
      for (const view of rest) await interaction.followUp(renderDiscord(view));
    } else {
      await reply(interaction, views);
    }
  } catch (error) {
    log.warn({ err: String(error) }, "discord reply failed");
  }
}

type Repliable = ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction;

/**
 * Delivers the views of a request whose reply was deferred (private, "thinking"): the first
 * replaces the placeholder; a public first view goes out as its own message instead.
 */
async function completeDeferred(interaction: Repliable, views: View[]): Promise<void> {
  await deliver(views, {
    first: async (view) => {
      if (view.ephemeral) {
        const { flags: _flags, ...message } = renderDiscord(view);
        await interaction.editReply(message);
      } else {
        await interaction.deleteReply();
        await interaction.followUp(renderDiscord(view));
      }
    },
    rest: (view) => interaction.followUp(renderDiscord(view)),
  });
}

async function reply(interaction: Repliable, views: View[]): Promise<void> {
  await deliver(views, {
    first: (view) => interaction.reply(renderDiscord(view)),
    rest: (view) => interaction.followUp(renderDiscord(view)),
  });
}

/**
 * Unknown Channel, Missing Access, Missing Permissions, Unknown Guild, and Cannot send messages
 * to this user (DMs closed): retrying will not help.
 */
const PERMANENT_CODES = new Set([10003, 10004, 50001, 50007, 50013]);

function discordPoster(client: Client, log: Logger): ChannelPoster {
  const classify = (error: unknown): PostError =>
    error instanceof DiscordAPIError
      ? postErrorOf(
          error,
          typeof error.code === "number" ? error.code : 0,
          PERMANENT_CODES,
          error.status === 403 || error.status === 404,
        )
      : postErrorOf(error, undefined, PERMANENT_CODES);
  // A raw REST body: Discord's own field names only (allowed_mentions, not discord.js's
  // allowedMentions), and no ephemeral flag, which channel messages cannot have.
  const body = (view: View) => {
    const { flags: _flags, allowedMentions: _mentions, ...message } = renderDiscord(view);
    return message;
  };
  return {
    style: DISCORD_STYLE,
    async post(_guild, channelId, view, key) {
      try {
        // Discord dedupes on the nonce: sent again within its window ("the past few minutes"),
        // the same key returns the first message instead of creating a second.
        const message = await postWithPicture(
          client,
          channelId,
          { ...body(view), nonce: key, enforce_nonce: true },
          view,
          log,
        );
        return message.id;
      } catch (error) {
        throw classify(error);
      }
    },
    async openDirect(_guild, userId) {
      try {
        const channel = (await client.rest.post(Routes.userChannels(), {
          body: { recipient_id: userId },
        })) as { id: string };
        return channel.id;
      } catch (error) {
        throw classify(error);
      }
    },
    async update(_guild, channelId, messageId, view) {
      try {
        await client.rest.patch(Routes.channelMessage(channelId, messageId), { body: body(view) });
      } catch (error) {
        throw classify(error);
      }
    },
  };
}
