import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "yaml";

export interface SiblingIds {
  topics: ReadonlyMap<string, string>;
  questions: ReadonlyMap<string, string>;
}

/**
 * The topic and question ids the other decks in `outDir` use, with the deck folder of each:
 * ids are unique across decks, so an import into the content folder must not reuse them.
 * Read loosely (file names, `id:` fields): those decks are lint's business, not ours.
 */
export function siblingIds(outDir: string, except: string): SiblingIds {
  const topics = new Map<string, string>();
  const questions = new Map<string, string>();
  const ids = { topics, questions };
  if (!existsSync(outDir)) return ids;
  for (const entry of readdirSync(outDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === except) continue;
    const deck = join(outDir, entry.name);
    if (!existsSync(join(deck, "deck.yaml"))) continue;
    for (const file of list(join(deck, "topics"), ".md"))
      topics.set(basename(file, ".md"), entry.name);
    for (const file of list(join(deck, "questions"), ".yaml")) {
      try {
        const items: unknown = parse(readFileSync(file, "utf8"));
        if (!Array.isArray(items)) continue;
        for (const item of items) {
          const id = (item as { id?: unknown } | null)?.id;
          if (typeof id === "string") questions.set(id, entry.name);
        }
      } catch {
        // A broken file of another deck: lint reports it; it holds no ids we can read.
      }
    }
  }
  return ids;
}

function list(dir: string, extension: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith(extension))
    .map((n) => join(dir, n));
}
