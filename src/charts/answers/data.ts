import type { AnswerChartData } from "../../core/chart-data.js";

export type { AnswerChartData };

import { count, head, LIMITS } from "../bounds.js";
import { plain } from "../text.js";

export interface AnswerBar {
  letter: string;
  text: string;
  count: number;
  /** Of the people who answered, 0..1. */
  share: number;
  correct: boolean;
}

export interface AnswerSummary {
  title: string;
  answered: number;
  options: AnswerBar[];
}

const LETTERS = "ABCDEFGH";

/** Cuts the input to what the chart draws (up to 8 options); never throws. */
export function summarizeAnswers(data: AnswerChartData): AnswerSummary {
  const options = head(data.options, LIMITS.options).filter((o) => o && typeof o === "object");
  const counts = options.map((o) => count(o.count));
  // Nobody can have picked an option more often than people answered.
  const answered = Math.max(count(data.answered), ...counts, 0);
  return {
    title: plain(typeof data.title === "string" ? data.title : ""),
    answered,
    options: options.map((o, i) => ({
      letter: plain(String(o.letter ?? "")).slice(0, 2) || LETTERS[i]!,
      text: plain(typeof o.text === "string" ? o.text : ""),
      count: counts[i]!,
      share: answered > 0 ? counts[i]! / answered : 0,
      correct: o.correct === true,
    })),
  };
}
