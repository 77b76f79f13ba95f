import { SlashCommandBuilder } from "discord.js";
import { EXAM_MAX_COUNT, EXAM_MAX_MINUTES } from "../../../core/commands.js";
import type { DiscordCommand } from "./types.js";

export const examCommand = {
  data: new SlashCommandBuilder()
    .setName("exam")
    .setDescription("A timed exam rehearsal: no feedback until the end, a score out of 1000")
    .addIntegerOption((o) =>
      o
        .setName("questions")
        .setDescription("How many questions (default: the deck's share of the real exam)")
        .setMinValue(1)
        .setMaxValue(EXAM_MAX_COUNT),
    )
    .addIntegerOption((o) =>
      o
        .setName("minutes")
        .setDescription("How long (default: the deck's share of the real exam)")
        .setMinValue(1)
        .setMaxValue(EXAM_MAX_MINUTES),
    )
    .toJSON(),
  execute: (i) => {
    const count = i.options.getInteger("questions");
    const minutes = i.options.getInteger("minutes");
    return {
      command: () => ({
        name: "exam",
        ...(count !== null ? { count } : {}),
        ...(minutes !== null ? { minutes } : {}),
      }),
    };
  },
} satisfies DiscordCommand;
