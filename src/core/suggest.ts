/**
 * What a person probably meant by a command we don't know: a word people use for one of ours
 * ("teams", "search ddos"), or one of ours with a typo ("leaderbord"). `rest` is the text after
 * the word; it fills the suggestion's argument when there is one. Null when nothing is close.
 */
export function suggestCommand(word: string, rest = ""): string | null {
  const typed = word.toLowerCase();
  const synonym = SYNONYMS[typed];
  if (synonym) return rest ? synonym.replace(/<[a-z]+>/, rest) : synonym;
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

/** Levenshtein distance with adjacent swaps counted as one edit (typos like "qiuz"). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
