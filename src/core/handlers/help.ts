import type { Env, Requester } from "../env.js";
import { examDefaults } from "../exam.js";
import type { View } from "../views.js";

/** The list of commands, with the deck it teaches. */
export function help(env: Env, r: Requester): View[] {
  const c = r.cmd;
  const exam = examDefaults(env.library);
  const decks = env.library.decks.map((d) => `**${d.title}**: ${d.description}`).join("\n");
  const lines = [
    decks,
    "",
    "**Learn**",
    `- ${c("lookup <term>")}: a topic card (try ${c("lookup ddos")})`,
    `- ${c("topics [area]")}: every topic, by area`,
    `- ${c("quiz [topic] [count]")}: a private practice quiz (1 to 20 questions)`,
    `- ${c("review [topic] [count]")}: the questions your memory schedule says are due; ${c("review new")} starts new ones`,
    `- ${c("exam [count] [minutes]")}: a timed rehearsal, scored out of 1000 (700 passes). Default: ${exam.questions} questions in ${exam.minutes} minutes, ${exam.exam.share === 100 ? `as ${exam.exam.name}` : `this deck's ${exam.exam.share}% share of ${exam.exam.name} (${exam.exam.questions} questions, ${exam.exam.minutes} minutes)`}`,
    r.typedAnswers
      ? "- Answer the question on screen with its letter, e.g. `B` (`B D` for Select TWO, `true`/`false`); the question of the day with its buttons or `daily B`"
      : "- Answer with the buttons under each question",
    r.typedAnswers
      ? `- ${c("repeat")} shows the question again · ${c("skip")} passes (it comes back) · ${c("quit")} ends with a report · ${c("retry")} practises what you missed`
      : `- ${c("session")}: show the question again, skip it, end it, or retry what you missed`,
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
