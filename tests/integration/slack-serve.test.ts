import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MINI_DECK } from "../helpers/bot.js";
import { FakeSlack, sendSigned } from "../helpers/fake-slack.js";

const SECRET = "serve-test-signing-secret-4242";
const TOKEN = "xoxb-serve-test-token-4242";

describe("studybot serve with Slack configured", () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await new FakeSlack().start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  it("starts the Slack adapter on PORT, answers a signed command, and stops cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "studybot-serve-"));
    const child = spawn(process.execPath, ["dist/cli.js", "serve"], {
      env: {
        PATH: process.env.PATH,
        DATABASE_PATH: join(dir, "s.db"),
        CONTENT_DIR: MINI_DECK,
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: "0",
        LOG_LEVEL: "debug",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => {
      output += String(d);
    });
    child.stderr.on("data", (d) => {
      output += String(d);
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on("exit", (code) => resolve(code)),
    );
    try {
      await fake.until(() => output.includes("slack adapter started"), 15_000);
      const started = output.split("\n").find((l) => l.includes("slack adapter started"))!;
      const port = (JSON.parse(started) as { port: number }).port;
      const reply = await sendSigned(port, SECRET, {
        team_id: "T1",
        team_domain: "test",
        channel_id: "C1",
        user_id: "U1",
        user_name: "alice",
        command: "/study",
        text: "lookup sql injection",
        response_url: fake.responseUrl("serve"),
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toContain("AWS WAF");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain(TOKEN);
  });
});
