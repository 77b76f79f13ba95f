import type { Harness } from "./bot.js";

/** The ask an answer control belongs to: `v1:a:<ask>:<letter>` or `v1:s:<ask>`. */
export function askOfControls(actionIds: readonly string[]): string {
  for (const id of actionIds) {
    const match = /^v1:[as]:([a-z0-9-]+)/.exec(id);
    if (match) return match[1]!;
  }
  throw new Error(`no answer control among ${actionIds.join(", ")}`);
}

/**
 * The letters, as shown, of an ask's right options (or of one wrong option), from the database
 * and the deck: what a player who knows (or does not know) the answer clicks.
 */
export async function lettersOf(h: Harness, askId: string, right: boolean): Promise<string[]> {
  const ask = await h.store.getAsk(askId);
  const question = h.bot.library.questions.find((q) => q.id === ask?.questionId);
  if (!ask || !question) throw new Error(`no ask ${askId}`);
  const shown = ask.optionOrder.map((original) => question.options[original]!.correct);
  const letters = (want: boolean) =>
    shown.flatMap((correct, i) => (correct === want ? ["ABCDEFGH"[i]!] : []));
  if (right) return letters(true);
  // A wrong answer of the right size: Select TWO needs two letters, not both right.
  const picks = letters(true).length;
  return [...letters(false).slice(0, 1), ...letters(true)].slice(0, picks);
}

/** The most of these instants (ms) that fall inside any one window of `windowMs`. */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= windowMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}
