// What is wrong with content, apart from the loader: start-up errors name a ContentError
// without loading the YAML parser (a bot that starts from the content cache never does).

/** One thing wrong with the content, pointing at the file, line and field to fix. */
export interface ContentProblem {
  file: string;
  line: number;
  field: string;
  message: string;
}

/** Thrown at start-up when the content has problems: the bot refuses to run on a broken deck. */
export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(
      `The content has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems
        .map(formatProblem)
        .join("\n")}`,
    );
    this.name = "ContentError";
  }
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}:${p.line}: ${p.field}: ${p.message}`;
}
