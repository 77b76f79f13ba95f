import { SlashCommandBuilder } from "discord.js";
import { MAX_TEAM_NAME_LENGTH } from "../../../core/parse.js";
import type { DiscordCommand } from "./types.js";

export const teamCommand = {
  data: new SlashCommandBuilder()
    .setName("team")
    .setDescription("Teams in this server")
    .addSubcommand((s) =>
      s
        .setName("join")
        .setDescription("Join (or start) a team")
        .addStringOption((o) =>
          o
            .setName("name")
            .setDescription("The team's name")
            .setRequired(true)
            .setMaxLength(MAX_TEAM_NAME_LENGTH),
        ),
    )
    .addSubcommand((s) => s.setName("leave").setDescription("Leave your team"))
    .addSubcommand((s) => s.setName("list").setDescription("Every team"))
    .toJSON(),
  execute: (i) => {
    const sub = i.options.getSubcommand(true);
    if (sub === "join") {
      const name = i.options.getString("name", true);
      return { command: () => ({ name: "team-join", team: name }) };
    }
    return { command: () => (sub === "leave" ? { name: "team-leave" } : { name: "team-list" }) };
  },
} satisfies DiscordCommand;
