import { SlashCommandBuilder } from "discord.js";
import { QUIZ_MAX_COUNT } from "../../../core/commands.js";
import { topicOption, topicSuggestions, wholeNumberOption } from "./options.js";
import type { DiscordCommand } from "./types.js";

export const reviewCommand = {
  data: new SlashCommandBuilder()
    .setName("review")
    .setDescription("The questions your memory schedule says are due")
    .addStringOption(topicOption("Only this topic or area's due cards"))
    .addIntegerOption(wholeNumberOption("count", "How many questions", QUIZ_MAX_COUNT))
    .addBooleanOption((o) =>
      o.setName("new").setDescription("Start new questions even when nothing is due"),
    )
    .toJSON(),
  execute: (i) => {
    const topic = i.options.getString("topic");
    const count = i.options.getInteger("count");
    const fresh = i.options.getBoolean("new");
    return {
      command: () => ({
        name: "review",
        ...(topic ? { topic } : {}),
        ...(count !== null ? { count } : {}),
        ...(fresh ? { fresh: true } : {}),
      }),
    };
  },
  autocomplete: topicSuggestions,
} satisfies DiscordCommand;
