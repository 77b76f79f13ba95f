import { SlashCommandBuilder } from "discord.js";
import type { DiscordCommand } from "./types.js";

export const topicsCommand = {
  data: new SlashCommandBuilder()
    .setName("topics")
    .setDescription("Every topic, by area")
    .addStringOption((o) => o.setName("area").setDescription("Only this area").setMaxLength(100))
    .toJSON(),
  execute: (i) => {
    const area = i.options.getString("area");
    return { command: () => (area ? { name: "topics", area } : { name: "topics" }) };
  },
} satisfies DiscordCommand;
