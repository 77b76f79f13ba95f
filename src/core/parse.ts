import { type Command, type Period, QUIZ_MAX_COUNT, type Weekday } from "./commands.js";
import { UserError } from "./errors.js";
import { suggestCommand } from "./suggest.js";
import { clip } from "./text.js";
import { canonicalTimeZone, parseTimeOfDay, suggestTimeZones } from "./time.js";
import { userText } from "./user-text.js";

/** The longest message we read; anything longer is refused politely, not processed. */
export const MAX_INPUT_LENGTH = 2000;
export const MAX_TERM_LENGTH = 200;
export const MAX_TEAM_NAME_LENGTH = 32;

const ANSWER = /^(?:answer\s+)?([a-h](?:[\s,]*[a-h]){0,4})$/i;

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
  const answer = ANSWER.exec(text);
  if (answer) return { name: "answer", letters: answer[1]!.replace(/[\s,]/g, "").toUpperCase() };

  const [head = "", ...args] = text.split(/\s+/);
  const rest = text.slice(head.length).trim();
  switch (head.toLowerCase()) {
    case "help":
    case "?":
      return { name: "help" };
    case "topics":
      return rest ? { name: "topics", area: rest } : { name: "topics" };
    case "lookup":
    case "look":
    case "find":
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
      return args[0]
        ? { name: "review", count: parseCount(args[0], "review") }
        : { name: "review" };
    case "leaderboard":
    case "top":
      return parseLeaderboard(args);
    case "stats":
      return args[0] ? { name: "stats", user: rest } : { name: "stats" };
    case "team":
      return parseTeam(args, rest);
    case "setup":
      return parseSetup(args);
    case "pause":
    case "resume":
    case "post-now":
    case "status":
      if (args.length > 0) {
        throw new UserError(`\`${head.toLowerCase()}\` takes no arguments.`);
      }
      return { name: head.toLowerCase() as "pause" | "resume" | "post-now" | "status" };
    default: {
      if (/^[a-z]$/i.test(head) && !rest) {
        throw new UserError(
          `"${userText(head)}" is not one of the options.`,
          "Answer with an option's letter, like `B`, or two for Select TWO, like `B D`.",
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
 * The limits every command obeys, however it arrived: typed text is checked while parsed;
 * a platform's native options (Discord) are checked here, with the same messages.
 */
export function checkCommand(command: Command): Command {
  const tooLong = (what: string, value: string, max: number) => {
    if (value.length > max)
      throw new UserError(`That ${what} is too long (the limit is ${max} characters).`);
  };
  switch (command.name) {
    case "lookup":
      if (!command.term.trim())
        throw new UserError("What should I look up?", (cmd) => `Try ${cmd("lookup shield")}.`);
      tooLong("search", command.term, MAX_TERM_LENGTH);
      break;
    case "quiz":
      if (command.topic !== undefined) tooLong("topic name", command.topic, MAX_TERM_LENGTH);
      if (command.count !== undefined) parseCount(String(command.count), "quiz");
      break;
    case "review":
      if (command.count !== undefined) parseCount(String(command.count), "review");
      break;
    case "topics":
      if (command.area !== undefined) tooLong("area name", command.area, MAX_TERM_LENGTH);
      break;
    case "stats":
      if (command.user !== undefined) tooLong("user name", command.user, MAX_TERM_LENGTH);
      break;
    case "team-join":
      return parseTeam(["join", ...command.team.split(/\s+/)], `join ${command.team}`);
    default:
      break;
  }
  return command;
}

function parseQuiz(args: string[]): Command {
  // `quiz`, `quiz 10`, `quiz shield`, `quiz shield 10`, `quiz shield advanced 3`
  const last = args.at(-1);
  const count = last !== undefined && /^\d+$/.test(last) ? parseCount(last, "quiz") : undefined;
  const topicWords = count === undefined ? args : args.slice(0, -1);
  const topic = topicWords.join(" ");
  if (topic.length > MAX_TERM_LENGTH) {
    throw new UserError(
      `That topic name is too long (the limit is ${MAX_TERM_LENGTH} characters).`,
    );
  }
  return {
    name: "quiz",
    ...(topic ? { topic } : {}),
    ...(count !== undefined ? { count } : {}),
  };
}

function parseCount(text: string, command: string): number {
  const count = Number(text);
  if (!/^\d{1,3}$/.test(text) || count < 1 || count > QUIZ_MAX_COUNT) {
    throw new UserError(
      `The number of questions must be between 1 and ${QUIZ_MAX_COUNT}.`,
      (cmd) => `Try ${cmd(`${command} 5`)}.`,
    );
  }
  return count;
}

function parseLeaderboard(args: string[]): Command {
  let period: Period = "week";
  let teams = false;
  for (const arg of args) {
    const word = arg.toLowerCase();
    if (word === "week" || word === "month" || word === "all") period = word;
    else if (word === "teams" || word === "team") teams = true;
    else {
      throw new UserError(
        `I can't read "${userText(clip(arg, 40))}" in a leaderboard request.`,
        (cmd) =>
          `Try ${cmd("leaderboard")}, ${cmd("leaderboard month")}, ${cmd("leaderboard all teams")}.`,
      );
    }
  }
  return { name: "leaderboard", period, teams };
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

function parseSetup(args: string[]): Command {
  const usage = (cmd: (text: string) => string) =>
    `Try ${cmd("setup 09:00 Europe/Berlin weekdays")} (time, IANA time zone, then optional days and topics).`;
  const [timeText, zoneText, ...more] = args;
  if (!timeText || !zoneText) throw new UserError("Setup needs a time and a time zone.", usage);
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
  let days: Weekday[] = [0, 1, 2, 3, 4, 5, 6];
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
