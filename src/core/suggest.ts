import { editDistance } from "./text.js";

/**
 * What a person probably meant by a command we don't know: a word people use for one of ours
 * ("teams", "search ddos"), or one of ours with a typo ("leaderbord"). `rest` is the text after
 * the word; it fills the suggestion's argument when there is one. Null when nothing is close.
 */
export function suggestCommand(word: string, rest = ""): string | null {
  const typed = word.toLowerCase();
  const synonym = SYNONYMS[typed];
  // A function, so that "$&" or "$1" in what was typed is taken as it is, not as a pattern.
  if (synonym) return rest ? synonym.replace(/<[a-z]+>/, () => rest) : synonym;
  if (typed.length < 3) return null;
  let best: { command: string; distance: number } | null = null;
  for (const command of COMMANDS) {
    const distance = editDistance(typed, command);
    // Short words tolerate one slip, longer ones two; never suggest a word for a different one.
    if (distance <= (command.length <= 5 ? 1 : 2) && (!best || distance < best.distance))
      best = { command, distance };
  }
  return best?.command ?? null;
}

const COMMANDS = [
  "help",
  "topics",
  "lookup",
  "quiz",
  "review",
  "leaderboard",
  "stats",
  "team",
  "setup",
  "pause",
  "resume",
  "post-now",
  "status",
];

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
  schedule: "status",
  daily: "status",
  postnow: "post-now",
  stop: "pause",
  unpause: "resume",
  commands: "help",
};
