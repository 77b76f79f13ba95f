import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MINI_DECK } from "../helpers/bot.js";
import { startStudybot } from "../helpers/child.js";
import { FakeDiscord, member } from "../helpers/fake-discord.js";

const TOKEN = "discord-serve-test-token-777";

describe("studybot serve with Discord configured", () => {
  it("connects to the gateway, answers a command, and stops cleanly on SIGTERM", async () => {
    const fake = await new FakeDiscord().start();
    const dir = mkdtempSync(join(tmpdir(), "studybot-discord-"));
    const bot = startStudybot({
      DATABASE_PATH: join(dir, "s.db"),
      CONTENT_DIR: MINI_DECK,
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      LOG_LEVEL: "debug",
      PORT: "0", // /healthz on any free port: 3000 may be taken (see .ci/run)
    });
    try {
      await fake.until(() => bot.output.includes("discord adapter started"), 15_000);
      const { id } = fake.interact({
        type: 2,
        member: member("500000000000000001", "alice"),
        data: {
          id: "1",
          name: "lookup",
          type: 1,
          options: [{ name: "term", type: 3, value: "ddos" }],
        },
      });
      await fake.until(() => fake.callback(id) !== undefined);
      expect(JSON.stringify(fake.callback(id))).toContain("AWS Shield");
    } finally {
      bot.child.kill("SIGTERM");
    }
    expect(await bot.exited).toBe(0);
    expect(bot.output).not.toContain(TOKEN);
    await fake.stop();
  });
});
