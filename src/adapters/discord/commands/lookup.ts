import { SlashCommandBuilder } from "discord.js";
import { topicSuggestions } from "./options.js";
import type { DiscordCommand } from "./types.js";

export const lookupCommand = {
  data: new SlashCommandBuilder()
    .setName("lookup")
    .setDescription("Look a topic up: summary, key points, example")
    .addStringOption((o) =>
      o
        .setName("term")
        .setDescription("A topic, service or phrase (try: ddos)")
        .setRequired(true)
        .setAutocomplete(true)
        .setMaxLength(200),
    )
    .toJSON(),
  execute: (i) => ({
    command: () => ({ name: "lookup", term: i.options.getString("term", true) }),
  }),
  autocomplete: topicSuggestions,
} satisfies DiscordCommand;
