import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLibrary } from "../../src/content/load.js";
import { openDatabase } from "../../src/store/open.js";
import { botMessage, FakeDiscord, member } from "../helpers/fake-discord.js";
import { percentile, startBot, until } from "./bot-process.js";

const MEMBERS = 200;
const QUESTIONS = 5;
const SECONDS = 20;

type Component = { type: number; custom_id?: string; label?: string; components?: Component[] };
type Posted = {
  embeds: { title?: string; description: string; fields?: { name: string; value: string }[] }[];
  components?: Component[];
};

const memberId = (i: number) => String(600000000000000000n + BigInt(i));
const controls = (m: Posted) => (m.components ?? []).flatMap((row) => row.components ?? []);

describe("a live round with 200 players through discord.js and a fake gateway", () => {
  it("records every answer once within each window; the standings are the sums of the points", async () => {
    const fake = await new FakeDiscord().start();
    const dbPath = join(mkdtempSync(join(tmpdir(), "studybot-live-load-")), "live.db");
    const bot = startBot({
      DATABASE_PATH: dbPath,
      CONTENT_DIR: "content",
      DISCORD_TOKEN: "load",
      DISCORD_API_URL: fake.apiUrl,
      OPS_HTTP: "off",
    });
    const library = loadLibrary("content");
    const posts = () =>
      fake.callsTo("POST", /^\/channels\/\d+\/messages$/).map((c) => c.body as Posted);
    const callbacks = () =>
      fake.calls.filter((c) => c.method === "POST" && c.path.startsWith("/interactions/"));
    /** Dispatches one click per member, 20 every 20 ms; resolves with each ack's latency. */
    async function everybody(data: (i: number) => Record<string, unknown>): Promise<number[]> {
      const dispatched = new Map<string, number>();
      const before = callbacks().length;
      for (let i = 0; i < MEMBERS; i++) {
        if (i > 0 && i % 20 === 0) await new Promise((r) => setTimeout(r, 20));
        const started = performance.now();
        const { id } = fake.interact({
          type: 3,
          member: member(memberId(i), `m${i}`),
          message: botMessage({ id: fake.nextId(), flags: 0 }),
          data: data(i),
        });
        dispatched.set(id, started);
      }
      await until(() => callbacks().length >= before + MEMBERS, 60_000);
      return callbacks()
        .slice(before)
        .map((c) => c.at - dispatched.get(c.path.split("/")[2]!)!);
    }
    const acks: number[] = [];
    try {
      await until(() => fake.connectedShards().length > 0, 30_000);
      const { id } = fake.interact({
        type: 2,
        member: member(memberId(0), "m0"),
        data: {
          id: "1",
          name: "live",
          type: 1,
          options: [
            {
              name: "start",
              type: 1,
              options: [
                { name: "questions", type: 4, value: QUESTIONS },
                { name: "seconds", type: 4, value: SECONDS },
              ],
            },
          ],
        },
      });
      await until(() => fake.callback(id) !== undefined);
      await until(() => posts().length === 1);
      const join = controls(posts()[0]!).find((c) => c.label === "Join")!;
      acks.push(...(await everybody(() => ({ custom_id: join.custom_id, component_type: 2 }))));

      for (let n = 1; n <= QUESTIONS; n++) {
        await until(() => posts().length === 2 * n, 30_000);
        const question = posts().at(-1)!;
        expect(question.embeds[0]!.title).toContain(`Live ${n}/${QUESTIONS}`);
        const asked = library.questions.find((q) =>
          question.embeds[0]!.description.includes(q.prompt),
        )!;
        const right = new Set(asked.options.filter((o) => o.correct).map((o) => o.text));
        const letters = question.embeds[0]!.description.split("\n")
          .map((line) => /^\*\*([A-H])\.\*\* (.*)$/.exec(line))
          .filter((m): m is RegExpExecArray => m !== null && right.has(m[2]!))
          .map((m) => m[1]!);
        const select = controls(question).find((c) => c.type === 3);
        const buttons = controls(question).filter((c) => c.type === 2);
        // Every other member knows the answer; the rest pick a wrong button (or a wrong pair).
        const answer = (i: number) =>
          select
            ? {
                custom_id: select.custom_id,
                component_type: 3,
                values:
                  i % 2 === 0
                    ? letters
                    : ["A", "B", "C", "D"]
                        .filter((l) => !letters.includes(l))
                        .slice(0, letters.length),
              }
            : {
                custom_id: (i % 2 === 0
                  ? buttons.find((b) => b.label === letters[0])
                  : buttons.find((b) => b.label !== letters[0]))!.custom_id,
                component_type: 2,
              };
        const before = callbacks().length;
        acks.push(...(await everybody(answer)));
        const answered = callbacks().slice(before);
        expect(answered.every((c) => JSON.stringify(c.body).includes("Locked in"))).toBe(true);
      }
      await until(() => posts().length === 2 + 2 * QUESTIONS, 30_000);
    } finally {
      bot.child.kill("SIGTERM");
      await bot.exited;
      await fake.stop();
    }
    process.stdout.write(
      `discord live round: ${MEMBERS} players x ${QUESTIONS} questions; ack p50 ${percentile(acks, 0.5).toFixed(1)} ms, p99 ${percentile(acks, 0.99).toFixed(1)} ms\n`,
    );
    expect(percentile(acks, 0.99)).toBeLessThan(3000);

    const end = posts().at(-1)!;
    expect(end.embeds[0]!.title).toContain("Live round over");
    const db = openDatabase(dbPath);
    // Every answer once, each before its question closed.
    expect(db.prepare("SELECT COUNT(*) FROM answers").pluck().get()).toBe(MEMBERS * QUESTIONS);
    expect(
      db
        .prepare(
          `SELECT COUNT(*) FROM answers x JOIN asks a ON a.id = x.ask_id
           WHERE a.round_id IS NOT NULL AND x.answered_at < a.closes_at`,
        )
        .pluck()
        .get(),
    ).toBe(MEMBERS * QUESTIONS);
    // Every member's total is the sum of their recorded points, and the final standings show
    // those sums, best first.
    const sums = new Map(
      (
        db
          .prepare(
            `SELECT m.display_name AS name, SUM(x.points) AS points, m.total_points AS total
             FROM answers x JOIN members m ON m.id = x.member_id GROUP BY m.id`,
          )
          .all() as { name: string; points: number; total: number }[]
      ).map((r) => {
        expect(r.total).toBe(r.points);
        return [r.name, r.points];
      }),
    );
    expect(sums.size).toBe(MEMBERS);
    const board = end.embeds[0]!.fields!.find((f) => f.name === "Final standings")!.value;
    const shown = [...board.matchAll(/ (m\d+): (\d+) pts/g)].map((m) => [m[1]!, Number(m[2])]);
    expect(shown).toHaveLength(10);
    for (const [name, points] of shown) expect(sums.get(name as string)).toBe(points);
    expect(shown[0]![1]).toBe(Math.max(...sums.values()));
    db.close();
  });
});
