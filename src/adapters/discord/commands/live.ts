import { SlashCommandBuilder } from "discord.js";
import { LIVE_LIMITS } from "../../../core/commands.js";
import { topicOption, topicSuggestions } from "./options.js";
import type { DiscordCommand } from "./types.js";

/** `/live start|stop|join|summary`: a timed quiz the whole channel plays together. */
export const liveCommand = {
  data: new SlashCommandBuilder()
    .setName("live")
    .setDescription("A timed quiz the whole channel plays together")
    .addSubcommand((s) =>
      s
        .setName("start")
        .setDescription("Start a live round in this channel")
        .addStringOption(topicOption("A topic or area (default: the whole deck)"))
        .addIntegerOption((o) =>
          o
            .setName("questions")
            .setDescription(`How many questions (default ${LIVE_LIMITS.defaultCount})`)
            .setMinValue(1)
            .setMaxValue(LIVE_LIMITS.maxCount),
        )
        .addIntegerOption((o) =>
          o
            .setName("seconds")
            .setDescription(`Seconds per question (default ${LIVE_LIMITS.defaultSeconds})`)
            .setMinValue(LIVE_LIMITS.minSeconds)
            .setMaxValue(LIVE_LIMITS.maxSeconds),
        ),
    )
    .addSubcommand((s) => s.setName("stop").setDescription("End this channel's round now"))
    .addSubcommand((s) => s.setName("join").setDescription("Play in this channel's round"))
    .addSubcommand((s) =>
      s.setName("summary").setDescription("Your own summary of this channel's last round"),
    )
    .toJSON(),
  execute: (i) => {
    const sub = i.options.getSubcommand(true);
    if (sub === "start") {
      const topic = i.options.getString("topic");
      const count = i.options.getInteger("questions");
      const seconds = i.options.getInteger("seconds");
      return {
        command: () => ({
          name: "live",
          ...(topic ? { topic } : {}),
          ...(count !== null ? { count } : {}),
          ...(seconds !== null ? { seconds } : {}),
        }),
      };
    }
    const name = sub === "stop" ? "live-stop" : sub === "join" ? "live-join" : "live-summary";
    return { command: () => ({ name }) };
  },
  autocomplete: topicSuggestions,
} satisfies DiscordCommand;
