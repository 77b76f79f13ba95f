import { existsSync, readFileSync } from "node:fs";
import { parse as parseDotenv } from "dotenv";
import cron from "node-cron";
import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** Every setting Studybot reads, from the environment (and a .env file when there is one). */
export const configSchema = z.object({
  DATABASE_PATH: z.string().trim().min(1).default("./data/studybot.db"),
  CONTENT_DIR: z.string().trim().min(1).default("./content"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  // The platforms: a set token turns that platform on.
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText,
  DISCORD_API_URL: z.url().default("https://discord.com/api"),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: z.url().optional(),
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
  const fromFile = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};
  // An empty value (`SLACK_API_URL=` in a .env) means "not set", as people expect.
  const merged = Object.fromEntries(
    Object.entries({ ...fromFile, ...env }).filter(
      ([, value]) => value !== undefined && value.trim() !== "",
    ),
  );
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? "configuration");
    const value = merged[name];
    throw new ConfigError(
      `Invalid ${name}${value === undefined ? "" : ` "${String(value).slice(0, 60)}"`}: ${issue.message}`,
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

/** The values that must never appear in a log line. */
export function secretsOf(config: Config): (string | undefined)[] {
  return [
    config.DISCORD_TOKEN,
    config.SLACK_BOT_TOKEN,
    config.SLACK_SIGNING_SECRET,
    config.SLACK_APP_TOKEN,
  ];
}
