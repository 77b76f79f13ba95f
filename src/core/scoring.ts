import type { Question } from "../content/schema.js";
import type { Member, MemberProgress } from "./ports.js";
import { addDays } from "./time.js";

/**
 * The scoring rules, as the README states them:
 * - a right answer scores by difficulty: easy 10, medium 15, hard 20; a wrong one scores 0
 *   (never negative). "Select TWO" is right only with exactly the right options.
 * - a question scores once per member per UTC day: answering it again that day is recorded
 *   and reschedules the card, but earns nothing.
 * - the streak counts consecutive UTC days with at least one answer. The first right answer of
 *   each day adds a streak bonus of 2 points per streak day, at most 20.
 */
export const POINTS_BY_DIFFICULTY: Record<Question["difficulty"], number> = {
  easy: 10,
  medium: 15,
  hard: 20,
};
export const STREAK_BONUS_PER_DAY = 2;
export const STREAK_BONUS_MAX = 20;

export interface Score {
  points: number;
  base: number;
  streakBonus: number;
  /** Why no points: already scored today. */
  repeat: boolean;
  progress: MemberProgress;
}

/** The streak a member has on `day`: continued from yesterday, kept today, or broken. */
export function streakOn(member: Pick<Member, "streak" | "streakDay">, day: string): number {
  if (member.streakDay === day) return member.streak;
  if (member.streakDay === addDays(day, -1)) return member.streak + 1;
  return 1;
}

/** The streak to show today: a streak whose last day was before yesterday is over. */
export function currentStreak(member: Pick<Member, "streak" | "streakDay">, today: string): number {
  if (member.streakDay === today || member.streakDay === addDays(today, -1)) return member.streak;
  return 0;
}

export function scoreAnswer(input: {
  member: Member;
  question: Question;
  correct: boolean;
  day: string;
  /** The member already answered this question today. */
  repeatToday: boolean;
  /** The member already had a right answer today (any question). */
  rightAnswerToday: boolean;
  /** False for an exam rehearsal: recorded and counted, but no points. */
  scored?: boolean;
}): Score {
  const { member, question, correct, day } = input;
  const streak = streakOn(member, day);
  const scores = input.scored !== false;
  const base =
    scores && correct && !input.repeatToday ? POINTS_BY_DIFFICULTY[question.difficulty] : 0;
  const streakBonus =
    base > 0 && !input.rightAnswerToday
      ? Math.min(streak * STREAK_BONUS_PER_DAY, STREAK_BONUS_MAX)
      : 0;
  const points = base + streakBonus;
  return {
    points,
    base,
    streakBonus,
    repeat: correct && input.repeatToday,
    progress: {
      totalPoints: member.totalPoints + points,
      answered: member.answered + 1,
      correct: member.correct + (correct ? 1 : 0),
      streak,
      streakDay: day,
    },
  };
}

/**
 * A live round's speed bonus, as the README states it: a right answer that scores earns up to
 * half its difficulty points again, falling linearly from the moment the question appears to
 * its deadline (whole points, rounded). Nothing for a wrong answer or a repeat that scores 0.
 */
export const SPEED_BONUS_SHARE = 0.5;

export function speedBonus(base: number, elapsedMs: number, windowMs: number): number {
  if (base <= 0 || windowMs <= 0) return 0;
  const left = 1 - Math.min(Math.max(elapsedMs, 0), windowMs) / windowMs;
  return Math.round(base * SPEED_BONUS_SHARE * left);
}
