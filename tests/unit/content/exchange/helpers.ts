import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadContent } from "../../../../src/content/load.js";
import { formatProblem } from "../../../../src/content/problems.js";

export const FIXTURES = new URL("../../../fixtures/exchange/", import.meta.url).pathname;
export const CONTENT = new URL("../../../../content/", import.meta.url).pathname;

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "studybot-exchange-"));
}

/** What `content lint` reports as problems for a folder (the CLI's lint calls loadContent). */
export function lintProblems(dir: string): string[] {
  return loadContent(dir).problems.map(formatProblem);
}
