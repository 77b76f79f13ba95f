import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, secretsInEnvironment } from "../../../src/app/config.js";

const noFile = join(tmpdir(), "no-such-studybot.env");

describe("configuration", () => {
  it("has defaults for everything", () => {
    const config = loadConfig({}, noFile);
    expect(config).toMatchObject({
      DATABASE_PATH: "./data/studybot.db",
      CONTENT_DIR: "./content",
      LOG_LEVEL: "info",
      PORT: 3000,
      OPS_HTTP: "auto",
      BACKUP_DIR: "./data/backups",
      BACKUP_KEEP: 7,
      DISCORD_API_URL: "https://discord.com/api",
    });
    expect(config.DISCORD_TOKEN).toBeUndefined();
  });

  it("reads a .env file, lets the environment win, and treats empty values as unset", () => {
    const file = join(mkdtempSync(join(tmpdir(), "studybot-env-")), ".env");
    writeFileSync(file, "LOG_LEVEL=debug\nPORT=4000\nSLACK_API_URL=\nBACKUP_KEEP=3\n");
    const config = loadConfig({ PORT: "5000" }, file);
    expect(config).toMatchObject({ LOG_LEVEL: "debug", PORT: 5000, BACKUP_KEEP: 3 });
    expect(config.SLACK_API_URL).toBeUndefined();
  });

  it.each([
    [{ LOG_LEVEL: "loud" }, 'Invalid LOG_LEVEL "loud"'],
    [{ PORT: "70000" }, "Invalid PORT"],
    [{ BACKUP_CRON: "every day" }, "Invalid BACKUP_CRON"],
    [{ DISCORD_API_URL: "not a url" }, "Invalid DISCORD_API_URL"],
    // The SDKs speak HTTP only: anything else would fail later, with a stack.
    [{ DISCORD_API_URL: "ftp://discord.example/api" }, "must be an http:// or https:// URL"],
    [{ DISCORD_API_URL: "localhost:3000" }, "must be an http:// or https:// URL"],
    [{ SLACK_API_URL: "ws://127.0.0.1:9/api/" }, "Invalid SLACK_API_URL"],
    [{ SLACK_BOT_TOKEN: "xoxb-1" }, "SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET"],
  ])("stops with one line naming the variable: %o", (env, message) => {
    expect(() => loadConfig(env, noFile)).toThrow(ConfigError);
    expect(() => loadConfig(env, noFile)).toThrow(message);
  });

  it("never echoes a secret pasted into the wrong setting, not even cut short", () => {
    // A Discord token is longer than the 60 characters a bad value is shown with.
    const token = `MTE${"x".repeat(56)}.GhIjKl.${"y".repeat(30)}`;
    expect(() => loadConfig({ DISCORD_TOKEN: token, PORT: token }, noFile)).toThrow(
      'Invalid PORT "[redacted]"',
    );
    expect(
      secretsInEnvironment({ DISCORD_TOKEN: ` ${token} `, SLACK_APP_TOKEN: "" }, noFile),
    ).toEqual([token]);
  });
});
