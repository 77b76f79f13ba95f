import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { contentKey, loadLibraryCached } from "../../../src/content/cache.js";
import { loadLibrary } from "../../../src/content/load.js";
import { ContentError } from "../../../src/content/problems.js";
import { MINI_DECK } from "../../helpers/bot.js";

const REAL_CONTENT = new URL("../../../content", import.meta.url).pathname;

/** A copy of a content folder to edit, and where its cache goes. */
function scratch(from = MINI_DECK): { content: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), "studybot-content-cache-"));
  const content = join(dir, "content");
  cpSync(from, content, { recursive: true });
  return { content, cache: join(dir, "content-cache.json") };
}

/** Puts a marker into the cached library, keeping its key: a load that returns it read the cache. */
function markCache(cache: string): void {
  const file = JSON.parse(readFileSync(cache, "utf8")) as {
    library: { topics: { title: string }[] };
  };
  file.library.topics[0]!.title = "FROM THE CACHE";
  writeFileSync(cache, JSON.stringify(file));
}

describe("the content cache", () => {
  it("gives back exactly the library the YAML gives, for the real decks", async () => {
    const { content, cache } = scratch(REAL_CONTENT);
    const fresh = loadLibrary(content);
    expect(await loadLibraryCached(content, cache)).toStrictEqual(fresh);
    expect(existsSync(cache)).toBe(true);
    const cached = await loadLibraryCached(content, cache);
    expect(cached).toStrictEqual(fresh);
  });

  it("reads the cache on the next start when nothing changed", async () => {
    const { content, cache } = scratch();
    await loadLibraryCached(content, cache);
    markCache(cache);
    expect((await loadLibraryCached(content, cache)).topics[0]!.title).toBe("FROM THE CACHE");
  });

  it("reloads from the YAML when a file changes, and keeps the new library", async () => {
    const { content, cache } = scratch();
    await loadLibraryCached(content, cache);
    markCache(cache);
    const deck = join(content, "mini", "deck.yaml");
    writeFileSync(deck, `${readFileSync(deck, "utf8")}\n# an edit\n`);
    const reloaded = await loadLibraryCached(content, cache);
    expect(reloaded).toStrictEqual(loadLibrary(content));
    expect(reloaded.topics[0]!.title).not.toBe("FROM THE CACHE");
    markCache(cache);
    expect((await loadLibraryCached(content, cache)).topics[0]!.title).toBe("FROM THE CACHE");
  });

  it("is keyed by the loader's own code: an upgraded loader does not read an old cache", () => {
    const { content } = scratch();
    const real = dirname(fileURLToPath(new URL("../../../src/content/cache.ts", import.meta.url)));
    // Copies of the loader's modules stand for the loader: one as it is, one a byte changed.
    const copyOfLoader = () => {
      const dir = mkdtempSync(join(tmpdir(), "studybot-loader-"));
      for (const name of readdirSync(real)) {
        if (name.endsWith(".ts")) cpSync(join(real, name), join(dir, name));
      }
      return dir;
    };
    const same = copyOfLoader();
    const upgraded = copyOfLoader();
    appendFileSync(join(upgraded, "schema.ts"), "\n// a new rule\n");
    expect(contentKey(content, same)).toBe(contentKey(content));
    expect(contentKey(content, upgraded)).not.toBe(contentKey(content));
  });

  it("reloads when a file is added", async () => {
    const { content, cache } = scratch();
    await loadLibraryCached(content, cache);
    markCache(cache);
    writeFileSync(join(content, "mini", "NOTES.txt"), "not content, but part of the folder");
    expect((await loadLibraryCached(content, cache)).topics[0]!.title).not.toBe("FROM THE CACHE");
  });

  it("refuses broken content as the loader does, and keeps no cache of it", async () => {
    const { content, cache } = scratch();
    writeFileSync(join(content, "mini", "deck.yaml"), "id: [not, a, deck\n");
    await expect(loadLibraryCached(content, cache)).rejects.toThrow(ContentError);
    expect(existsSync(cache)).toBe(false);
  });

  it("replaces a cache file that is not JSON", async () => {
    const { content, cache } = scratch();
    writeFileSync(cache, "{ half a file");
    expect(await loadLibraryCached(content, cache)).toStrictEqual(loadLibrary(content));
    expect(JSON.parse(readFileSync(cache, "utf8")).library.topics.length).toBeGreaterThan(0);
  });

  it("still loads when the cache cannot be written", async () => {
    const { content } = scratch();
    const nowhere = join(content, "no-such-folder", "content-cache.json");
    expect(await loadLibraryCached(content, nowhere)).toStrictEqual(loadLibrary(content));
    expect(existsSync(nowhere)).toBe(false);
  });

  it("says what is wrong with a content folder that does not exist, as the loader does", async () => {
    const { cache } = scratch();
    await expect(loadLibraryCached("/no/such/content", cache)).rejects.toThrow(/does not exist/);
  });
});
