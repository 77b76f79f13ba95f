import { ContentError } from "../content/problems.js";
import { messageOf } from "../core/errors.js";
import { MigrationError } from "../store/migrate.js";
import { DatabaseError } from "../store/open.js";
import { type Config, ConfigError } from "./config.js";

/** A start-up failure already put as what is wrong and what to do. */
export class StartupError extends Error {
  override name = "StartupError";
}

/**
 * The one line start-up prints for a failure. Known ones are the operator's to fix: what is
 * wrong and what to do, no stack trace. Anything else is a bug: one line that says so, and the
 * stack with LOG_LEVEL=debug.
 */
export function startupErrorLine(error: unknown): string {
  if (
    error instanceof ConfigError ||
    error instanceof MigrationError ||
    error instanceof DatabaseError ||
    error instanceof StartupError
  ) {
    return error.message;
  }
  if (error instanceof ContentError) return `refusing to start. ${error.message}`;
  const errno = errnoOf(error);
  if (errno?.syscall === "listen") {
    const port = errno.port ?? "PORT";
    if (errno.code === "EADDRINUSE") {
      return `port ${port} is in use: set PORT to a free port, or stop what holds it.`;
    }
    if (errno.code === "EACCES") {
      return `port ${port} is not open to this user: set PORT to 1024 or above.`;
    }
  }
  // Anything else is a bug: still one line, with the stack only when asked for.
  const message = messageOf(error);
  if (process.env.LOG_LEVEL === "debug" && error instanceof Error && error.stack)
    return error.stack;
  return `unexpected failure at start-up: ${message} (a bug: please report it; LOG_LEVEL=debug prints the stack)`;
}

/**
 * Names the platform a failed start-up could not reach or was refused by. The SDKs throw the
 * bare network error (`connect ECONNREFUSED 127.0.0.1:9`) or discord.js's TokenInvalid (for a
 * 401), neither of which says which setting to fix. Returns other errors unchanged.
 */
export function explainPlatformFailure(error: unknown, config: Config): unknown {
  // discord.js's TokenInvalid error (by its code: importing discord.js here would load it for
  // every CLI command, a second of start-up for `--help`).
  if (error instanceof Error && (error as { code?: unknown }).code === "TokenInvalid") {
    return new StartupError(
      "Discord refused DISCORD_TOKEN (401 Unauthorized): copy the bot token again from the Developer Portal (Bot, Reset Token) into DISCORD_TOKEN.",
    );
  }
  const errno = errnoOf(error);
  const reason = errno && NETWORK_FAILURES[errno.code];
  if (!errno || !reason) return error;
  const endpoint = endpointOf(errno, config);
  const what = reason === "resolve" ? `the host name ${errno.hostname} does not resolve` : reason;
  return new StartupError(
    endpoint
      ? `Cannot reach ${endpoint.name} at ${endpoint.url}: ${what}. Check ${endpoint.setting} (unset means ${endpoint.default}) and the network.`
      : `Cannot reach a platform's API: ${what} (${errno.message}). Check DISCORD_API_URL, SLACK_API_URL and the network.`,
  );
}

const NETWORK_FAILURES: Record<string, string> = {
  ECONNREFUSED: "the connection was refused",
  ENOTFOUND: "resolve",
  EAI_AGAIN: "resolve",
  ETIMEDOUT: "the connection timed out",
  ECONNRESET: "the connection was reset",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable",
};

interface Endpoint {
  name: string;
  url: string;
  setting: string;
  default: string;
}

/** The configured platform whose API the failed connection was to (the only one, or the match). */
function endpointOf(errno: Errno, config: Config): Endpoint | undefined {
  const endpoints: Endpoint[] = [];
  if (config.DISCORD_TOKEN) {
    endpoints.push({
      name: "Discord",
      url: config.DISCORD_API_URL,
      setting: "DISCORD_API_URL",
      default: "https://discord.com/api",
    });
  }
  if (config.SLACK_BOT_TOKEN) {
    endpoints.push({
      name: "Slack",
      url: config.SLACK_API_URL ?? "https://slack.com/api/",
      setting: "SLACK_API_URL",
      default: "https://slack.com/api/",
    });
  }
  if (endpoints.length === 1) return endpoints[0];
  return endpoints.find((e) => {
    const url = new URL(e.url);
    const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    return errno.hostname === url.hostname || errno.port === port;
  });
}

interface Errno {
  code: string;
  message: string;
  syscall?: string;
  port?: number;
  hostname?: string;
}

/** A Node system error (code, syscall, port...), here or as the cause of a wrapper (fetch). */
function errnoOf(error: unknown, depth = 0): Errno | undefined {
  if (!(error instanceof Error) || depth > 3) return undefined;
  const fields: Record<string, unknown> = { ...error };
  if (typeof fields.code === "string" && /^E[A-Z_]+$/.test(fields.code)) {
    return {
      code: fields.code,
      message: error.message,
      ...(typeof fields.syscall === "string" ? { syscall: fields.syscall } : {}),
      ...(typeof fields.port === "number" ? { port: fields.port } : {}),
      ...(typeof fields.hostname === "string" ? { hostname: fields.hostname } : {}),
    };
  }
  return errnoOf(error.cause, depth + 1);
}
