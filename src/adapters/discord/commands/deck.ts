import { SlashCommandBuilder } from "discord.js";
import type { DiscordCommand } from "./types.js";

/** `/deck show|use`: the deck studied here and the others; the member's own choice. */
export const deckCommand = {
  data: new SlashCommandBuilder()
    .setName("deck")
    .setDescription("The deck studied here, the others, and your own choice")
    .addSubcommand((s) => s.setName("show").setDescription("The deck studied here, and the others"))
    .addSubcommand((s) =>
      s
        .setName("use")
        .setDescription("Your own deck for private study (DMs, and channels without one)")
        .addStringOption((o) =>
          o
            .setName("deck")
            .setDescription("A deck, or default")
            .setRequired(true)
            .setAutocomplete(true)
            .setMaxLength(64),
        ),
    )
    .toJSON(),
  execute: (i) => {
    if (i.options.getSubcommand(true) === "show") return { command: () => ({ name: "deck" }) };
    const deck = i.options.getString("deck", true);
    return { command: () => ({ name: "deck-use", deck }) };
  },
  autocomplete: (i, bot) => bot.autocompleteDecks(i.options.getFocused()),
} satisfies DiscordCommand;
