import { SlashCommandBuilder } from "discord.js";
import type { Period } from "../../../core/commands.js";
import type { DiscordCommand } from "./types.js";

export const leaderboardCommand = {
  data: new SlashCommandBuilder()
    .setName("leaderboard")
    .setDescription("Who is ahead in this server")
    .addStringOption((o) =>
      o
        .setName("period")
        .setDescription("Default: the last 7 days")
        .addChoices(
          { name: "week", value: "week" },
          { name: "month", value: "month" },
          { name: "all time", value: "all" },
          { name: "this season", value: "season" },
        ),
    )
    .addBooleanOption((o) => o.setName("teams").setDescription("Rank teams instead of people"))
    .addBooleanOption((o) =>
      o.setName("deck").setDescription("Only the points of the deck studied in this channel"),
    )
    .toJSON(),
  execute: (i) => {
    const period = (i.options.getString("period") ?? "week") as Period;
    const teams = i.options.getBoolean("teams") ?? false;
    const deck = i.options.getBoolean("deck") ?? false;
    return {
      command: () => ({
        name: "leaderboard",
        period: ["week", "month", "all", "season"].includes(period) ? period : "week",
        teams,
        ...(deck ? { deck } : {}),
      }),
    };
  },
} satisfies DiscordCommand;
