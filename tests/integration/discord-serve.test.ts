import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MINI_DECK } from "../helpers/bot.js";
import { FakeDiscord, member } from "../helpers/fake-discord.js";

const TOKEN = "discord-serve-test-token-777";

describe("studybot serve with Discord configured", () => {
  it("connects to the gateway, answers a command, and stops cleanly on SIGTERM", async () => {
    const fake = await new FakeDiscord().start();
    const dir = mkdtempSync(join(tmpdir(), "studybot-discord-"));
    const child = spawn(process.execPath, ["dist/cli.js", "serve"], {
      env: {
        PATH: process.env.PATH,
        DATABASE_PATH: join(dir, "s.db"),
        CONTENT_DIR: MINI_DECK,
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_URL: fake.apiUrl,
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
      await fake.until(() => output.includes("discord adapter started"), 15_000);
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
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(output).not.toContain(TOKEN);
    await fake.stop();
  });
});
