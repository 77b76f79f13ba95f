import { existsSync, readFileSync } from "node:fs";
import { parse as parseDotenv } from "dotenv";
import cron from "node-cron";
import { z } from "zod";
import { scrubber } from "./logger.js";

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** The settings that hold secrets: never logged, never echoed in an error. */
const SECRET_NAMES = [
  "DISCORD_TOKEN",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "SLACK_CLIENT_SECRET",
  "SLACK_STATE_SECRET",
] as const;

/** A REST base the platform SDKs can call: they speak HTTP(S) only, so anything else fails late. */
const apiUrl = (example: string) =>
  z.url({
    protocol: /^https?$/,
    error: `must be an http:// or https:// URL, e.g. ${example}`,
  });

/** At ~1,000 servers a shard, more than this is a typo, not a plan. */
const MAX_DISCORD_SHARDS = 1000;

/** DISCORD_SHARDS: "auto" (the count Discord recommends) or the bot's total number of shards. */
const discordShards = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value.toLowerCase() === "auto") return "auto" as const;
    const count = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (count >= 1 && count <= MAX_DISCORD_SHARDS) return count;
    ctx.addIssue({
      code: "custom",
      message: `must be "auto" or a whole number of shards from 1 to ${MAX_DISCORD_SHARDS}`,
    });
    return z.NEVER;
  })
  .optional();

/** DISCORD_SHARD_IDS: the shards this process runs, e.g. "0,1" (checked against DISCORD_SHARDS). */
const discordShardIds = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const ids = value.split(",").map((id) => id.trim());
    if (!ids.every((id) => /^\d+$/.test(id))) {
      ctx.addIssue({
        code: "custom",
        message: 'must be shard ids separated by commas, e.g. "0,1"',
      });
      return z.NEVER;
    }
    const numbers = ids.map(Number);
    const twice = numbers.find((id, i) => numbers.indexOf(id) !== i);
    if (twice !== undefined) {
      ctx.addIssue({ code: "custom", message: `names shard ${twice} twice` });
      return z.NEVER;
    }
    return numbers;
  })
  .optional();

/** The platforms PLATFORMS may name (src/app/platforms.ts has one entry each). */
const PLATFORM_NAMES = ["discord", "slack"];

/** Every setting Studybot reads, from the environment (and a .env file when there is one). */
export const configSchema = z.object({
  DATABASE_PATH: z.string().trim().min(1).default("./data/studybot.db"),
  // PostgreSQL for deployments past one file: set, it wins over DATABASE_PATH.
  DATABASE_URL: optionalText.refine(
    (v) => v === undefined || /^postgres(ql)?:\/\/[^/]/i.test(v),
    "must be a postgres:// URL, e.g. postgres://studybot:secret@db:5432/studybot (leave it unset for SQLite at DATABASE_PATH)",
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  CONTENT_DIR: z.string().trim().min(1).default("./content"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  // The platforms: a set token turns that platform on.
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText,
  DISCORD_API_URL: apiUrl("https://discord.com/api").default("https://discord.com/api"),
  // Gateway sharding (required from 2,500 servers): unset runs one shard, as a small bot needs.
  DISCORD_SHARDS: discordShards,
  DISCORD_SHARD_IDS: discordShardIds,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: apiUrl("https://slack.com/api/").optional(),
  // Many workspaces ("Add to Slack"): the app's OAuth credentials, instead of SLACK_BOT_TOKEN.
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  /** The OAuth redirect URL, when the app lists several (else Slack uses its only one). */
  SLACK_REDIRECT_URL: z
    .url({ protocol: /^https?$/, error: "must be the https:// URL of /slack/oauth_redirect" })
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** /healthz and /metrics: on with a platform, off in the console, unless set. */
  OPS_HTTP: z.enum(["auto", "on", "off"]).default("auto"),
  // Process roles: several processes share one database, each doing what it is asked to.
  /** Whether this process runs the daily-question scheduler (posts, reveals, exam deadlines). */
  SCHEDULER: z.enum(["on", "off"]).default("on"),
  /** The platforms this process serves (connects to and answers); unset: every configured one. */
  PLATFORMS: optionalText.transform((value, ctx) => {
    if (value === undefined) return undefined;
    const names = value
      .split(",")
      .map((n) => n.trim().toLowerCase())
      .filter(Boolean);
    if (names.length === 1 && names[0] === "none") return [] as string[];
    const unknown = names.find((n) => !PLATFORM_NAMES.includes(n));
    if (unknown !== undefined || names.length === 0) {
      ctx.addIssue({
        code: "custom",
        message: `must be platforms separated by commas (${PLATFORM_NAMES.join(", ")}) or "none"${unknown ? `; "${unknown}" is not one` : ""}`,
      });
      return z.NEVER;
    }
    return [...new Set(names)];
  }),
  BACKUP_CRON: optionalText.refine(
    (v) => v === undefined || cron.validate(v),
    "is not a cron expression",
  ),
  BACKUP_DIR: z.string().trim().min(1).default("./data/backups"),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
});
export type Config = z.infer<typeof configSchema>;

/** A setting with a bad value: start-up stops with this one line. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Reads and validates the settings. Values already in the environment win over the .env file,
 * so a deployment can override what a developer left in it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, dotenvPath = ".env"): Config {
  const merged = readEnvironment(env, dotenvPath);
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? "configuration");
    // Scrubbed before it is shortened: a cut-off token would no longer match the secret.
    const value = merged[name];
    const shown = value === undefined ? undefined : scrubber(secretsIn(merged))(value);
    throw new ConfigError(
      `Invalid ${name}${shown === undefined ? "" : ` "${shown.slice(0, 60)}"`}: ${issue.message}`,
    );
  }
  const config = result.data;
  checkDiscordShardIds(config);
  checkSlackOAuth(config);
  if (config.SLACK_BOT_TOKEN && !config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
    throw new ConfigError(
      "SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is.",
    );
  }
  return config;
}

/**
 * Many workspaces (OAuth) or one (a bot token), never both: with both set it would be unclear
 * which token a workspace's requests run on. OAuth needs its three settings and HTTP mode
 * (the install pages and Slack's redirect come in over HTTP).
 */
function checkSlackOAuth(config: Config): void {
  const oauth = ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const;
  const set = oauth.filter((name) => config[name] !== undefined);
  if (set.length === 0) return;
  if (config.SLACK_BOT_TOKEN) {
    throw new ConfigError(
      `${set[0]} is set and so is SLACK_BOT_TOKEN: choose one mode. Many workspaces ("Add to Slack"): unset SLACK_BOT_TOKEN. One workspace: unset ${set.join(", ")}.`,
    );
  }
  const missing = oauth.filter((name) => config[name] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(
      `Slack for many workspaces needs ${oauth.join(", ")}; ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not set.`,
    );
  }
  if (!config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN) {
    throw new ConfigError(
      "Slack for many workspaces runs in HTTP mode: set SLACK_SIGNING_SECRET and unset SLACK_APP_TOKEN.",
    );
  }
}

/**
 * DISCORD_SHARD_IDS splits one bot's shards between processes, so it only means something
 * against a known total: each id must be one of that total's shards.
 */
function checkDiscordShardIds(config: Config): void {
  const ids = config.DISCORD_SHARD_IDS;
  if (ids === undefined) return;
  const count = config.DISCORD_SHARDS;
  if (typeof count !== "number") {
    throw new ConfigError(
      `DISCORD_SHARD_IDS is set but DISCORD_SHARDS is ${count === undefined ? "not" : '"auto"'}: set DISCORD_SHARDS to the bot's total number of shards, e.g. DISCORD_SHARDS=4 DISCORD_SHARD_IDS=0,1.`,
    );
  }
  const outside = ids.find((id) => id >= count);
  if (outside !== undefined) {
    throw new ConfigError(
      `Invalid DISCORD_SHARD_IDS "${ids.join(",")}": shard ${outside} does not exist with DISCORD_SHARDS=${count} (ids run from 0 to ${count - 1}).`,
    );
  }
}

/** The environment over the .env file; an empty value (`SLACK_API_URL=`) means "not set". */
function readEnvironment(env: NodeJS.ProcessEnv, dotenvPath: string): Record<string, string> {
  const fromFile = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};
  return Object.fromEntries(
    Object.entries({ ...fromFile, ...env }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== "",
    ),
  );
}

/**
 * The secrets as set, valid settings or not: a start-up error is printed before (or instead
 * of) a valid Config, and must be scrubbed all the same (a token pasted into PORT is echoed).
 */
export function secretsInEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  dotenvPath = ".env",
): string[] {
  return secretsIn(readEnvironment(env, dotenvPath));
}

function secretsIn(merged: Record<string, string>): string[] {
  return [
    ...SECRET_NAMES.flatMap((name) => (merged[name] ? [merged[name].trim()] : [])),
    ...urlPassword(merged.DATABASE_URL),
  ];
}

/** The values that must never appear in a log line. */
export function secretsOf(config: Config): (string | undefined)[] {
  return [...SECRET_NAMES.map((name) => config[name]), ...urlPassword(config.DATABASE_URL)];
}

/**
 * DATABASE_URL's password, as typed and as URL-decoded: the rest of the URL (host, database)
 * is what an operator needs to see in an error, so only the password is scrubbed.
 */
function urlPassword(url: string | undefined): string[] {
  const match = url ? /^[a-z]+:\/\/[^:/@]*:([^@/]+)@/i.exec(url.trim()) : null;
  if (!match) return [];
  const typed = match[1]!;
  let decoded = typed;
  try {
    decoded = decodeURIComponent(typed);
  } catch {}
  return [...new Set([typed, decoded])];
}
