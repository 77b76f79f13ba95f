import type { Logger } from "../core/logger.js";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

/** One JSON object a line on stderr, so stdout stays free for the console and --json output. */
export function jsonLogger(
  level: LogLevel,
  write = (line: string) => process.stderr.write(line),
): Logger {
  const log =
    (at: Exclude<LogLevel, "silent">) => (fields: Record<string, unknown>, message: string) => {
      if (LEVELS[at] < LEVELS[level]) return;
      write(
        `${JSON.stringify({ time: new Date().toISOString(), level: at, msg: message, ...fields })}\n`,
      );
    };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}
