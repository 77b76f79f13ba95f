import { createHash } from "node:crypto";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Library } from "./schema.js";

/**
 * Checked decks kept as JSON between starts. Parsing the YAML and checking every deck costs a
 * bot ~0.7 s at start and leaves 15 to 20 MB more memory resident for good (V8 keeps the heap the
 * parse grew); reading the same library from JSON takes ~10 ms. The cache is keyed by every
 * byte of the content folder and of the loader's own code (and its yaml and zod versions), so
 * any edit, added or removed file, or upgrade reloads from the YAML; a cache that is missing,
 * unreadable or for other content is simply replaced. Only content that loaded without a
 * problem is kept: lint and the checks always run on the YAML.
 */
export async function loadLibraryCached(dir: string, cacheFile: string): Promise<Library> {
  // The loader (and its YAML parser, ~9 MB resident) is loaded only when the cache misses.
  const loadLibrary = async () => (await import("./load.js")).loadLibrary(dir);
  let key: string;
  try {
    key = contentKey(dir);
  } catch {
    // No such folder, or one it cannot read: the loader says what is wrong, in its words.
    return loadLibrary();
  }
  const cached = readCache(cacheFile, key);
  if (cached) return cached;
  const library = await loadLibrary();
  writeCache(cacheFile, key, library);
  return library;
}

/** Bumped when what the cache file holds changes shape. */
const CACHE_FORMAT = "studybot-content-cache 1";

interface CacheFile {
  key: string;
  library: Library;
}

function readCache(file: string, key: string): Library | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<CacheFile>;
    if (parsed.key !== key || !isLibrary(parsed.library)) return undefined;
    return parsed.library;
  } catch {
    return undefined;
  }
}

function isLibrary(value: unknown): value is Library {
  const library = value as Partial<Library> | undefined;
  return (
    Array.isArray(library?.decks) &&
    Array.isArray(library.topics) &&
    Array.isArray(library.questions)
  );
}

/** Best effort: a folder the bot cannot write to only means no cache (and a slower start). */
function writeCache(file: string, key: string, library: Library): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify({ key, library } satisfies CacheFile));
    // Renamed into place, so a reader (another process starting) never sees half a file.
    renameSync(temporary, file);
  } catch {
    // Nothing to do: the library is loaded; the next start tries again.
  }
}

/** This module's folder: the loader's code, whose every byte is part of the key. */
const LOADER_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * A digest of the content folder (every file's path and bytes) and of the loader itself
 * (`loaderDir` only for tests: the folder whose modules stand for the loader).
 */
export function contentKey(dir: string, loaderDir = LOADER_DIR): string {
  const hash = createHash("sha256").update(CACHE_FORMAT).update(loaderFingerprint(loaderDir));
  for (const file of filesUnder(dir)) {
    hash.update(`\0${relative(dir, file)}\0`).update(readFileSync(file));
  }
  return hash.digest("hex");
}

const fingerprints = new Map<string, string>();

/** The loader's source (this folder's modules, not the exchange's) and its parsers' versions. */
function loaderFingerprint(loaderDir: string): string {
  const known = fingerprints.get(loaderDir);
  if (known) return known;
  const extension = import.meta.url.slice(import.meta.url.lastIndexOf("."));
  const hash = createHash("sha256");
  for (const name of readdirSync(loaderDir).sort()) {
    if (name.endsWith(extension)) hash.update(name).update(readFileSync(join(loaderDir, name)));
  }
  const require = createRequire(import.meta.url);
  for (const parser of ["yaml", "zod"]) {
    // Read, not required: the parser's package stays unloaded when the cache is used.
    hash.update(readFileSync(require.resolve(`${parser}/package.json`)));
  }
  const fingerprint = hash.digest("hex");
  fingerprints.set(loaderDir, fingerprint);
  return fingerprint;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
