import pino from "pino";
import type { Logger } from "../core/logger.js";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/**
 * Replaces every secret in a text with "[redacted]". Secrets shorter than six characters are
 * left alone: they would match ordinary words. Used for log lines and start-up errors alike.
 */
export function scrubber(secrets: readonly (string | undefined)[]): (text: string) => string {
  const hidden = secrets.filter((s): s is string => typeof s === "string" && s.length >= 6);
  return (text) => hidden.reduce((out, secret) => out.split(secret).join("[redacted]"), text);
}

/**
 * Where log lines go: stderr (stdout stays free for the console and --json output).
 *
 * A running service writes asynchronously: a request's lines are queued and written while it
 * goes on, several lines a write when they come fast, instead of one blocking write(2) each on
 * the event loop. pino flushes what is queued synchronously when the process exits (a signal's
 * shutdown, process.exit, an uncaught exception), so a crash's last lines still reach stderr;
 * only SIGKILL can lose the lines not yet written. Commands and the console write synchronously:
 * they are short and end when their work does, with nothing to gain.
 */
export function logDestination(mode: "async" | "sync"): ReturnType<typeof pino.destination> {
  return pino.destination({ fd: 2, sync: mode === "sync" });
}

/**
 * The logging port on pino: one JSON object a line on stderr (stdout stays free for the console
 * and --json output). Every string that goes out is scrubbed of the secrets it is given, so a
 * token cannot leak through an error message or a library's text.
 */
export function createLogger(
  level: LogLevel,
  secrets: readonly (string | undefined)[] = [],
  destination: pino.DestinationStream = logDestination("sync"),
): Logger {
  const scrubText = scrubber(secrets);
  const scrub = (value: unknown, depth = 0): unknown => {
    if (typeof value === "string") return scrubText(value);
    if (depth > 5 || value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
  };
  const base = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  // A line the level drops costs nothing: it is neither scrubbed nor formatted.
  const log =
    (method: "debug" | "info" | "warn" | "error") =>
    (fields: Record<string, unknown>, message: string) => {
      if (!base.isLevelEnabled(method)) return;
      base[method](scrub(fields) as Record<string, unknown>, scrub(message) as string);
    };
  return {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    flush: () => written(destination),
  };
}

/**
 * Resolves when an asynchronous destination has written everything queued (at most a second):
 * the clean shutdown waits for it before process.exit, so its last lines come out in order. (The
 * exit flush alone writes the queue at once, and a write still in flight may then land after it.)
 * SonicBoom says it is mid-write only in a private field, and emits "drain" when it is done.
 */
function written(destination: pino.DestinationStream, limitMs = 1000): Promise<void> {
  const stream = destination as {
    _writing?: boolean;
    once?: (event: "drain", f: () => void) => void;
  };
  if (!stream._writing || !stream.once) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, limitMs);
    stream.once!("drain", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
