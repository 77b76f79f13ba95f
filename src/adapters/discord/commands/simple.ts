import { SlashCommandBuilder } from "discord.js";
import type { DiscordCommand } from "./types.js";

/** A slash command without options that runs the core command of the same name. */
export function simpleCommand(
  name: "help" | "review" | "season" | "hall",
  description: string,
): DiscordCommand {
  return {
    data: new SlashCommandBuilder().setName(name).setDescription(description).toJSON(),
    execute: () => ({ command: () => ({ name }) }),
  };
}
