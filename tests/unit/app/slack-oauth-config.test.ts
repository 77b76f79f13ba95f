import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, secretsInEnvironment } from "../../../src/app/config.js";
import { platformsConfigured } from "../../../src/app/platforms.js";

const noFile = join(tmpdir(), "no-such-studybot.env");
const OAUTH = {
  SLACK_CLIENT_ID: "1111.2222",
  SLACK_CLIENT_SECRET: "client-secret-value",
  SLACK_STATE_SECRET: "state-secret-value",
  SLACK_SIGNING_SECRET: "signing",
};

describe("Slack's two modes in the settings", () => {
  it("turns Slack on for many workspaces with the three OAuth settings and a signing secret", () => {
    const config = loadConfig(OAUTH, noFile);
    expect(platformsConfigured(config)).toBe(true);
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
  });

  it.each([
    [{ ...OAUTH, SLACK_BOT_TOKEN: "xoxb-1" }, "choose one mode"],
    [
      { SLACK_CLIENT_ID: "1", SLACK_SIGNING_SECRET: "s" },
      "SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are not set",
    ],
    [{ ...OAUTH, SLACK_STATE_SECRET: "" }, "SLACK_STATE_SECRET is not set"],
    [{ ...OAUTH, SLACK_SIGNING_SECRET: "" }, "runs in HTTP mode"],
    [{ ...OAUTH, SLACK_APP_TOKEN: "xapp-1" }, "runs in HTTP mode"],
    [{ ...OAUTH, SLACK_REDIRECT_URL: "bot.example.com/cb" }, "Invalid SLACK_REDIRECT_URL"],
  ])("refuses a mix that cannot work, with one line: %o", (env, message) => {
    expect(() => loadConfig(env, noFile)).toThrow(ConfigError);
    expect(() => loadConfig(env, noFile)).toThrow(message);
  });

  it("keeps the client and state secrets out of every log line and error", () => {
    expect(secretsInEnvironment(OAUTH, noFile)).toEqual(
      expect.arrayContaining(["client-secret-value", "state-secret-value"]),
    );
  });
});
