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
 * The logging port on pino: one JSON object a line on stderr (stdout stays free for the console
 * and --json output). Every string that goes out is scrubbed of the secrets it is given, so a
 * token cannot leak through an error message or a library's text.
 */
export function createLogger(
  level: LogLevel,
  secrets: readonly (string | undefined)[] = [],
  destination: pino.DestinationStream = pino.destination({ fd: 2, sync: true }),
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
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}
