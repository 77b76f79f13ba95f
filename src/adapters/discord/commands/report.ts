import { SlashCommandBuilder } from "discord.js";
import type { DiscordCommand } from "./types.js";

/** `/report [reason]`: the question last answered here is wrong or unclear (feedback has a button too). */
export const reportCommand = {
  data: new SlashCommandBuilder()
    .setName("report")
    .setDescription("Tell the admins the question you just answered is wrong or unclear")
    .addStringOption((o) =>
      o.setName("reason").setDescription("What is wrong with it").setMaxLength(500),
    )
    .toJSON(),
  execute: (i) => {
    const reason = i.options.getString("reason");
    return { command: () => (reason ? { name: "report", reason } : { name: "report" }) };
  },
} satisfies DiscordCommand;
