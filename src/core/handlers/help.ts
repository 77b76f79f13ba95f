import { COMMAND_WORDS, type HelpSection } from "../commands.js";
import type { Env, Requester } from "../env.js";
import { examDefaults } from "../exam.js";
import type { View } from "../views.js";
import { deckLine } from "./deck.js";

const SECTIONS: readonly HelpSection[] = [
  "Learn",
  "Your session",
  "Compete",
  "Daily question (admins)",
  "Question reports (admins)",
];

/** The commands, from the one command table, with the deck they teach. */
export function help(env: Env, r: Requester): View[] {
  const c = r.cmd;
  const exam = examDefaults(env.library);
  const decks = [
    ...env.library.decks.map((d) => `**${d.title}**: ${d.description}`),
    deckLine(env, r),
  ]
    .filter(Boolean)
    .join("\n");
  const examDefault =
    exam.exam.share === 100
      ? `as ${exam.exam.name}`
      : `this deck's ${exam.exam.share}% share of ${exam.exam.name} (${exam.exam.questions} questions, ${exam.exam.minutes} minutes)`;
  const lines = [decks];
  for (const section of SECTIONS) {
    lines.push("", `**${section}**`);
    for (const command of COMMAND_WORDS) {
      if (command.section !== section || (command.typedOnly && !r.typedAnswers)) continue;
      const usage = command.usage ? `${command.word} ${command.usage}` : command.word;
      // The summary's own examples are written `like this`: shown as this platform types them.
      const summary = command.summary.replace(/`([^`]+)`/g, (_, text: string) => c(text));
      const extra =
        command.word === "exam"
          ? `. Default: ${exam.questions} questions in ${exam.minutes} minutes, ${examDefault}`
          : "";
      lines.push(`- ${c(usage)}: ${summary}${extra}`);
    }
    if (section === "Your session" && !r.typedAnswers) {
      lines.push(
        "- Answer with the buttons under each question",
        `- ${c("session")}: show the question again, skip it, end it, or retry what you missed`,
      );
    }
  }
  return [{ ephemeral: true, tone: "info", title: "Studybot help", text: lines.join("\n") }];
}
