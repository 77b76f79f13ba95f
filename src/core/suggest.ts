import { COMMAND_WORDS } from "./commands.js";
import { editDistance } from "./text.js";

/**
 * What a person probably meant by a command we don't know: a word people use for one of ours
 * ("teams", "search ddos"), or one of ours with a typo ("leaderbord"). `rest` is the text after
 * the word; it fills the suggestion's argument when there is one, and follows a corrected typo.
 * Null when nothing is close.
 */
export function suggestCommand(word: string, rest = ""): string | null {
  const typed = word.toLowerCase();
  // Own keys only: "constructor" or "__proto__" must not find Object's prototype.
  const synonym = Object.hasOwn(SYNONYMS, typed) ? SYNONYMS[typed] : undefined;
  // A function, so that "$&" or "$1" in what was typed is taken as it is, not as a pattern.
  if (synonym) return rest ? synonym.replace(/<[a-z]+>/, () => rest) : synonym;
  if (typed.length < 3) return null;
  let best: { command: string; distance: number } | null = null;
  for (const command of COMMANDS) {
    const distance = editDistance(typed, command);
    // Short words tolerate one slip, longer ones two; never suggest a word for a different one.
    if (distance > (command.length <= 5 ? 1 : 2)) continue;
    // Between two words as close, a slip of a key ("reportx") is likelier than a key too many:
    // the word of the same length wins.
    const closer =
      !best ||
      distance < best.distance ||
      (distance === best.distance &&
        command.length === typed.length &&
        best.command.length !== typed.length);
    if (closer) best = { command, distance };
  }
  // The rest stays: `anser b` means `answer b`, and `dialy c` means `daily c`.
  if (!best) return null;
  return rest ? `${best.command} ${rest}` : best.command;
}

/** Every command word people can type, from the one command table. */
const COMMANDS = COMMAND_WORDS.map((c) => c.word);

const SYNONYMS: Readonly<Record<string, string>> = {
  teams: "team list",
  join: "team join <name>",
  leave: "team leave",
  board: "leaderboard",
  ranking: "leaderboard",
  rank: "leaderboard",
  scores: "leaderboard",
  score: "stats",
  me: "stats",
  profile: "stats",
  search: "lookup <term>",
  define: "lookup <term>",
  explain: "lookup <term>",
  practice: "quiz",
  test: "quiz",
  question: "quiz",
  due: "review",
  mock: "exam",
  next: "skip",
  pass: "skip",
  exit: "quit",
  cancel: "quit",
  finish: "quit",
  redo: "retry",
  schedule: "status",
  postnow: "post-now",
  unpause: "resume",
  commands: "help",
};
