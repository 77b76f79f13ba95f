import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../core/logger.js";

/** Bolt's logger interface over ours, so Bolt's lines come out as our JSON lines. */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) =>
    parts.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");
  return {
    debug: (...parts) => logger.debug({ source: "bolt" }, text(parts)),
    info: (...parts) => logger.info({ source: "bolt" }, text(parts)),
    warn: (...parts) => logger.warn({ source: "bolt" }, text(parts)),
    error: (...parts) => logger.error({ source: "bolt" }, text(parts)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
