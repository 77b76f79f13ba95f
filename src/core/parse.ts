import {
  type Command,
  commandWord,
  EXAM_MAX_COUNT,
  EXAM_MAX_MINUTES,
  LIVE_LIMITS,
  type Period,
  QUIZ_MAX_COUNT,
  type Weekday,
} from "./commands.js";
import { UserError } from "./errors.js";
import { suggestCommand } from "./suggest.js";
import { clip } from "./text.js";
import { canonicalTimeZone, parseTimeOfDay, suggestTimeZones } from "./time.js";
import { userText } from "./user-text.js";

/** The longest message we read; anything longer is refused politely, not processed. */
export const MAX_INPUT_LENGTH = 2000;
export const MAX_TERM_LENGTH = 200;
export const MAX_TEAM_NAME_LENGTH = 32;

type Cmd = (text: string) => string;

/** Option letters: "B", "b d", "B,D". At most five, the options of a Select TWO question. */
const LETTERS = /^[a-h](?:[\s,]*[a-h]){0,4}$/i;

/**
 * The words that answer a true/false question, in any case. A lone `f` is false, not option F:
 * it is how people type false, and no question has an option F (they have 4, 5 or 2 options).
 * To pick an option F anyway, type `answer F`: after `answer`, `f` is always the letter.
 * `answer t` is true, since there is no option T.
 */
const TRUTH: ReadonlyMap<string, boolean> = new Map([
  ["true", true],
  ["t", true],
  ["false", false],
  ["f", false],
]);

/**
 * Anything that looks like a number at all: "5", "007", "-1", "1.5", "1,5", "1e9". Such a token
 * is a count (or minutes), never part of a topic name, so a bad one is refused with its range
 * instead of being looked up as a topic or silently ignored.
 */
const NUMERIC = /^[-+]?(?:\d[\d.,]*|[.,]\d+)(?:e[-+]?\d+)?$/i;

/** A number of minutes with its unit: "30m", "30min", "30 minutes" (joined first). */
const WITH_MINUTES = /^([-+]?[\d.,]+(?:e[-+]?\d+)?)(?:m|mins?|minutes?)$/i;

/**
 * Parses the text of Slack's `/study ...`, a console line or a test, into a typed command.
 * Throws UserError with a message that says what would work.
 */
export function parseCommand(input: string): Command {
  const text = input.trim();
  if (text.length > MAX_INPUT_LENGTH) {
    throw new UserError(
      `That message is too long (${text.length} characters; the limit is ${MAX_INPUT_LENGTH}).`,
      (cmd) => `Try ${cmd("help")} to see the commands.`,
    );
  }
  if (!text) return { name: "help" };
  const answer = readAnswer(text);
  if (answer) return answer;

  const [head = "", ...args] = text.split(/\s+/);
  const known = commandWord(head);
  const word = known?.word ?? head.toLowerCase();
  const rest = text.slice(head.length).trim();
  if (known?.bare) {
    if (args.length > 0)
      throw new UserError(`\`${word}\` takes no arguments.`, (cmd) => `Try ${cmd(word)}.`);
    return { ...known.bare };
  }
  switch (word) {
    case "help":
      return { name: "help" };
    case "topics":
      return rest ? { name: "topics", area: rest } : { name: "topics" };
    case "lookup":
      if (!rest)
        throw new UserError("What should I look up?", (cmd) => `Try ${cmd("lookup shield")}.`);
      if (rest.length > MAX_TERM_LENGTH) {
        throw new UserError(
          `That search is too long (the limit is ${MAX_TERM_LENGTH} characters).`,
          (cmd) => `Try a few words, like ${cmd("lookup ddos")}.`,
        );
      }
      return { name: "lookup", term: rest };
    case "quiz":
      return parseQuiz(args);
    case "review":
      return parseReview(args);
    case "exam":
      return parseExam(rest);
    case "answer":
      // Only reached when what follows `answer` is neither letters nor true/false.
      throw new UserError(
        rest ? `"${userText(clip(rest, 40))}" is not an option letter.` : "Answer with what?",
        answerHint,
      );
    case "daily":
      return parseDaily(rest);
    case "leaderboard":
      return parseLeaderboard(args);
    case "stats":
      return args[0] ? { name: "stats", user: rest } : { name: "stats" };
    case "team":
      return parseTeam(args, rest);
    case "setup":
      if (args[0]?.toLowerCase() === "recap") return parseRecap(args.slice(1));
      return parseSetup(args);
    case "recap":
      if (args.length === 1 && args[0]!.toLowerCase() === "off") return { name: "recap-off" };
      if (args.length === 1 && args[0]!.toLowerCase() === "on")
        return { name: "recap-set", day: 1, time: null };
      throw new UserError(
        "That is not a recap command.",
        (cmd) => `Try ${cmd("recap off")}, or ${cmd("setup recap mon 09:00")}.`,
      );
    case "report":
      return rest ? { name: "report", reason: rest } : { name: "report" };
    case "reports":
      return parseReports(args);
    case "live":
      return parseLive(args);
    case "season":
      return parseSeason(args);
    case "remind":
      if (args.length === 0) return { name: "remind" };
      if (args.length === 1 && ["off", "stop", "none"].includes(args[0]!.toLowerCase()))
        return { name: "remind-off" };
      return parseRemind(args);
    case "deck":
      if (args.length === 0) return { name: "deck" };
      if (args[0]!.toLowerCase() === "use") {
        if (args.length === 2) return { name: "deck-use", deck: args[1]! };
        throw new UserError("Which deck?", (cmd) => `Try ${cmd("deck")} for the list.`);
      }
      if (args.length === 1) return { name: "deck-set", deck: args[0]! };
      throw new UserError(
        "A deck id is one word.",
        (cmd) => `Try ${cmd("deck")} for the list, then ${cmd("deck use <id>")}.`,
      );
    default: {
      if (/^[a-z]$/i.test(head) && !rest) {
        throw new UserError(
          `"${userText(head)}" is not one of the options.`,
          "Answer with an option's letter, like `B`, or two for Select TWO, like `B D`; a true/false question takes `true` or `false`.",
        );
      }
      // What was typed is echoed back, in the message and inside the suggested command.
      const guess = suggestCommand(head, rest && userText(clip(rest, 60)));
      throw new UserError(`I don't know the command "${userText(clip(head, 40))}".`, (cmd) =>
        guess
          ? `Did you mean ${cmd(guess)}? ${cmd("help")} lists them all.`
          : `Try ${cmd("help")} for the list, or ${cmd("lookup <term>")} to find a topic.`,
      );
    }
  }
}

/**
 * `live`, `live kms`, `live kms 5`, `live kms 5 30` (or `30s`), `live stop`, `live join`,
 * `live summary`, `live starters admins|everyone`. Trailing numbers are the count, then the
 * seconds; a number with an `s` is the seconds wherever it stands.
 */
function parseLive(args: string[]): Command {
  const verb = args[0]?.toLowerCase();
  if (args.length === 1 && (verb === "stop" || verb === "end")) return { name: "live-stop" };
  if (args.length === 1 && verb === "join") return { name: "live-join" };
  if (args.length === 1 && verb === "summary") return { name: "live-summary" };
  if (verb === "starters" || verb === "who") {
    const who = args[1]?.toLowerCase();
    if (args.length === 2 && (who === "admins" || who === "everyone"))
      return { name: "live-starters", who };
    throw new UserError(
      "Who may start live rounds: `admins` or `everyone`?",
      (cmd) => `Try ${cmd("live starters admins")} or ${cmd("live starters everyone")}.`,
    );
  }
  const words = [...args];
  let seconds: number | undefined;
  const withUnit = words.findIndex((w) => /^\d+s$/i.test(w));
  if (withUnit >= 0) seconds = Number(words.splice(withUnit, 1)[0]!.slice(0, -1));
  const numbers: number[] = [];
  while (words.length > 0 && NUMERIC.test(words.at(-1)!) && numbers.length < 2)
    numbers.unshift(Number(words.pop()));
  if (numbers.length === 2 && seconds === undefined) seconds = numbers.pop();
  if (numbers.length === 2) throw liveUsage("A live round takes one count and one time.");
  const topic = words.join(" ");
  tooLong("topic name", topic, MAX_TERM_LENGTH);
  return checkCommand({
    name: "live",
    ...(topic ? { topic } : {}),
    ...(numbers[0] !== undefined ? { count: numbers[0] } : {}),
    ...(seconds !== undefined ? { seconds } : {}),
  });
}

function liveUsage(message: string): UserError {
  return new UserError(
    message,
    (cmd) =>
      `For example ${cmd("live")} (${LIVE_LIMITS.defaultCount} questions, ${LIVE_LIMITS.defaultSeconds} seconds each), or ${cmd("live kms 5 30")}.`,
  );
}

/** `reports`, or `reports close <id>`. */
function parseReports(args: string[]): Command {
  if (args.length === 0) return { name: "reports" };
  const [verb, id, ...extra] = args;
  const number = Number(id);
  if (verb?.toLowerCase() === "close" && Number.isInteger(number) && number > 0 && !extra.length)
    return { name: "reports-close", id: number };
  throw new UserError(
    "That is not a reports command.",
    (cmd) => `Try ${cmd("reports")} to list them, or ${cmd("reports close 3")} to close report 3.`,
  );
}

/**
 * The limits every command obeys, however it arrived: typed text is checked while parsed;
 * a platform's native options (Discord) are checked here, with the same messages.
 */
export function checkCommand(command: Command): Command {
  switch (command.name) {
    case "lookup":
      if (!command.term.trim())
        throw new UserError("What should I look up?", (cmd) => `Try ${cmd("lookup shield")}.`);
      tooLong("search", command.term, MAX_TERM_LENGTH);
      break;
    case "quiz":
    case "review": {
      const topic = command.topic ?? "";
      tooLong("topic name", topic, MAX_TERM_LENGTH);
      const fresh = command.name === "review" && command.fresh === true;
      const example = withTopic(fresh ? "review new" : command.name, topic);
      checkWhole(command.count, QUIZ_MAX_COUNT, () => countError(QUIZ_MAX_COUNT, example));
      break;
    }
    case "exam":
      checkWhole(command.count, EXAM_MAX_COUNT, () => countError(EXAM_MAX_COUNT, "exam 20"));
      checkWhole(command.minutes, EXAM_MAX_MINUTES, minutesError);
      break;
    case "daily-answer":
      return parseDaily(command.letters);
    case "topics":
      if (command.area !== undefined) tooLong("area name", command.area, MAX_TERM_LENGTH);
      break;
    case "stats":
      if (command.user !== undefined) tooLong("user name", command.user, MAX_TERM_LENGTH);
      break;
    case "team-join":
      return parseTeam(["join", ...command.team.split(/\s+/)], `join ${command.team}`);
    case "report":
      if (command.reason !== undefined) tooLong("reason", command.reason, MAX_REASON_LENGTH);
      break;
    case "live":
      tooLong("topic name", command.topic ?? "", MAX_TERM_LENGTH);
      if (
        command.count !== undefined &&
        !(
          Number.isInteger(command.count) &&
          command.count >= 1 &&
          command.count <= LIVE_LIMITS.maxCount
        )
      )
        throw liveUsage(`A live round has 1 to ${LIVE_LIMITS.maxCount} questions.`);
      if (
        command.seconds !== undefined &&
        !(
          Number.isInteger(command.seconds) &&
          command.seconds >= LIVE_LIMITS.minSeconds &&
          command.seconds <= LIVE_LIMITS.maxSeconds
        )
      )
        throw liveUsage(
          `Each question takes ${LIVE_LIMITS.minSeconds} to ${LIVE_LIMITS.maxSeconds} seconds.`,
        );
      break;
    default:
      break;
  }
  return command;
}

function tooLong(what: string, value: string, max: number): void {
  if (value.length > max)
    throw new UserError(`That ${what} is too long (the limit is ${max} characters).`);
}

/** A number from native options (Discord): integer options still allow 0 or 500. */
function checkWhole(value: number | undefined, max: number, refuse: () => UserError): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= max))
    throw refuse();
}

/** A report's reason: a sentence or two, enough for a maintainer to act on. */
const MAX_REASON_LENGTH = 500;

const answerHint = (cmd: Cmd) =>
  `Type the option's letter, like ${cmd("answer B")} or just ${cmd("B")}, two for Select TWO, like ${cmd("B D")}, or ${cmd("true")} / ${cmd("false")}.`;

/** Letters, alone or after `answer`, or the true/false words (see TRUTH); null for anything else. */
function readAnswer(text: string): Command | null {
  const prefix = /^answer\s+/i.exec(text)?.[0] ?? "";
  const body = text.slice(prefix.length);
  const word = body.toLowerCase();
  const truth = TRUTH.get(word);
  if (truth !== undefined && !(prefix && word === "f"))
    return { name: "answer", letters: "", truth };
  return LETTERS.test(body) ? { name: "answer", letters: lettersOf(body) } : null;
}

/** "b, d" -> "BD". */
function lettersOf(text: string): string {
  return text.replace(/[\s,]/g, "").toUpperCase();
}

/** `daily B`: the channel's question of the day, answered by letter only. */
function parseDaily(rest: string): Command {
  if (LETTERS.test(rest)) return { name: "daily-answer", letters: lettersOf(rest) };
  // The schema fixes a true/false question's options as True, then False.
  throw new UserError(
    rest
      ? `"${userText(clip(rest, 40))}" is not an option letter.`
      : "Which option do you choose for the question of the day?",
    (cmd) =>
      `Answer with its letter, like ${cmd("daily B")}; on a true/false question A is True and B is False.`,
  );
}

function parseQuiz(args: string[]): Command {
  // `quiz`, `quiz 10`, `quiz shield`, `quiz shield 10`, `quiz shield advanced 3`
  const { topic, count } = topicAndCount(args, "quiz");
  return {
    name: "quiz",
    ...(topic ? { topic } : {}),
    ...(count !== undefined ? { count } : {}),
  };
}

function parseReview(args: string[]): Command {
  // `review`, `review 5`, `review kms keys 3`; `review new [topic] [count]` starts new questions
  // even when nothing is due.
  const fresh = args[0]?.toLowerCase() === "new";
  const { topic, count } = topicAndCount(
    fresh ? args.slice(1) : args,
    fresh ? "review new" : "review",
  );
  return {
    name: "review",
    ...(topic ? { topic } : {}),
    ...(count !== undefined ? { count } : {}),
    ...(fresh ? { fresh: true } : {}),
  };
}

/** Topic words, then an optional count: a last token that looks numeric is the count. */
function topicAndCount(args: string[], command: string): { topic: string; count?: number } {
  const last = args.at(-1);
  const hasCount = last !== undefined && NUMERIC.test(last);
  const topic = (hasCount ? args.slice(0, -1) : args).join(" ");
  tooLong("topic name", topic, MAX_TERM_LENGTH);
  if (!hasCount) return { topic };
  const count = wholeNumber(last, QUIZ_MAX_COUNT);
  if (count === undefined) throw countError(QUIZ_MAX_COUNT, withTopic(command, topic));
  return { topic, count };
}

/**
 * `exam`, `exam 20`, `exam 20 30`, `exam 20 30m`: bare numbers are the count, then the minutes;
 * a number with a minutes unit is the minutes wherever it stands.
 */
function parseExam(rest: string): Command {
  const args = rest
    .replace(/(\d)\s+(m|mins?|minutes?)\b/gi, "$1$2")
    .split(/\s+/)
    .filter(Boolean);
  let count: number | undefined;
  let minutes: number | undefined;
  for (const arg of args) {
    const unit = WITH_MINUTES.exec(arg);
    if (!unit && !NUMERIC.test(arg))
      throw examUsage(`I can't read "${userText(clip(arg, 40))}" in an exam request.`);
    if (!unit && count === undefined) {
      count = wholeNumber(arg, EXAM_MAX_COUNT);
      if (count === undefined) throw countError(EXAM_MAX_COUNT, "exam 20");
    } else {
      if (minutes !== undefined) throw examUsage("An exam takes one count and one time.");
      minutes = wholeNumber(unit?.[1] ?? arg, EXAM_MAX_MINUTES);
      if (minutes === undefined) throw minutesError();
    }
  }
  return {
    name: "exam",
    ...(count !== undefined ? { count } : {}),
    ...(minutes !== undefined ? { minutes } : {}),
  };
}

/** A whole number from 1 to max as typed ("7", "007"); "5.0", "+5" and "1e1" are refused. */
function wholeNumber(text: string, max: number): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 && value <= max ? value : undefined;
}

/** "quiz" + "kms" -> "quiz kms 5": the refused command, as it would work. */
function withTopic(command: string, topic: string): string {
  return topic ? `${command} ${userText(clip(topic, 40))} 5` : `${command} 5`;
}

function countError(max: number, example: string): UserError {
  return new UserError(
    `The number of questions must be a whole number from 1 to ${max}.`,
    (cmd) => `Try ${cmd(example)}.`,
  );
}

function minutesError(): UserError {
  return new UserError(
    `The time must be a whole number of minutes from 1 to ${EXAM_MAX_MINUTES}.`,
    (cmd) => `Try ${cmd("exam 20 30")} (20 questions in 30 minutes).`,
  );
}

function examUsage(message: string): UserError {
  return new UserError(
    message,
    (cmd) =>
      `Try ${cmd("exam")}, ${cmd("exam 20")} or ${cmd("exam 20 30")} (questions, then minutes).`,
  );
}

function parseLeaderboard(args: string[]): Command {
  let period: Period = "week";
  let teams = false;
  let deck = false;
  for (const arg of args) {
    const word = arg.toLowerCase();
    if (word === "week" || word === "month" || word === "all" || word === "season") period = word;
    else if (word === "teams" || word === "team") teams = true;
    else if (word === "deck") deck = true;
    else {
      throw new UserError(
        `I can't read "${userText(clip(arg, 40))}" in a leaderboard request.`,
        (cmd) =>
          `Try ${cmd("leaderboard")}, ${cmd("leaderboard month")}, ${cmd("leaderboard all teams")}, ${cmd("leaderboard deck")}.`,
      );
    }
  }
  return { name: "leaderboard", period, teams, ...(deck ? { deck } : {}) };
}

function parseTeam(args: string[], rest: string): Command {
  const action = args[0]?.toLowerCase();
  const name = rest.slice(action?.length ?? 0).trim();
  if (action === "join") {
    if (!name) throw new UserError("Which team?", (cmd) => `Try ${cmd("team join Blue Falcons")}.`);
    if (name.length > MAX_TEAM_NAME_LENGTH) {
      throw new UserError(`Team names can be at most ${MAX_TEAM_NAME_LENGTH} characters.`);
    }
    if (!/^[\p{L}\p{N}][\p{L}\p{N} _'.-]*$/u.test(name)) {
      throw new UserError(
        "Team names use letters, digits, spaces, and - _ ' . only.",
        (cmd) => `Try ${cmd("team join Blue Falcons")}.`,
      );
    }
    return { name: "team-join", team: name.replace(/\s+/g, " ") };
  }
  if (action === "leave" && !name) return { name: "team-leave" };
  if ((action === "list" || action === undefined) && !name) return { name: "team-list" };
  throw new UserError(
    "Teams have three commands: join, leave and list.",
    (cmd) => `Try ${cmd("team join <name>")}, ${cmd("team leave")} or ${cmd("team list")}.`,
  );
}

const DAY_NAMES = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** "mon", "monday" or "mondays" -> 1; anything else (say "monitoring") -> undefined. */
function weekday(word: string): Weekday | undefined {
  const index = DAY_NAMES.findIndex(
    (d) => word === d || word === `${d}s` || word === d.slice(0, 3),
  );
  return index < 0 ? undefined : (index as Weekday);
}

/** Reads "daily", "weekdays", "weekends", "mon,wed,fri" or "mon-fri"; null when it is not days. */
export function parseDays(text: string): Weekday[] | null {
  const word = text.toLowerCase();
  if (word === "daily" || word === "everyday" || word === "every-day") return [0, 1, 2, 3, 4, 5, 6];
  if (word === "weekdays") return [1, 2, 3, 4, 5];
  if (word === "weekends") return [0, 6];
  const days = new Set<Weekday>();
  for (const part of word.split(",")) {
    const [fromWord = "", toWord, ...extra] = part.split("-");
    const from = weekday(fromWord);
    const to = toWord === undefined ? from : weekday(toWord);
    if (from === undefined || to === undefined || extra.length > 0) return null;
    for (let d = from; ; d = ((d + 1) % 7) as Weekday) {
      days.add(d);
      if (d === to) break;
    }
  }
  return [...days].sort();
}

/**
 * Builds a setup command from separate fields (Discord's options), with the same checks and
 * messages as the typed grammar.
 */
export function setupCommand(fields: {
  time: string;
  timezone: string;
  days?: string;
  topics?: string;
}): Command {
  const args = [fields.time.trim() || "?", fields.timezone.trim() || "?"];
  if (fields.days?.trim()) {
    if (!parseDays(fields.days.trim())) {
      throw new UserError(
        `I can't read the days "${userText(clip(fields.days, 40))}".`,
        "Use daily, weekdays, weekends, or a list such as mon,wed,fri or mon-fri.",
      );
    }
    args.push(fields.days.trim());
  }
  return parseSetup([
    ...args,
    ...(fields.topics ? fields.topics.split(/[\s,]+/).filter(Boolean) : []),
  ]);
}

const WEEKDAY_WORDS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** `setup recap <day> [HH:MM]`: the weekly recap's weekday, and its time (default: the schedule's). */
function parseRecap(args: string[]): Command {
  const usage = (cmd: (text: string) => string) =>
    `Try ${cmd("setup recap mon 09:00")}, or ${cmd("recap off")}.`;
  const [dayWord, timeText, ...extra] = args;
  const day = dayWord ? WEEKDAY_WORDS.indexOf(dayWord.toLowerCase().slice(0, 3)) : -1;
  if (day < 0 || extra.length > 0)
    throw new UserError("Which weekday should the recap go out?", usage);
  if (timeText === undefined) return { name: "recap-set", day: day as Weekday, time: null };
  const time = parseTimeOfDay(timeText);
  if (!time) {
    throw new UserError(
      `"${userText(clip(timeText, 20))}" is not a time of day (use 24-hour HH:MM).`,
      usage,
    );
  }
  return { name: "recap-set", day: day as Weekday, time };
}

/** `season`, or (admins) `season weekly [mon]`, `season monthly [1]`, `season quarterly [1]`. */
function parseSeason(args: string[]): Command {
  if (args.length === 0) return { name: "season" };
  const [lengthWord, startWord, ...extra] = args.map((a) => a.toLowerCase());
  const usage = (cmd: (text: string) => string) =>
    `Try ${cmd("season monthly 1")}, ${cmd("season weekly mon")} or ${cmd("season quarterly 1")}.`;
  if (
    extra.length > 0 ||
    (lengthWord !== "weekly" && lengthWord !== "monthly" && lengthWord !== "quarterly")
  ) {
    throw new UserError("Seasons are weekly, monthly or quarterly.", usage);
  }
  if (lengthWord === "weekly") {
    const start = startWord === undefined ? 1 : WEEKDAY_WORDS.indexOf(startWord.slice(0, 3));
    if (start < 0) throw new UserError("A weekly season starts on a weekday, like `mon`.", usage);
    return { name: "season-set", length: "weekly", start };
  }
  const start = startWord === undefined ? 1 : Number(startWord);
  if (!Number.isInteger(start) || start < 1 || start > 28) {
    throw new UserError("A season starts on a day from 1 to 28 (every month has those).", usage);
  }
  return { name: "season-set", length: lengthWord, start };
}

/** `remind 08:00 Europe/Berlin [days]`: the time and zone as setup reads them, then days. */
function parseRemind(args: string[]): Command {
  const usage = (cmd: (text: string) => string) =>
    `Try ${cmd("remind 08:00 Europe/Berlin weekdays")} (time, IANA time zone, then optional days), or ${cmd("remind off")}.`;
  const { time, timezone, more } = parseWhen(args, "A reminder", usage);
  const days = more[0] === undefined ? ALL_DAYS : parseDays(more[0]);
  if (!days || more.length > 1) {
    throw new UserError(`I can't read "${userText(clip(more.join(" "), 40))}" as days.`, usage);
  }
  return { name: "remind-set", time, timezone, days };
}

const ALL_DAYS: Weekday[] = [0, 1, 2, 3, 4, 5, 6];

/** A local time and an IANA zone, first in `args` (setup, remind), with what follows them. */
function parseWhen(
  args: string[],
  what: string,
  usage: (cmd: (text: string) => string) => string,
): { time: string; timezone: string; more: string[] } {
  const [timeText, zoneText, ...more] = args;
  if (!timeText || !zoneText) throw new UserError(`${what} needs a time and a time zone.`, usage);
  const time = parseTimeOfDay(timeText);
  if (!time) {
    throw new UserError(
      `"${userText(clip(timeText, 20))}" is not a time of day (use 24-hour HH:MM).`,
      usage,
    );
  }
  const timezone = canonicalTimeZone(zoneText);
  if (!timezone) {
    const close = suggestTimeZones(zoneText, 3);
    throw new UserError(
      `"${userText(clip(zoneText, 40))}" is not a time zone I know.`,
      close.length > 0
        ? `Did you mean ${close.map((z) => `\`${z}\``).join(" or ")}? Time zones are IANA names.`
        : "Use an IANA name such as Europe/Berlin, America/New_York or UTC.",
    );
  }
  return { time, timezone, more };
}

function parseSetup(args: string[]): Command {
  const usage = (cmd: (text: string) => string) =>
    `Try ${cmd("setup 09:00 Europe/Berlin weekdays")} (time, IANA time zone, then optional days and topics).`;
  const { time, timezone, more } = parseWhen(args, "Setup", usage);
  let days: Weekday[] = ALL_DAYS;
  const first = more[0];
  const parsedDays = first === undefined ? null : parseDays(first);
  const topicArgs = parsedDays ? more.slice(1) : more;
  if (parsedDays) days = parsedDays;
  const topics = topicArgs
    .join(",")
    .split(",")
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  if (topics.length > 50) throw new UserError("A schedule can name at most 50 topics or areas.");
  return { name: "setup", time, timezone, days, topics };
}

/** Discord's `/remind set` options as the `remind` command, with the same checks and messages. */
export function remindCommand(fields: { time: string; timezone: string; days?: string }): Command {
  return parseRemind(
    [fields.time.trim() || "?", fields.timezone.trim() || "?", fields.days?.trim() ?? ""].filter(
      Boolean,
    ),
  );
}
