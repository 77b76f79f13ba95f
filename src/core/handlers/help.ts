import type { Env, Requester } from "../env.js";
import type { View } from "../views.js";

/** The list of commands, with the deck it teaches. */
export function help(env: Env, r: Requester): View[] {
  const c = r.cmd;
  const decks = env.library.decks.map((d) => `**${d.title}**: ${d.description}`).join("\n");
  const lines = [
    decks,
    "",
    "**Learn**",
    `- ${c("lookup <term>")}: a topic card (try ${c("lookup ddos")})`,
    `- ${c("topics [area]")}: every topic, by area`,
    `- ${c("quiz [topic] [count]")}: a private practice quiz`,
    `- ${c("review")}: the questions your memory schedule says are due`,
    r.typedAnswers
      ? "- Answer with the option letter, e.g. `B`, or `B D` for Select TWO"
      : "- Answer with the buttons under each question",
    "",
    "**Compete**",
    `- ${c("leaderboard [week|month|all] [teams]")}: who is ahead`,
    `- ${c("stats [user]")}: answers, accuracy, streak, mastery`,
    `- ${c("team join <name>")} · ${c("team leave")} · ${c("team list")}`,
    "",
    "**Daily question (admins)**",
    `- ${c("setup <HH:MM> <time zone> [days] [topics]")}: e.g. ${c("setup 09:00 Europe/Berlin weekdays")}`,
    `- ${c("pause")} · ${c("resume")} · ${c("post-now")} · ${c("status")}`,
  ];
  return [{ ephemeral: true, tone: "info", title: "Studybot help", text: lines.join("\n") }];
}
