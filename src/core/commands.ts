/** The typed commands of the one grammar every platform shares. */
export type Period = "week" | "month" | "all";

/** Days of the week a schedule posts on: 0 = Sunday ... 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export type Command =
  | { name: "help" }
  | { name: "topics"; area?: string }
  | { name: "lookup"; term: string }
  | { name: "quiz"; topic?: string; count?: number }
  /** `fresh`: start new questions even though nothing is due ("review new"). */
  | { name: "review"; topic?: string; count?: number; fresh?: boolean }
  | { name: "exam"; count?: number; minutes?: number }
  /**
   * Answers the question on screen: by letters, or for a true/false question by `truth`
   * ("true", "f"). With `askId` (a button), exactly that ask.
   */
  | { name: "answer"; letters: string; truth?: boolean; askId?: string }
  /** Answers the channel's open question of the day by typing (`daily B`). */
  | { name: "daily-answer"; letters: string }
  /** Session controls: show the current question again, skip it, or end the session. */
  | { name: "repeat" }
  | { name: "skip" }
  | { name: "quit" }
  /** Practise again the questions missed in the member's last finished session here. */
  | { name: "retry" }
  | { name: "leaderboard"; period: Period; teams: boolean }
  | { name: "stats"; user?: string }
  | { name: "team-join"; team: string }
  | { name: "team-leave" }
  | { name: "team-list" }
  | { name: "setup"; time: string; timezone: string; days: Weekday[]; topics: string[] }
  | { name: "pause" }
  | { name: "resume" }
  | { name: "post-now" }
  | { name: "status" };

export type CommandName = Command["name"];

/** Commands only a workspace admin may run: they change the channel's daily quiz. */
export const ADMIN_COMMANDS: ReadonlySet<CommandName> = new Set([
  "setup",
  "pause",
  "resume",
  "post-now",
  "status",
]);

export const QUIZ_MAX_COUNT = 20;
export const QUIZ_DEFAULT_COUNT = 5;
export const REVIEW_DEFAULT_COUNT = 10;
/** An exam rehearsal: at most the real exam's 65 questions and 180 minutes. */
export const EXAM_MAX_COUNT = 65;
export const EXAM_MAX_MINUTES = 180;
