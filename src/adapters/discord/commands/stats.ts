import { SlashCommandBuilder } from "discord.js";
import type { DiscordCommand } from "./types.js";

export const statsCommand = {
  data: new SlashCommandBuilder()
    .setName("stats")
    .setDescription("Answers, accuracy, streak, cards due and mastery")
    .addUserOption((o) => o.setName("user").setDescription("Someone else's stats"))
    .toJSON(),
  execute: (i) => {
    const user = i.options.getUser("user");
    return { command: () => (user ? { name: "stats", user: user.id } : { name: "stats" }) };
  },
} satisfies DiscordCommand;
