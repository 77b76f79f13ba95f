import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { loadContent } from "../load.js";
import { formatProblem } from "../problems.js";
import type { Library } from "../schema.js";

export interface WriteResult {
  written: string[];
  /** The loader's problems with the staged deck (then nothing was written). */
  problems: string[];
  /** The deck as the real loader reads it back, for the quality report. */
  library: Library | null;
}

/**
 * Writes a deck folder only once the real loader accepts it: the files go to a temporary
 * folder first (never inside the content folder, where a half-written deck would break
 * lint), are loaded there, and are copied into `<outDir>/<deckId>` only when they pass.
 * With `overwrite`, the old folder is removed first, so no stale topic file survives.
 */
export function writeDeckFolder(
  outDir: string,
  deckId: string,
  files: ReadonlyMap<string, string>,
  overwrite: boolean,
): WriteResult {
  const target = join(outDir, deckId);
  const stage = mkdtempSync(join(tmpdir(), "studybot-import-"));
  try {
    for (const [path, text] of files) {
      mkdirSync(dirname(join(stage, path)), { recursive: true });
      writeFileSync(join(stage, path), text);
    }
    const { library, problems } = loadContent(stage);
    if (problems.length > 0) {
      const shown = (file: string) => join(target, relative(stage, resolve(file)));
      return {
        written: [],
        problems: problems.map((p) => formatProblem({ ...p, file: shown(p.file) })),
        library: null,
      };
    }
    if (existsSync(target) && overwrite) rmSync(target, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    cpSync(stage, target, { recursive: true });
    return { written: [...files.keys()].map((p) => join(target, p)), problems: [], library };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
