import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CONTENT_CACHE_FILE } from "../../../src/app/wiring.js";
import { startTarget, type TargetProcess } from "./child.js";
import type { DiscordClick, SlackClick } from "./posts.js";
import { seedDueQuestion } from "./seed.js";

const checkout = fileURLToPath(new URL("../../../", import.meta.url));
/** The built app, as `npm start` runs it (`npm run bench:platforms` builds it first). */
const CLI = join(checkout, "dist", "cli.js");
export const CONTENT_DIR = join(checkout, "content");

/**
 * What Studybot's runs showed, for the comparison apps to get byte for byte the same clicks
 * (and, for the Bolt app that replies, the same reply): Studybot runs first in each round.
 */
export interface StudybotSample {
  /** Its daily post's blocks too: what the Web API posting targets post. */
  slack?: { click: SlackClick; blocks: unknown[]; response?: Record<string, unknown> };
  discord?: { click: DiscordClick };
}

/**
 * `node dist/cli.js serve` on a fresh database whose one channel question is due, in its own
 * folder (its working directory too, so no .env of the checkout is read), logging off. The
 * folder holds the decks' content cache already, as a bot restarted after a deploy finds it
 * (its first start ever parses the YAML, and idles about 20 MB higher: see the README).
 */
export async function startStudybot(
  scratch: string,
  where: { platform: "slack" | "discord"; workspace: string; channel: string },
  env: Record<string, string>,
): Promise<TargetProcess> {
  const dir = mkdtempSync(join(scratch, `studybot-${where.platform}-`));
  const database = join(dir, "bench.db");
  seedDueQuestion(database, where.platform, where.workspace, where.channel);
  await writeContentCache(join(dir, CONTENT_CACHE_FILE));
  return startTarget(
    CLI,
    { DATABASE_PATH: database, CONTENT_DIR, LOG_LEVEL: "silent", ...env },
    dir,
  );
}

/**
 * The cache the built bot would write: made by the built cache module itself (its key covers
 * the loader's own files, so one made from the TypeScript sources would not match).
 */
async function writeContentCache(file: string): Promise<void> {
  const built = (await import(
    join(checkout, "dist", "content", "cache.js")
  )) as typeof import("../../../src/content/cache.js");
  await built.loadLibraryCached(CONTENT_DIR, file);
}
