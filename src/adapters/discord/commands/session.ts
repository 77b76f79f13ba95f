import { SlashCommandBuilder } from "discord.js";
import { UserError } from "../../../core/errors.js";
import type { DiscordCommand } from "./types.js";

/** Discord has no typed grammar: the session controls are a command (and buttons). */
const CONTROLS = ["repeat", "skip", "quit", "retry"] as const;
type Control = (typeof CONTROLS)[number];

export const sessionCommand = {
  data: new SlashCommandBuilder()
    .setName("session")
    .setDescription("Your quiz, review or exam: show the question again, skip it, end, retry")
    .addStringOption((o) =>
      o
        .setName("do")
        .setDescription("What to do")
        .setRequired(true)
        .addChoices(
          { name: "repeat: show the current question again", value: "repeat" },
          { name: "skip: no score; it comes back at the end", value: "skip" },
          { name: "quit: end it, with its report", value: "quit" },
          { name: "retry: practise what you missed last time", value: "retry" },
        ),
    )
    .toJSON(),
  execute: (i) => {
    const value = i.options.getString("do", true);
    const control = CONTROLS.find((c): c is Control => c === value);
    return {
      command: () => {
        if (!control) throw new UserError("Choose what to do from the list.");
        return { name: control };
      },
    };
  },
} satisfies DiscordCommand;
