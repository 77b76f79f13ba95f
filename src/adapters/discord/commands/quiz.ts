import { SlashCommandBuilder } from "discord.js";
import { QUIZ_MAX_COUNT } from "../../../core/commands.js";
import { topicOption, topicSuggestions, wholeNumberOption } from "./options.js";
import type { DiscordCommand } from "./types.js";

export const quizCommand = {
  data: new SlashCommandBuilder()
    .setName("quiz")
    .setDescription("A private practice quiz")
    .addStringOption(topicOption("A topic or area (default: your least-known questions)"))
    .addIntegerOption(wholeNumberOption("count", "How many questions", QUIZ_MAX_COUNT))
    .toJSON(),
  execute: (i) => {
    const topic = i.options.getString("topic");
    const count = i.options.getInteger("count");
    return {
      command: () => ({
        name: "quiz",
        ...(topic ? { topic } : {}),
        ...(count !== null ? { count } : {}),
      }),
    };
  },
  autocomplete: topicSuggestions,
} satisfies DiscordCommand;
