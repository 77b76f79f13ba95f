import { SlashCommandBuilder } from "discord.js";
import { QUIZ_MAX_COUNT } from "../../../core/commands.js";
import type { DiscordCommand } from "./types.js";

export const reviewCommand = {
  data: new SlashCommandBuilder()
    .setName("review")
    .setDescription("The questions your memory schedule says are due")
    .addStringOption((o) =>
      o
        .setName("topic")
        .setDescription("Only this topic or area's due cards")
        .setAutocomplete(true)
        .setMaxLength(200),
    )
    .addIntegerOption((o) =>
      o
        .setName("count")
        .setDescription("How many questions")
        .setMinValue(1)
        .setMaxValue(QUIZ_MAX_COUNT),
    )
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
  autocomplete: (i, bot) => bot.autocompleteTopics(i.options.getFocused()),
} satisfies DiscordCommand;
