import { LIMITS } from "../bounds.js";
import { clampText, formatDay, percent, plural } from "../text.js";
import { type StatsChartData, type StatsSummary, summarize } from "./data.js";

/** What the stats chart shows, in words, for its alt text. */
export function statsAltText(data: StatsChartData): string {
  return statsAlt(summarize(data));
}

export function statsAlt(s: StatsSummary): string {
  const who = s.memberName ? `Study progress of ${s.memberName}` : "Study progress";
  if (s.empty) {
    return clampText(
      `${who}: nothing yet. No answers, study days, due cards or areas so far.`,
      LIMITS.alt,
    );
  }
  const sentences = [
    `${who}, chart up to ${formatDay(s.today)}.`,
    s.answered > 0 || s.points > 0
      ? `Points per day over the last 30 days: ${plural(s.daysStudied, "day")} studied, ${plural(s.points, "point")}, ${plural(s.answered, "answer")}` +
        (s.accuracy === null ? "." : `, accuracy ${percent(s.accuracy)}%.`)
      : "No answers in the last 30 days.",
    `Streak ${plural(s.streak, "day")}.`,
    s.busiest
      ? `${plural(s.dueTotal, "card")} due in the next 14 days, most on ${formatDay(s.busiest.day)} (${s.busiest.due}).`
      : "No cards due in the next 14 days.",
    s.weakest ? areasSentence(s) : "No areas studied yet.",
  ];
  return clampText(sentences.join(" "), LIMITS.alt);
}

function areasSentence(s: StatsSummary): string {
  const weakest = s.weakest!;
  const strongest = s.areas.reduce((best, a) => (a.mastery > best.mastery ? a : best));
  const weak = `Weakest area: ${weakest.title} (${percent(weakest.mastery)}%)`;
  if (s.areas.length === 1) return `${weak}, the only area.`;
  return `Mastery across ${s.areas.length} areas. ${weak}; strongest: ${strongest.title} (${percent(strongest.mastery)}%).`;
}
