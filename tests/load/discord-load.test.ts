import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLibrary } from "../../src/content/load.js";
import { openDatabase } from "../../src/store/open.js";
import { botMessage, CHANNEL_ID, FakeDiscord, GUILD_ID, member } from "../helpers/fake-discord.js";
import { percentile, prepareDueSchedule, startBot, until } from "./bot-process.js";

const MEMBERS = 2000;
const POINTS = { easy: 10, medium: 15, hard: 20 } as const;

type Component = { type: number; custom_id?: string; label?: string; components?: Component[] };

describe("a burst of answers through discord.js and a fake gateway", () => {
  it("records 2,000 answers exactly once and acks each well inside 3 seconds", async () => {
    const fake = await new FakeDiscord().start();
    const dbPath = join(mkdtempSync(join(tmpdir(), "studybot-discord-load-")), "load.db");
    prepareDueSchedule(dbPath, "discord", GUILD_ID, CHANNEL_ID);
    // The day's post goes out through a REST hiccup (a 500 and a 429, retried).
    fake.fail(/^POST \/channels\/\d+\/messages$/, [500, 429]);
    const bot = startBot({
      DATABASE_PATH: dbPath,
      CONTENT_DIR: "content",
      DISCORD_TOKEN: "load",
      DISCORD_API_URL: fake.apiUrl,
      OPS_HTTP: "off",
    });
    try {
      const posts = () => fake.callsTo("POST", /^\/channels\/\d+\/messages$/);
      await until(() => posts().length > 0);
      const body = posts()[0]!.body as {
        embeds: { description: string }[];
        components: Component[];
      };
      const library = loadLibrary("content");
      const question = library.questions.find((q) =>
        body.embeds[0]!.description.includes(q.prompt),
      )!;
      const right = new Set(question.options.filter((o) => o.correct).map((o) => o.text));
      const letters = body.embeds[0]!.description.split("\n")
        .map((line) => /^\*\*([A-H])\.\*\* (.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null && right.has(m[2]!))
        .map((m) => m[1]!);
      const controls = body.components.flatMap((row) => row.components ?? []);
      const select = controls.find((c) => c.type === 3);
      const button = controls.find((c) => c.label === letters[0]);

      // Everyone answers within about four seconds: 20 clicks every 40 ms.
      const dispatched = new Map<string, number>();
      for (let i = 0; i < MEMBERS; i++) {
        if (i > 0 && i % 20 === 0) await new Promise((r) => setTimeout(r, 40));
        const started = performance.now();
        const { id } = fake.interact({
          type: 3,
          member: member(String(600000000000000000n + BigInt(i)), `m${i}`),
          message: botMessage({ id: fake.nextId(), flags: 0 }),
          data: select
            ? { custom_id: select.custom_id, component_type: 3, values: letters }
            : { custom_id: button!.custom_id, component_type: 2 },
        });
        dispatched.set(id, started);
      }
      const callbacks = () =>
        fake.calls.filter((c) => c.method === "POST" && c.path.startsWith("/interactions/"));
      await until(() => callbacks().length >= MEMBERS, 60_000);
      const acks = callbacks().map((c) => c.at - dispatched.get(c.path.split("/")[2]!)!);
      process.stdout.write(
        `discord burst: ${acks.length} answers; ack p50 ${percentile(acks, 0.5).toFixed(1)} ms, p99 ${percentile(acks, 0.99).toFixed(1)} ms\n`,
      );
      expect(acks).toHaveLength(MEMBERS);
      expect(percentile(acks, 0.99)).toBeLessThan(3000);
      expect(callbacks().every((c) => JSON.stringify(c.body).includes("Right!"))).toBe(true);
      expect(posts()).toHaveLength(1);
    } finally {
      bot.child.kill("SIGTERM");
      await bot.exited;
      await fake.stop();
    }
    const db = openDatabase(dbPath);
    const post = db
      .prepare("SELECT question_id FROM asks WHERE member_id IS NULL")
      .pluck()
      .get() as string;
    const difficulty = loadLibrary("content").questions.find((q) => q.id === post)!.difficulty;
    expect(db.prepare("SELECT COUNT(*) FROM answers").pluck().get()).toBe(MEMBERS);
    expect(db.prepare("SELECT SUM(total_points) FROM members").pluck().get()).toBe(
      MEMBERS * (POINTS[difficulty] + 2),
    );
    db.close();
  });
});
