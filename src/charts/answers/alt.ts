import { LIMITS } from "../bounds.js";
import { clampText, percent, plural } from "../text.js";
import { type AnswerChartData, type AnswerSummary, summarizeAnswers } from "./data.js";

/** What the answer chart shows, in words, for its alt text. */
export function answerAltText(data: AnswerChartData): string {
  return answerAlt(summarizeAnswers(data));
}

export function answerAlt(s: AnswerSummary): string {
  const heading = s.title ? `${s.title}: how` : "How";
  if (s.options.length === 0)
    return clampText(`${heading} the channel answered: no options.`, LIMITS.alt);
  const right = s.options.filter((o) => o.correct);
  const rightWords =
    right.length === 0
      ? "No option is marked right."
      : `Right: ${right.map((o) => `${o.letter} (${percent(o.share)}%)`).join(" and ")}.`;
  const total =
    s.answered === 0 ? "nobody answered" : `${plural(s.answered, "person", "people")} answered`;
  // Option texts are cut so every option's numbers fit in the limit, even with eight long ones.
  const options = s.options
    .map(
      (o) =>
        `${o.letter}. ${clampText(o.text, 70)}: ${o.count} (${percent(o.share)}%${o.correct ? ", right" : ""})`,
    )
    .join("; ");
  return clampText(
    `${heading} the channel answered, ${total}. ${rightWords} ${options}.`,
    LIMITS.alt,
  );
}
