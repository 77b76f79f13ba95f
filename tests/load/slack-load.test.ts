import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadLibrary } from "../../src/content/load.js";
import { openDatabase } from "../../src/store/open.js";
import { FakeSlack, sendSigned } from "../helpers/fake-slack.js";
import {
  freePort,
  listening,
  percentile,
  prepareDueSchedule,
  startBot,
  until,
} from "./bot-process.js";

const SECRET = "load-signing-secret";
const MEMBERS = 2000;
const CONCURRENCY = 48;
const POINTS = { easy: 10, medium: 15, hard: 20 } as const;

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { action_id: string; value?: string }[];
};

describe("a burst of answers through the real Bolt receiver", () => {
  let fake: FakeSlack;
  let dir: string;
  let port: number;
  let dbPath: string;
  const env = () => ({
    DATABASE_PATH: dbPath,
    CONTENT_DIR: "content",
    SLACK_BOT_TOKEN: "xoxb-load",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: String(port),
  });

  beforeEach(async () => {
    fake = await new FakeSlack().start();
    dir = mkdtempSync(join(tmpdir(), "studybot-load-"));
    dbPath = join(dir, "load.db");
    port = freePort();
    prepareDueSchedule(dbPath, "slack", "T1", "C1");
  });
  afterEach(async () => {
    await fake.stop();
  });

  /** The day's post, once the bot has sent it, and the action that answers it right. */
  async function dailyPost() {
    await until(() => fake.callsOf("chat.postMessage").length > 0);
    const post = fake.callsOf("chat.postMessage")[0]!.args as { blocks: Block[] };
    const library = loadLibrary("content");
    const prompt = post.blocks[1]!.text!.text;
    const question = library.questions.find((q) => prompt.endsWith(q.prompt))!;
    const right = new Set(question.options.filter((o) => o.correct).map((o) => o.text));
    const lines = post.blocks[2]!.text!.text.split("\n");
    const letters = lines
      .filter((l) => right.has(l.replace(/^\*[A-H]\.\* /, "")))
      .map((l) => l.slice(1, 2));
    const pick = post.blocks.find((b) => b.block_id?.startsWith("pick:"));
    const action = pick
      ? post.blocks.find((b) => b.elements?.[0]?.value === "submit")!.elements![0]!.action_id
      : post.blocks
          .find((b) => b.type === "actions")!
          .elements!.find((e) => e.value === letters[0])!.action_id;
    return { question, action, pick: pick?.block_id, letters };
  }

  function answer(member: number, post: Awaited<ReturnType<typeof dailyPost>>) {
    const payload = {
      type: "block_actions",
      user: { id: `U${member}`, username: `m${member}`, name: `m${member}`, team_id: "T1" },
      team: { id: "T1", domain: "load" },
      api_app_id: "A1",
      channel: { id: "C1", name: "general" },
      container: { type: "message", is_ephemeral: false },
      trigger_id: "t",
      response_url: fake.responseUrl(`m${member}`),
      actions: [
        { type: "button", action_id: post.action, block_id: "b", value: "x", action_ts: "1" },
      ],
      state: post.pick
        ? {
            values: {
              [post.pick]: {
                pick: {
                  type: "checkboxes",
                  selected_options: post.letters.map((l) => ({ value: l })),
                },
              },
            },
          }
        : { values: {} },
    };
    return sendSigned(port, SECRET, { payload: JSON.stringify(payload) });
  }

  /** Sends every member's answer with bounded concurrency; returns ack times of the 200s. */
  async function burst(
    members: number[],
    post: Awaited<ReturnType<typeof dailyPost>>,
    stopAfter?: { acks: number; onReached: () => void },
  ) {
    const acked: number[] = [];
    const times: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < members.length) {
        const member = members[next++]!;
        const started = performance.now();
        try {
          const result = await answer(member, post);
          if (result.status === 200) {
            acked.push(member);
            times.push(performance.now() - started);
            if (stopAfter && acked.length === stopAfter.acks) stopAfter.onReached();
          }
        } catch {
          // the bot went away mid-request: not acknowledged
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return { acked, times, seconds: (performance.now() - started) / 1000 };
  }

  it("records 2,000 answers exactly once, with the scores adding up, through 500s and 429s", async () => {
    // Slack has a bad moment: the day's post and the first private replies fail at first.
    fake.fail("chat.postMessage", [500, 429, 500]);
    fake.fail("response", [500, 500, 503, 500]);
    const bot = startBot(env());
    try {
      const post = await dailyPost();
      const members = Array.from({ length: MEMBERS }, (_, i) => i);
      const result = await burst(members, post);
      process.stdout.write(
        `slack burst: ${result.acked.length} answers in ${result.seconds.toFixed(2)} s; ack p50 ${percentile(result.times, 0.5).toFixed(1)} ms, p99 ${percentile(result.times, 0.99).toFixed(1)} ms\n`,
      );
      expect(result.acked).toHaveLength(MEMBERS);
      expect(percentile(result.times, 0.99)).toBeLessThan(3000);
      const again = await answer(7, post);
      expect(again.status).toBe(200);
      // Every member got exactly one private reply; member 7 a second one ("already answered").
      await until(() => fake.responses.length >= MEMBERS + 1);
      const perMember = new Map<string, number>();
      for (const r of fake.responses) perMember.set(r.id, (perMember.get(r.id) ?? 0) + 1);
      expect(perMember.size).toBe(MEMBERS);
      expect([...perMember.entries()].filter(([, n]) => n !== 1)).toEqual([["m7", 2]]);
    } finally {
      bot.child.kill("SIGTERM");
      await bot.exited;
    }
    const db = openDatabase(dbPath);
    expect(db.prepare("SELECT COUNT(*) FROM answers").pluck().get()).toBe(MEMBERS);
    expect(db.prepare("SELECT COUNT(DISTINCT member_id) FROM answers").pluck().get()).toBe(MEMBERS);
    const post = await dailyPost();
    const each = POINTS[post.question.difficulty] + 2; // right answer + day-one streak bonus
    expect(db.prepare("SELECT SUM(total_points) FROM members").pluck().get()).toBe(MEMBERS * each);
    expect(db.prepare("SELECT SUM(points) FROM score_days").pluck().get()).toBe(MEMBERS * each);
    expect(
      fake
        .callsOf("chat.postMessage")
        .filter((c) => JSON.stringify(c.args).includes("Question of the day")),
    ).toHaveLength(1);
    db.close();
  });

  it("loses no acknowledged answer and counts none twice when killed mid-burst", async () => {
    let bot = startBot(env());
    const post = await dailyPost();
    const members = Array.from({ length: MEMBERS }, (_, i) => i);
    const first = await burst(members, post, {
      acks: 600,
      onReached: () => bot.child.kill("SIGKILL"),
    });
    await bot.exited;
    expect(first.acked.length).toBeGreaterThanOrEqual(600);
    expect(first.acked.length).toBeLessThan(MEMBERS);

    // Every acknowledged answer survived the kill.
    const db = openDatabase(dbPath);
    const recorded = new Set(
      (
        db
          .prepare("SELECT m.external_id FROM answers a JOIN members m ON m.id = a.member_id")
          .pluck()
          .all() as string[]
      ).map((id) => Number(id.slice(1))),
    );
    db.close();
    for (const member of first.acked) expect(recorded.has(member), `U${member}`).toBe(true);

    // Restart; everyone clicks again. Nothing counts twice, and the day's post is not sent again.
    bot = startBot(env());
    try {
      await until(() => fake.callsOf("auth.test").length >= 2);
      await until(() => listening(port));
      const second = await burst(members, post);
      expect(second.acked).toHaveLength(MEMBERS);
    } finally {
      bot.child.kill("SIGTERM");
      await bot.exited;
    }
    const after = openDatabase(dbPath);
    expect(after.prepare("SELECT COUNT(*) FROM answers").pluck().get()).toBe(MEMBERS);
    const each = POINTS[post.question.difficulty] + 2;
    expect(after.prepare("SELECT SUM(total_points) FROM members").pluck().get()).toBe(
      MEMBERS * each,
    );
    expect(after.pragma("integrity_check", { simple: true })).toBe("ok");
    after.close();
    expect(
      fake
        .callsOf("chat.postMessage")
        .filter((c) => JSON.stringify(c.args).includes("Question of the day")),
    ).toHaveLength(1);
  });
});
