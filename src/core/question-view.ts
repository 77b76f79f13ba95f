import { type Question, requiredPicks } from "../content/schema.js";
import { encodeAction } from "./actions.js";
import type { Env, Requester } from "./env.js";
import { topicOf } from "./env.js";
import type { Ask } from "./ports.js";
import type { Score } from "./scoring.js";
import { utcDay } from "./time.js";
import { LETTERS, type View } from "./views.js";

const PICK_WORDS = ["", "ONE", "TWO", "THREE"];

/** The view that asks a question, options in the ask's shuffled order. */
export function questionView(
  env: Env,
  r: Pick<Requester, "cmd" | "typedAnswers">,
  ask: Ask,
  question: Question,
  heading: string,
): View {
  const topic = topicOf(env, question);
  const picks = requiredPicks(question);
  const options = ask.optionOrder.map((original, shown) => {
    const letter = LETTERS[shown]!;
    return {
      letter,
      text: question.options[original]!.text,
      actionId: encodeAction({ type: "answer", askId: ask.id, letters: letter }),
    };
  });
  const how =
    picks > 1
      ? `Pick ${PICK_WORDS[picks] ?? picks} options, then submit`
      : `Answer with a ${r.typedAnswers ? "letter" : "button"}`;
  const howTo = r.typedAnswers ? `${how} (typed: ${r.cmd(picks > 1 ? "B D" : "B")}).` : `${how}.`;
  return {
    ephemeral: ask.memberId !== null,
    tone: "info",
    title: `${heading} · ${topic.title}`,
    text: question.kind === "truefalse" ? `True or false? ${question.prompt}` : question.prompt,
    question: {
      askId: ask.id,
      kind: question.kind,
      picks,
      options,
      ...(picks > 1 ? { submitActionId: encodeAction({ type: "submit", askId: ask.id }) } : {}),
    },
    footer: howTo,
  };
}

/** Private feedback on an answer: right or wrong, why each option is right or wrong, points. */
export function feedbackView(
  env: Env,
  r: Requester,
  ask: Ask,
  question: Question,
  chosen: number[],
  correct: boolean,
  score: Score,
  nextDue: Date,
): View {
  const topic = topicOf(env, question);
  const letterOf = (original: number) => LETTERS[ask.optionOrder.indexOf(original)]!;
  const rightLetters = question.options
    .map((o, i) => (o.correct ? letterOf(i) : ""))
    .filter(Boolean)
    .sort()
    .join(" ");
  const picked = chosen.map(letterOf).sort().join(" ");
  const lines = ask.optionOrder.map((original, shown) => {
    const option = question.options[original]!;
    const mark = option.correct ? "✅" : chosen.includes(original) ? "❌" : "▫️";
    return `${mark} **${LETTERS[shown]}. ${option.text}**: ${option.why}`;
  });
  const pointsText = score.repeat
    ? "Right again, but this question already scored for you today."
    : score.points > 0
      ? `+${score.points} points${score.streakBonus > 0 ? ` (including a ${score.streakBonus}-point streak bonus)` : ""} · streak ${score.progress.streak} day${score.progress.streak === 1 ? "" : "s"}`
      : "No points this time: you'll see this one again soon.";
  return {
    ephemeral: true,
    tone: correct ? "success" : "warning",
    replacesQuestion: true,
    title: correct ? "✅ Right!" : "❌ Not quite",
    text: [
      correct ? `You picked ${picked}.` : `You picked ${picked}; the answer is ${rightLetters}.`,
      question.explanation,
      "",
      ...lines,
    ].join("\n"),
    fields: [
      { name: "Points", value: pointsText },
      { name: "Next review", value: describeDue(nextDue, r.now), inline: true },
    ],
    buttons: [
      {
        label: `Learn more: ${topic.title}`,
        actionId: encodeAction({ type: "lookup", topicId: topic.id }),
        command: `lookup ${topic.id}`,
      },
      // Where a learner finds a question wrong is right here, with it on screen.
      {
        label: "Report a problem",
        actionId: encodeAction({ type: "report", askId: ask.id }),
        command: "report",
        style: "secondary",
      },
    ],
  };
}

function describeDue(due: Date, now: Date): string {
  const days = Math.round((due.getTime() - now.getTime()) / 86_400_000);
  if (days <= 0) return "today";
  if (days === 1) return "tomorrow";
  return `in ${days} days (${utcDay(due)})`;
}
