import { deckCommand } from "./deck.js";
import { examCommand } from "./exam.js";
import { helpCommand } from "./help.js";
import { leaderboardCommand } from "./leaderboard.js";
import { liveCommand } from "./live.js";
import { lookupCommand } from "./lookup.js";
import { quizCommand } from "./quiz.js";
import { remindSlashCommand } from "./remind.js";
import { reportCommand } from "./report.js";
import { reviewCommand } from "./review.js";
import { hallCommand, seasonCommand } from "./season.js";
import { sessionCommand } from "./session.js";
import { statsCommand } from "./stats.js";
import { studybotCommand } from "./studybot.js";
import { teamCommand } from "./team.js";
import { topicsCommand } from "./topics.js";
import type { DiscordCommand } from "./types.js";

/** Every slash command, by name. A duplicate name fails at start-up, not silently. */
export const DISCORD_COMMANDS: ReadonlyMap<string, DiscordCommand> = (() => {
  const all: DiscordCommand[] = [
    helpCommand,
    lookupCommand,
    topicsCommand,
    deckCommand,
    quizCommand,
    reviewCommand,
    remindSlashCommand,
    examCommand,
    sessionCommand,
    reportCommand,
    leaderboardCommand,
    seasonCommand,
    hallCommand,
    liveCommand,
    statsCommand,
    teamCommand,
    studybotCommand,
  ];
  const byName = new Map<string, DiscordCommand>();
  for (const command of all) {
    if (byName.has(command.data.name))
      throw new Error(`two Discord commands are named ${command.data.name}`);
    byName.set(command.data.name, command);
  }
  return byName;
})();
