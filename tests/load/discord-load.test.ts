import { describe, expect, it } from "vitest";
import { createDiscordAdapter } from "../../src/adapters/discord/discord-app.js";
import { silentLogger } from "../../src/core/logger.js";
import { DailyScheduler } from "../../src/scheduler/daily-scheduler.js";
import { SqlitePostQueue } from "../../src/store/post-queue.js";
import { ctx, makeBot } from "../helpers/bot.js";
import { BOT_ID, CHANNEL_ID, FakeDiscord, GUILD_ID, member } from "../helpers/fake-discord.js";
import { percentile } from "./bot-process.js";

const MEMBERS = 2000;
const POINTS = { easy: 10, medium: 15, hard: 20 } as const;

type Component = { type: number; custom_id?: string; label?: string; components?: Component[] };

describe("a burst of answers through discord.js and a fake gateway", () => {
  it("records 2,000 answers exactly once and acks each well inside 3 seconds", async () => {
    const fake = await new FakeDiscord().start();
    const harness = makeBot({ contentDir: "content" });
    const adapter = createDiscordAdapter(harness.bot, {
      token: "load",
      apiUrl: fake.apiUrl,
      logger: silentLogger,
    });
    await adapter.start();
    const scheduler = new DailyScheduler({
      bot: harness.bot,
      queue: new SqlitePostQueue(harness.db),
      posters: new Map([["discord", adapter.poster]]),
      clock: harness.clock.now,
      logger: silentLogger,
      instanceId: "load",
    });
    try {
      // The channel question, posted through a REST hiccup (a 500 and a 429, retried).
      fake.fail(/^POST \/channels\/\d+\/messages$/, [500, 429]);
      const admin = ctx("admin", {
        isAdmin: true,
        workspace: { platform: "discord", externalId: GUILD_ID },
        channelId: CHANNEL_ID,
      });
      harness.bot.run(admin, { name: "post-now" });
      await scheduler.tick();
      const posts = fake.callsTo("POST", /^\/channels\/\d+\/messages$/);
      expect(posts).toHaveLength(1);
      const body = posts[0]!.body as { embeds: { description: string }[]; components: Component[] };
      const question = harness.bot.library.questions.find((q) =>
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

      const dispatched = new Map<string, number>();
      // Everyone answers within about two seconds: 20 clicks every 20 ms.
      for (let i = 0; i < MEMBERS; i++) {
        if (i > 0 && i % 20 === 0) await new Promise((r) => setTimeout(r, 20));
        const started = performance.now();
        const { id } = fake.interact({
          type: 3,
          member: member(String(600000000000000000n + BigInt(i)), `m${i}`),
          message: {
            id: "700000000000000001",
            channel_id: CHANNEL_ID,
            type: 0,
            content: "",
            author: {
              id: BOT_ID,
              username: "studybot",
              discriminator: "0",
              bot: true,
              avatar: null,
              global_name: null,
            },
            timestamp: new Date().toISOString(),
            edited_timestamp: null,
            tts: false,
            mention_everyone: false,
            mentions: [],
            mention_roles: [],
            attachments: [],
            embeds: [],
            pinned: false,
            components: [],
            flags: 0,
          },
          data: select
            ? { custom_id: select.custom_id, component_type: 3, values: letters }
            : { custom_id: button!.custom_id, component_type: 2 },
        });
        dispatched.set(id, started);
      }
      const callbacks = () =>
        fake.calls.filter((c) => c.method === "POST" && c.path.startsWith("/interactions/"));
      const deadline = Date.now() + 60_000;
      while (callbacks().length < MEMBERS && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
      const acks = callbacks().map((c) => c.at - dispatched.get(c.path.split("/")[2]!)!);
      process.stdout.write(
        `discord burst: ${acks.length} answers; ack p50 ${percentile(acks, 0.5).toFixed(1)} ms, p99 ${percentile(acks, 0.99).toFixed(1)} ms\n`,
      );
      expect(acks).toHaveLength(MEMBERS);
      expect(percentile(acks, 0.99)).toBeLessThan(3000);
      expect(callbacks().every((c) => JSON.stringify(c.body).includes("Right!"))).toBe(true);
      expect(harness.db.prepare("SELECT COUNT(*) FROM answers").pluck().get()).toBe(MEMBERS);
      const each = POINTS[question.difficulty] + 2;
      expect(harness.db.prepare("SELECT SUM(total_points) FROM members").pluck().get()).toBe(
        MEMBERS * each,
      );
    } finally {
      await scheduler.stop();
      await adapter.stop();
      await fake.stop();
    }
  });
});
