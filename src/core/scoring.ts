import type { Question } from "../content/schema.js";
import type { Member, MemberProgress } from "./ports.js";

/**
 * The scoring rules, as the README states them:
 * - a right answer scores by difficulty: easy 10, medium 15, hard 20; a wrong one scores 0
 *   (never negative). "Select TWO" is right only with exactly the right options.
 * - a question scores once per member per UTC day: answering it again that day is recorded
 *   and reschedules the card, but earns nothing.
 * - the streak counts consecutive UTC days with at least one answer. The first right answer of
 *   each day adds a streak bonus of 2 points per streak day, at most 20.
 * - streak freezes: every 7th day of a streak earns a freeze (at most 2 held). Days missed are
 *   covered by the freezes held, one each, when the member next answers: the streak goes on
 *   (the frozen days add nothing to it). A gap longer than the freezes held starts it again
 *   (the freezes are kept). The stores apply the same rule in SQL (saveAnswer).
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

type StreakFields = Pick<Member, "streak" | "streakDay" | "freezes">;

/** Days missed between the member's last streak day and `day` (-1: the same day; null: none). */
function missedBefore(member: StreakFields, day: string): number | null {
  if (!member.streakDay) return null;
  return Math.round((Date.parse(day) - Date.parse(member.streakDay)) / 86_400_000) - 1;
}

/** Whether the days missed before `day` are covered: none, or no more than the freezes held. */
function covered(member: StreakFields, day: string): boolean {
  const missed = missedBefore(member, day);
  return missed !== null && missed >= 0 && missed <= member.freezes;
}

/** The streak a member has on `day` once they answer: kept today, continued (over freezes), or new. */
export function streakOn(member: StreakFields, day: string): number {
  if (member.streakDay === day) return member.streak;
  return covered(member, day) ? member.streak + 1 : 1;
}

/** The streak to show today: alive while the days missed since are covered by freezes. */
export function currentStreak(member: StreakFields, today: string): number {
  if (member.streakDay === today || covered(member, today)) return member.streak;
  return 0;
}

/**
 * Freezes as of today: held (less those the days missed since will use) and used (counting
 * those), so `stats` shows what the next answer will leave.
 */
export function freezesOn(
  member: StreakFields & Pick<Member, "freezesUsed">,
  today: string,
): { held: number; used: number } {
  const missed = member.streakDay === today ? 0 : (missedBefore(member, today) ?? 0);
  const pending = covered(member, today) ? missed : 0;
  return { held: member.freezes - pending, used: member.freezesUsed + pending };
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
