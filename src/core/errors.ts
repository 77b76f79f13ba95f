/**
 * A problem the person can fix: bad input, an unknown topic, a closed question. Its message is
 * shown to them as it is, so it must be friendly and say what would work.
 */
export class UserError extends Error {
  constructor(
    message: string,
    /** What would work. A function gets the platform's command formatter: cmd("help"). */
    readonly hint?: string | ((cmd: (text: string) => string) => string),
  ) {
    super(message);
    this.name = "UserError";
  }
}

/** What an error says, for a log line or a health detail; anything thrown that is not an Error, as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
