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
] as const;

/** A REST base the platform SDKs can call: they speak HTTP(S) only, so anything else fails late. */
const apiUrl = (example: string) =>
  z.url({
    protocol: /^https?$/,
    error: `must be an http:// or https:// URL, e.g. ${example}`,
  });

/** Every setting Studybot reads, from the environment (and a .env file when there is one). */
export const configSchema = z.object({
  DATABASE_PATH: z.string().trim().min(1).default("./data/studybot.db"),
  CONTENT_DIR: z.string().trim().min(1).default("./content"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  // The platforms: a set token turns that platform on.
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText,
  DISCORD_API_URL: apiUrl("https://discord.com/api").default("https://discord.com/api"),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: apiUrl("https://slack.com/api/").optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** /healthz and /metrics: on with a platform, off in the console, unless set. */
  OPS_HTTP: z.enum(["auto", "on", "off"]).default("auto"),
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
  if (config.SLACK_BOT_TOKEN && !config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
    throw new ConfigError(
      "SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is.",
    );
  }
  return config;
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
  return SECRET_NAMES.flatMap((name) => (merged[name] ? [merged[name].trim()] : []));
}

/** The values that must never appear in a log line. */
export function secretsOf(config: Config): (string | undefined)[] {
  return SECRET_NAMES.map((name) => config[name]);
}
