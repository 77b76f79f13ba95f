import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  loadConfig,
  secretsInEnvironment,
  secretsOf,
} from "../../../src/app/config.js";
import { startPlatforms } from "../../../src/app/platforms.js";
import { silentLogger } from "../../../src/core/logger.js";
import { makeBot } from "../../helpers/bot.js";

const noFile = join(tmpdir(), "no-such-studybot.env");

describe("the database and process-role settings", () => {
  it("defaults to SQLite, a scheduler, and every configured platform", () => {
    const config = loadConfig({}, noFile);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config).toMatchObject({
      SCHEDULER: "on",
      DATABASE_POOL_SIZE: 10,
      DATABASE_STATEMENT_TIMEOUT_MS: 10_000,
    });
    expect(config.PLATFORMS).toBeUndefined();
  });

  it.each([
    [{ PLATFORMS: "discord" }, ["discord"]],
    [{ PLATFORMS: " Slack , discord,slack" }, ["slack", "discord"]],
    [{ PLATFORMS: "none" }, []],
  ])("reads PLATFORMS %o", (env, platforms) => {
    expect(loadConfig(env, noFile).PLATFORMS).toEqual(platforms);
  });

  it.each([
    [{ DATABASE_URL: "mysql://db/studybot" }, "Invalid DATABASE_URL"],
    [{ DATABASE_URL: "./data/studybot.db" }, "leave it unset for SQLite at DATABASE_PATH"],
    [{ DATABASE_POOL_SIZE: "0" }, "Invalid DATABASE_POOL_SIZE"],
    [{ SCHEDULER: "maybe" }, "Invalid SCHEDULER"],
    [{ PLATFORMS: "teams" }, '"teams" is not one'],
    [{ PLATFORMS: "discord,none" }, '"none" is not one'],
  ])("stops with one line naming the variable: %o", (env, message) => {
    expect(() => loadConfig(env, noFile)).toThrow(ConfigError);
    expect(() => loadConfig(env, noFile)).toThrow(message);
  });

  it("never shows DATABASE_URL's password, typed or decoded, but keeps the host readable", () => {
    const url = "postgres://studybot:s%40cret-pass@db.internal:5432/studybot";
    expect(secretsInEnvironment({ DATABASE_URL: url }, noFile)).toEqual([
      "s%40cret-pass",
      "s@cret-pass",
    ]);
    expect(secretsOf(loadConfig({ DATABASE_URL: url }, noFile))).toContain("s@cret-pass");
    // A password pasted into another setting is redacted in that setting's error.
    expect(() => loadConfig({ DATABASE_URL: url, PORT: "s@cret-pass" }, noFile)).toThrow(
      'Invalid PORT "[redacted]"',
    );
  });

  it("refuses PLATFORMS naming a platform without credentials, before connecting to anything", async () => {
    const config = loadConfig({ PLATFORMS: "slack", DISCORD_TOKEN: "t" }, noFile);
    const { bot } = makeBot();
    await expect(startPlatforms(config, bot, silentLogger)).rejects.toThrow(
      "PLATFORMS names slack, but slack is not configured: set SLACK_BOT_TOKEN",
    );
  });

  it("serves nothing with PLATFORMS=none, and readies posters only where its scheduler runs", async () => {
    const config = loadConfig(
      {
        PLATFORMS: "none",
        DISCORD_TOKEN: "t",
        DISCORD_API_URL: "http://127.0.0.1:9/api",
        SLACK_BOT_TOKEN: "xoxb-t",
        SLACK_SIGNING_SECRET: "s",
        SLACK_API_URL: "http://127.0.0.1:9/api/",
      },
      noFile,
    );
    const { bot } = makeBot();
    const posting = await startPlatforms(config, bot, silentLogger, undefined, { posting: true });
    expect([...posting.posters.keys()].sort()).toEqual(["discord", "slack"]);
    expect(posting.adapters).toEqual([]); // nothing served: nothing for /healthz to check
    expect(posting.servesOps).toBe(false);
    await posting.stop();
    const idle = await startPlatforms(config, bot, silentLogger, undefined, { posting: false });
    expect(idle.posters.size).toBe(0);
    await idle.stop();
  });
});
