import { ChannelType, PermissionFlagsBits, SlashCommandBuilder } from "discord.js";
import { parseCommand, setupCommand } from "../../../core/parse.js";
import type { DiscordCommand } from "./types.js";

const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

/** The daily question's settings: Manage Server by default, and checked again on every call. */
export const studybotCommand = {
  data: new SlashCommandBuilder()
    .setName("studybot")
    .setDescription("The daily question (Manage Server)")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(0)
    .addSubcommand((s) =>
      s
        .setName("setup")
        .setDescription("Post a daily question in a channel")
        .addChannelOption((o) =>
          o
            .setName("channel")
            .setDescription("Where")
            .setRequired(true)
            .addChannelTypes(...TEXT_CHANNELS),
        )
        .addStringOption((o) =>
          o
            .setName("time")
            .setDescription("24-hour HH:MM, e.g. 09:00")
            .setRequired(true)
            .setMaxLength(5),
        )
        .addStringOption((o) =>
          o
            .setName("timezone")
            .setDescription("IANA zone, e.g. Europe/Berlin")
            .setRequired(true)
            .setAutocomplete(true)
            .setMaxLength(64),
        )
        .addStringOption((o) =>
          o
            .setName("days")
            .setDescription("daily, weekdays, weekends, mon,wed,fri ...")
            .setMaxLength(60),
        )
        .addStringOption((o) =>
          o
            .setName("topics")
            .setDescription("Topic or area ids, comma-separated")
            .setMaxLength(500),
        ),
    )
    .addSubcommand((s) => s.setName("pause").setDescription("Pause this channel's daily question"))
    .addSubcommand((s) =>
      s.setName("resume").setDescription("Resume this channel's daily question"),
    )
    .addSubcommand((s) =>
      s
        .setName("post-now")
        .setDescription("Post an extra question now")
        .addChannelOption((o) =>
          o
            .setName("channel")
            .setDescription("Where (default: here)")
            .addChannelTypes(...TEXT_CHANNELS),
        ),
    )
    .addSubcommand((s) => s.setName("status").setDescription("This channel's daily question"))
    .addSubcommand((s) =>
      s
        .setName("reports")
        .setDescription("Questions members reported; close one by its id")
        .addIntegerOption((o) =>
          o.setName("close").setDescription("The id of a report to close").setMinValue(1),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName("season")
        .setDescription("How long this server's seasons run")
        .addStringOption((o) =>
          o
            .setName("length")
            .setDescription("Default: monthly")
            .setRequired(true)
            .addChoices(
              { name: "weekly", value: "weekly" },
              { name: "monthly", value: "monthly" },
              { name: "quarterly", value: "quarterly" },
            ),
        )
        .addStringOption((o) =>
          o
            .setName("start")
            .setDescription("Weekly: a weekday (mon); monthly, quarterly: a day 1 to 28")
            .setMaxLength(10),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName("recap")
        .setDescription("This channel's weekly recap: its day and time, or off")
        .addStringOption((o) =>
          o
            .setName("day")
            .setDescription("A weekday (mon), or off")
            .setRequired(true)
            .setMaxLength(10),
        )
        .addStringOption((o) =>
          o
            .setName("time")
            .setDescription("24-hour HH:MM (default: the daily question's)")
            .setMaxLength(5),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName("deck")
        .setDescription("The deck this channel studies")
        .addStringOption((o) =>
          o
            .setName("deck")
            .setDescription("A deck, or default")
            .setRequired(true)
            .setAutocomplete(true)
            .setMaxLength(64),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName("live-starters")
        .setDescription("Who may start live rounds in this server")
        .addStringOption((o) =>
          o
            .setName("who")
            .setDescription("Default: everyone")
            .setRequired(true)
            .addChoices(
              { name: "everyone", value: "everyone" },
              { name: "admins only", value: "admins" },
            ),
        ),
    )
    .toJSON(),
  execute: (i) => {
    const sub = i.options.getSubcommand(true);
    if (sub === "season") {
      const words = [
        "season",
        i.options.getString("length", true),
        i.options.getString("start") ?? "",
      ];
      return { command: () => parseCommand(words.join(" ").trim()) };
    }
    if (sub === "recap") {
      const day = i.options.getString("day", true);
      const time = i.options.getString("time") ?? "";
      return {
        command: () =>
          parseCommand(
            day.trim().toLowerCase() === "off" ? "recap off" : `setup recap ${day} ${time}`.trim(),
          ),
      };
    }
    if (sub === "deck") {
      const deck = i.options.getString("deck", true);
      return { command: () => ({ name: "deck-set", deck }) };
    }
    if (sub === "live-starters") {
      const who = i.options.getString("who", true) === "admins" ? "admins" : "everyone";
      return { command: () => ({ name: "live-starters", who }) };
    }
    const channel = i.options.getChannel("channel");
    const where = channel ? { channelId: channel.id } : {};
    if (sub === "setup") {
      const fields = {
        time: i.options.getString("time", true),
        timezone: i.options.getString("timezone", true),
        days: i.options.getString("days") ?? undefined,
        topics: i.options.getString("topics") ?? undefined,
      };
      return { ...where, command: () => setupCommand(fields) };
    }
    if (sub === "reports") {
      const close = i.options.getInteger("close");
      return {
        command: () =>
          close === null ? { name: "reports" } : { name: "reports-close", id: close },
      };
    }
    const name = sub === "post-now" || sub === "pause" || sub === "resume" ? sub : "status";
    return { ...where, command: () => ({ name }) };
  },
  autocomplete: (i, bot) =>
    i.options.getSubcommand(false) === "deck"
      ? bot.autocompleteDecks(i.options.getFocused())
      : bot.autocompleteTimeZones(i.options.getFocused()),
} satisfies DiscordCommand;
