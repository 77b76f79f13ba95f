/** The typed commands of the one grammar every platform shares. */
export type Period = "week" | "month" | "all" | "season";

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
  /** `deck`: only the points of the deck studied here. */
  | { name: "leaderboard"; period: Period; teams: boolean; deck?: boolean }
  | { name: "stats"; user?: string }
  | { name: "team-join"; team: string }
  | { name: "team-leave" }
  | { name: "team-list" }
  | { name: "setup"; time: string; timezone: string; days: Weekday[]; topics: string[] }
  | { name: "pause" }
  | { name: "resume" }
  | { name: "post-now" }
  | { name: "status" }
  /** A question is wrong or unclear: the ask named (a button), or the last one answered here. */
  | { name: "report"; reason?: string; askId?: string }
  /** Admins: the workspace's open reports, or close one. */
  | { name: "reports" }
  | { name: "reports-close"; id: number }
  /** A live round in this channel: of a topic or area (or the deck), `count` questions, `seconds` each. */
  | { name: "live"; topic?: string; count?: number; seconds?: number }
  | { name: "live-stop" }
  | { name: "live-join" }
  /** The player's own summary of the channel's last round. */
  | { name: "live-summary" }
  /** Admins: who may start a live round in this workspace. */
  | { name: "live-starters"; who: LiveStarters }
  /** Admins: the channel's weekly recap, its day and time (`setup recap mon 09:00`), or off. */
  | { name: "recap-set"; day: Weekday; time: string | null }
  | { name: "recap-off" }
  /** Seasons: the current one; admins set how long they run; the hall of fame. */
  | { name: "season" }
  | { name: "season-set"; length: "weekly" | "monthly" | "quarterly"; start: number }
  | { name: "hall" }
  /** Review reminders: show them, turn them off, or set them (a local time, a zone, days). */
  | { name: "remind" }
  | { name: "remind-off" }
  | { name: "remind-set"; time: string; timezone: string; days: Weekday[] }
  /** The deck studied here, and the others. */
  | { name: "deck" }
  /** Admins: the channel's deck ("default" clears it). */
  | { name: "deck-set"; deck: string }
  /** The member's own deck for private study ("default" clears it). */
  | { name: "deck-use"; deck: string };

/** Who may start a live round: a workspace setting, everyone by default. */
export type LiveStarters = "everyone" | "admins";

export type CommandName = Command["name"];

/** Commands only a workspace admin may run: they change the channel's daily quiz. */
export const ADMIN_COMMANDS: ReadonlySet<CommandName> = new Set([
  "setup",
  "pause",
  "resume",
  "post-now",
  "status",
  "reports",
  "reports-close",
  "live-starters",
  "deck-set",
  "season-set",
  "recap-set",
  "recap-off",
]);

/** A live round's size and pace (see core/live-rounds.ts for its timeline). */
export const LIVE_LIMITS = {
  defaultCount: 10,
  maxCount: 20,
  defaultSeconds: 20,
  minSeconds: 10,
  maxSeconds: 60,
} as const;

export const QUIZ_MAX_COUNT = 20;
export const QUIZ_DEFAULT_COUNT = 5;
export const REVIEW_DEFAULT_COUNT = 10;
/** An exam rehearsal: at most the real exam's 65 questions and 180 minutes. */
export const EXAM_MAX_COUNT = 65;
export const EXAM_MAX_MINUTES = 180;

/** Where help lists a command. */
export type HelpSection =
  | "Learn"
  | "Your session"
  | "Compete"
  | "Daily question (admins)"
  | "Question reports (admins)";

/**
 * A command as people type it: the one table the parser (words and aliases), suggestions
 * (what a typo is close to) and help (usage and summary) all read.
 */
export interface CommandWord {
  /** The word that starts it. */
  word: string;
  /** Other words that mean the same; parsed exactly as `word`. */
  aliases: readonly string[];
  /** What follows the word, as help shows it: "[topic] [count]". */
  usage: string;
  /** What help says it does. */
  summary: string;
  section: HelpSection;
  /** Takes no arguments: this is the whole command. */
  bare?: Command;
  /** Typed only (a platform that takes no typed text has buttons for it instead). */
  typedOnly?: boolean;
}

export const COMMAND_WORDS: readonly CommandWord[] = [
  {
    word: "help",
    aliases: ["?"],
    usage: "",
    summary: "the commands and the deck",
    section: "Learn",
  },
  {
    word: "lookup",
    aliases: ["look", "find"],
    usage: "<term>",
    summary: "a topic card (try `lookup ddos`)",
    section: "Learn",
  },
  {
    word: "topics",
    aliases: [],
    usage: "[area]",
    summary: "every topic, by area",
    section: "Learn",
  },
  {
    word: "quiz",
    aliases: [],
    usage: "[topic] [count]",
    summary: `a private practice quiz (1 to ${QUIZ_MAX_COUNT} questions)`,
    section: "Learn",
  },
  {
    word: "review",
    aliases: [],
    usage: "[topic] [count]",
    summary: "the questions your memory schedule says are due; `review new` starts new ones",
    section: "Learn",
  },
  {
    word: "exam",
    aliases: [],
    usage: "[count] [minutes]",
    summary: "a timed rehearsal, scored out of 1000 (700 passes)",
    section: "Learn",
  },
  {
    word: "answer",
    aliases: [],
    usage: "<letters>",
    summary: "answer the question on screen (or just type `B`, `B D`, `true`)",
    section: "Your session",
    typedOnly: true,
  },
  {
    word: "daily",
    aliases: [],
    usage: "<letters>",
    summary: "answer the channel's question of the day (its buttons work too)",
    section: "Your session",
    typedOnly: true,
  },
  {
    word: "repeat",
    aliases: ["again", "show"],
    usage: "",
    summary: "show the current question again",
    section: "Your session",
    bare: { name: "repeat" },
    typedOnly: true,
  },
  {
    word: "skip",
    aliases: [],
    usage: "",
    summary: "pass on it: no score, and it comes back at the end",
    section: "Your session",
    bare: { name: "skip" },
    typedOnly: true,
  },
  {
    word: "quit",
    aliases: ["stop", "end"],
    usage: "",
    summary: "end the quiz, review or exam, with its report",
    section: "Your session",
    bare: { name: "quit" },
    typedOnly: true,
  },
  {
    word: "retry",
    aliases: [],
    usage: "",
    summary: "practise again what you missed last time",
    section: "Your session",
    bare: { name: "retry" },
    typedOnly: true,
  },
  {
    word: "leaderboard",
    aliases: ["top"],
    usage: "[week|month|all|season] [teams] [deck]",
    summary: "who is ahead",
    section: "Compete",
  },
  {
    word: "stats",
    aliases: [],
    usage: "[user]",
    summary: "your progress: forecast, readiness, weak topics, exams",
    section: "Compete",
  },
  {
    word: "team",
    aliases: [],
    usage: "join <name> | leave | list",
    summary: "teams inside this workspace",
    section: "Compete",
  },
  {
    word: "remind",
    aliases: ["reminders"],
    usage: "[<HH:MM> <time zone> [days] | off]",
    summary:
      "a direct message when reviews are due (try `remind 08:00 Europe/Berlin weekdays`); `remind` shows yours",
    section: "Learn",
  },
  {
    word: "deck",
    aliases: ["decks"],
    usage: "[use] [id]",
    summary:
      "the deck studied here and the others; `deck use <id>` picks your own; admins: `deck <id>` sets the channel's",
    section: "Learn",
  },
  {
    word: "live",
    aliases: ["game"],
    usage: "[topic] [count] [seconds] | stop | join",
    summary:
      "a timed quiz the whole channel plays together (try `live kms 5 20`); admins: `live starters admins`",
    section: "Compete",
  },
  {
    word: "season",
    aliases: ["seasons"],
    usage: "",
    summary:
      "this season and when it ends; admins: `season monthly 1`, `season weekly mon`, `season quarterly 1`",
    section: "Compete",
  },
  {
    word: "hall",
    aliases: ["fame"],
    usage: "",
    summary: "the hall of fame: every season's winners",
    section: "Compete",
    bare: { name: "hall" },
  },
  {
    word: "report",
    aliases: [],
    usage: "[what is wrong]",
    summary: "tell the admins the question you just answered is wrong or unclear",
    section: "Your session",
  },
  {
    word: "setup",
    aliases: [],
    usage: "<HH:MM> <time zone> [days] [topics]",
    summary: "the channel's daily question (try `setup 09:00 Europe/Berlin weekdays`)",
    section: "Daily question (admins)",
  },
  {
    word: "recap",
    aliases: [],
    usage: "off",
    summary:
      "stop the channel's weekly recap (on by default, Mondays at the daily question's time; `setup recap mon 09:00` sets it)",
    section: "Daily question (admins)",
  },
  {
    word: "pause",
    aliases: [],
    usage: "",
    summary: "stop the daily question",
    section: "Daily question (admins)",
    bare: { name: "pause" },
  },
  {
    word: "resume",
    aliases: [],
    usage: "",
    summary: "start it again",
    section: "Daily question (admins)",
    bare: { name: "resume" },
  },
  {
    word: "post-now",
    aliases: [],
    usage: "",
    summary: "an extra question to the channel now",
    section: "Daily question (admins)",
    bare: { name: "post-now" },
  },
  {
    word: "status",
    aliases: [],
    usage: "",
    summary: "how the daily question is set up",
    section: "Daily question (admins)",
    bare: { name: "status" },
  },
  {
    word: "reports",
    aliases: [],
    usage: "[close <id>]",
    summary: "the questions members reported, oldest first; `reports close 3` closes one",
    section: "Question reports (admins)",
  },
];

/** The command word a typed word names (its own, or an alias's); undefined for none. */
export function commandWord(typed: string): CommandWord | undefined {
  const word = typed.toLowerCase();
  return COMMAND_WORDS.find((c) => c.word === word || c.aliases.includes(word));
}
