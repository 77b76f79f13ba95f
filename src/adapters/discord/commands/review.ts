import { SlashCommandBuilder } from "discord.js";
import type { DiscordCommand } from "./types.js";

export const reviewCommand = {
  data: new SlashCommandBuilder()
    .setName("review")
    .setDescription("The questions your memory schedule says are due")
    .toJSON(),
  execute: () => ({ command: () => ({ name: "review" }) }),
} satisfies DiscordCommand;
