import { SlashCommandBuilder } from "discord.js";
import { EXAM_MAX_COUNT, EXAM_MAX_MINUTES } from "../../../core/commands.js";
import { wholeNumberOption } from "./options.js";
import type { DiscordCommand } from "./types.js";

export const examCommand = {
  data: new SlashCommandBuilder()
    .setName("exam")
    .setDescription("A timed exam rehearsal: no feedback until the end, a score out of 1000")
    .addIntegerOption(
      wholeNumberOption(
        "questions",
        "How many questions (default: the deck's share of the real exam)",
        EXAM_MAX_COUNT,
      ),
    )
    .addIntegerOption(
      wholeNumberOption(
        "minutes",
        "How long (default: the deck's share of the real exam)",
        EXAM_MAX_MINUTES,
      ),
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
