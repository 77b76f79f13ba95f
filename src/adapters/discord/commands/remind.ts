import { SlashCommandBuilder } from "discord.js";
import { remindCommand } from "../../../core/parse.js";
import type { DiscordCommand } from "./types.js";

/** `/remind set|off|show`: a direct message when reviews are due. */
export const remindSlashCommand = {
  data: new SlashCommandBuilder()
    .setName("remind")
    .setDescription("A direct message when your reviews are due")
    .addSubcommand((s) =>
      s
        .setName("set")
        .setDescription("Remind me at a local time when cards are due")
        .addStringOption((o) =>
          o
            .setName("time")
            .setDescription("24-hour HH:MM, e.g. 08:00")
            .setRequired(true)
            .setMaxLength(5),
        )
        .addStringOption((o) =>
          o
            .setName("timezone")
            .setDescription("An IANA time zone, e.g. Europe/Berlin")
            .setRequired(true)
            .setAutocomplete(true)
            .setMaxLength(64),
        )
        .addStringOption((o) =>
          o
            .setName("days")
            .setDescription("daily, weekdays, weekends or mon,wed,fri")
            .setMaxLength(40),
        ),
    )
    .addSubcommand((s) => s.setName("show").setDescription("My reminder, and when it comes next"))
    .addSubcommand((s) => s.setName("off").setDescription("No more reminders"))
    .toJSON(),
  execute: (i) => {
    const sub = i.options.getSubcommand(true);
    if (sub === "set") {
      const fields = {
        time: i.options.getString("time", true),
        timezone: i.options.getString("timezone", true),
        days: i.options.getString("days") ?? undefined,
      };
      return { command: () => remindCommand(fields) };
    }
    return { command: () => (sub === "off" ? { name: "remind-off" } : { name: "remind" }) };
  },
  autocomplete: (i, bot) => bot.autocompleteTimeZones(i.options.getFocused()),
} satisfies DiscordCommand;
