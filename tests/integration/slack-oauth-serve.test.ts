import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open.js";
import { MINI_DECK } from "../helpers/bot.js";
import { logLine, startStudybot } from "../helpers/child.js";
import { completeSlackInstall, FakeSlack } from "../helpers/fake-slack.js";

const CLIENT_SECRET = "oauth-serve-client-secret-31337";
const STATE_SECRET = "oauth-serve-state-secret-4242";

describe("studybot serve with Slack for many workspaces", () => {
  it("serves Add to Slack from the settings, keeps the installation in the database, never logs a secret", async () => {
    const fake = await new FakeSlack({ multiWorkspace: true, clientSecret: CLIENT_SECRET }).start();
    fake.addWorkspace({ id: "TALPHA", name: "Alpha" });
    const path = join(mkdtempSync(join(tmpdir(), "studybot-oauth-")), "s.db");
    const bot = startStudybot({
      DATABASE_PATH: path,
      CONTENT_DIR: MINI_DECK,
      SLACK_CLIENT_ID: fake.clientId,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: STATE_SECRET,
      SLACK_SIGNING_SECRET: "oauth-serve-signing",
      SLACK_API_URL: fake.apiUrl,
      LOG_LEVEL: "debug",
    });
    let token: string | undefined;
    try {
      await fake.until(() => logLine(bot.output, "slack adapter started") !== undefined, 15_000);
      const port = Number(logLine(bot.output, "slack adapter started")!.port);
      const result = await completeSlackInstall(
        `http://127.0.0.1:${port}`,
        fake.authorizationCode("TALPHA"),
      );
      expect(result.status).toBe(200);
      expect(result.body).toContain("Studybot is installed in Alpha");
    } finally {
      bot.child.kill("SIGTERM");
    }
    expect(await bot.exited).toBe(0);
    const db = openDatabase(path);
    migrate(db);
    token = db
      .prepare("SELECT bot_token FROM installations WHERE installation_id = 'TALPHA'")
      .pluck()
      .get() as string | undefined;
    db.close();
    expect(token).toMatch(/^xoxb-/);
    for (const secret of [CLIENT_SECRET, STATE_SECRET, token!])
      expect(bot.output).not.toContain(secret);
    await fake.stop();
  });
});
