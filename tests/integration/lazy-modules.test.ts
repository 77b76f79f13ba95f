import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MINI_DECK } from "../helpers/bot.js";
import { logLine, startStudybot } from "../helpers/child.js";
import { FakeSlack } from "../helpers/fake-slack.js";

const HOOK = fileURLToPath(new URL("../helpers/loaded-packages.cjs", import.meta.url));

async function until(predicate: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a Slack bot on SQLite in `dir`, stops it once it is up: the packages it loaded. */
async function packagesOfOneStart(fake: FakeSlack, dir: string): Promise<string[]> {
  const bot = startStudybot({
    DATABASE_PATH: join(dir, "s.db"),
    CONTENT_DIR: MINI_DECK,
    LOG_LEVEL: "info",
    SLACK_BOT_TOKEN: "xoxb-lazy-modules-test",
    SLACK_SIGNING_SECRET: "lazy-modules-signing-secret",
    SLACK_API_URL: fake.apiUrl,
    NODE_OPTIONS: `--require ${HOOK}`,
  });
  try {
    await until(() => logLine(bot.output, "slack adapter started") !== undefined);
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    const line = bot.errors.split("\n").find((l) => l.startsWith('{"loadedPackages"'));
    const packages = (JSON.parse(line!) as { loadedPackages: string[] }).loadedPackages;
    // The hook saw what the bot does use: a check that could not see a package proves nothing.
    expect(packages).toEqual(expect.arrayContaining(["@slack/bolt", "better-sqlite3"]));
    return packages;
  } finally {
    bot.child.kill("SIGKILL");
  }
}

// What a process loads is memory and start-up time it keeps: a bot on one platform and SQLite
// should not carry the other platform's SDK or the PostgreSQL driver, nor, once its content
// cache is written, the YAML parser.
describe("what a running bot loads", () => {
  it("on Slack and SQLite: neither discord.js nor pg; the YAML parser only until the cache is written", async () => {
    const fake = await new FakeSlack().start();
    const dir = mkdtempSync(join(tmpdir(), "studybot-lazy-"));
    try {
      const first = await packagesOfOneStart(fake, dir);
      expect(first).toContain("yaml");
      const second = await packagesOfOneStart(fake, dir);
      for (const packages of [first, second]) {
        expect(packages).not.toContain("discord.js");
        expect(packages.filter((p) => p.startsWith("@discordjs/"))).toEqual([]);
        expect(packages).not.toContain("pg");
      }
      expect(second).not.toContain("yaml");
    } finally {
      await fake.stop();
    }
  });
});
