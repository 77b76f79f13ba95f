/**
 * What the bot's pictures show, as plain data: the core fills these in, src/charts draws them,
 * and each adapter sends the picture where its platform allows (text stays the fallback).
 * Days are UTC YYYY-MM-DD; names are plain text, never markup.
 */

/** One member's study progress. */
export interface StatsChartData {
  /** Whose stats: drawn as plain text, never interpreted. */
  memberName: string;
  /** The day the chart ends on. */
  today: string;
  /** What the member scored per day; a day missing from the list scored nothing. */
  days: { day: string; points: number; answered: number; correct: number }[];
  /** Days with at least one answer (the calendar's last weeks are drawn). */
  studyDays: string[];
  /** The current streak in days. */
  streak: number;
  /** Cards due per day from today on (overdue ones in today's); a missing day has none. */
  forecast: { day: string; due: number }[];
  /** Mastery per exam area, 0..1, in the order to draw. */
  areas: { title: string; mastery: number }[];
}

/** How a channel answered one question. */
export interface AnswerChartData {
  /** A heading, such as "Question of the day · KMS"; drawn as plain text. */
  title?: string;
  /** How many people answered; one may have picked several options, so counts can add up to more. */
  answered: number;
  /** The options in the order they were shown. */
  options: { letter: string; text: string; count: number; correct: boolean }[];
}

/** The top of a leaderboard. */
export interface LeaderboardCardData {
  /** A heading, such as "Leaderboard: the last 7 days"; drawn as plain text. */
  title?: string;
  /** Best first; a member's or a team's name, drawn as plain text, never interpreted. */
  rows: { rank: number; name: string; points: number; members?: number }[];
}

/**
 * A picture a view asks for. `key` names it for the renderer's cache: the same key, the same
 * picture (a member's stats on a day, with their answer count).
 */
export type ChartRequest = { key?: string } & (
  | { kind: "stats"; data: StatsChartData }
  | { kind: "answers"; data: AnswerChartData }
  | { kind: "leaderboard"; data: LeaderboardCardData }
);
