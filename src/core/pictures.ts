import type { Question } from "../content/schema.js";
import type { ChartRequest } from "./chart-data.js";
import type { Env } from "./env.js";
import type { Ask, CardState, Member, Standing } from "./ports.js";
import { readiness } from "./progress.js";
import { currentStreak } from "./scoring.js";
import { addDays, utcDay } from "./time.js";
import { LETTERS } from "./views.js";

/** The study calendar's reach: 12 weeks. */
const CALENDAR_DAYS = 84;
const FORECAST_DAYS = 14;

/**
 * A member's stats as a picture: 30 days of points and accuracy, a 12-week study calendar with
 * the streak, the next 14 days' due cards, and mastery per area of the deck. Cached per member,
 * day and answer count: it changes only when they answer.
 */
export async function statsPicture(
  env: Env,
  member: Member,
  cards: readonly CardState[],
  now: Date,
): Promise<ChartRequest> {
  const today = utcDay(now);
  const days = await env.store.dayScores(member.id, addDays(today, -(CALENDAR_DAYS - 1)));
  const forecast = new Map<string, number>();
  const last = addDays(today, FORECAST_DAYS - 1);
  for (const card of cards) {
    // Overdue cards are due today.
    const day = card.due <= now ? today : utcDay(card.due);
    if (day <= last) forecast.set(day, (forecast.get(day) ?? 0) + 1);
  }
  return {
    kind: "stats",
    key: `stats:${member.id}:${today}:${member.answered}:${env.library.decks[0]!.id}`,
    data: {
      memberName: member.displayName,
      today,
      days: days.filter((d) => d.day >= addDays(today, -29)),
      studyDays: days.filter((d) => d.answered > 0).map((d) => d.day),
      streak: currentStreak(member, today),
      forecast: [...forecast]
        .map(([day, due]) => ({ day, due }))
        .sort((a, b) => (a.day < b.day ? -1 : 1)),
      areas: readiness(env, cards, now).map((a) => ({ title: a.area.title, mastery: a.readiness })),
    },
  };
}

/** How a channel answered a question, as a bar per option in the order shown, the right marked. */
export function answersPicture(
  title: string,
  ask: Ask,
  question: Question,
  answers: readonly { chosen: number[] }[],
): ChartRequest {
  return {
    kind: "answers",
    key: `answers:${ask.id}:${answers.length}`,
    data: {
      title,
      answered: answers.length,
      options: ask.optionOrder.map((original, shown) => ({
        letter: LETTERS[shown]!,
        text: question.options[original]!.text,
        count: answers.filter((a) => a.chosen.includes(original)).length,
        correct: question.options[original]!.correct,
      })),
    },
  };
}

/** The top of a leaderboard as a card. */
export function leaderboardPicture(title: string, rows: readonly Standing[]): ChartRequest {
  return {
    kind: "leaderboard",
    key: `leaderboard:${title}:${rows.map((r) => `${r.id}=${r.points}`).join(",")}`,
    data: {
      title,
      rows: rows.map((r) => ({
        rank: r.rank,
        name: r.name,
        points: r.points,
        ...(r.members !== undefined ? { members: r.members } : {}),
      })),
    },
  };
}
