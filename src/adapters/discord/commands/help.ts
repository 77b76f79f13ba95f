import { SlashCommandBuilder } from "discord.js";
import type { DiscordCommand } from "./types.js";

export const helpCommand = {
  data: new SlashCommandBuilder()
    .setName("help")
    .setDescription("What Studybot can do, and the deck it teaches")
    .toJSON(),
  execute: () => ({ command: () => ({ name: "help" }) }),
} satisfies DiscordCommand;
