import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEAD_MS, MIN_GAP_MS, PAUSE_MS } from "../../src/core/live-rounds.js";
import type { DailyScheduler } from "../../src/scheduler/daily-scheduler.js";
import { type Harness, STORE_KINDS } from "../helpers/bot.js";
import { DiscordTestbed } from "../helpers/discord-testbed.js";
import { botMessage, type FakeDiscord, member } from "../helpers/fake-discord.js";
import { askOfControls, busiestWindow, lettersOf } from "../helpers/live.js";

type Component = { type: number; custom_id?: string; label?: string; components?: Component[] };
type Message = {
  embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[] }[];
  components?: Component[];
  flags?: number;
};

const PLAYERS = {
  alice: "500000000000000001",
  bob: "500000000000000002",
  carl: "500000000000000003",
};
type Player = keyof typeof PLAYERS;
const QUESTIONS = 10;
const SECONDS = 10;

const text = (m: unknown) => JSON.stringify(m ?? {});
const controls = (m: Message) => (m.components ?? []).flatMap((row) => row.components ?? []);

describe.each(STORE_KINDS)("a live round on Discord, on %s", (store) => {
  let fake: FakeDiscord;
  let harness: Harness;
  let scheduler: DailyScheduler;
  // The real deck: a ten-question round needs more questions than the mini deck has.
  const bed = new DiscordTestbed({ store, contentDir: "content" });

  beforeAll(async () => {
    ({ fake, harness } = await bed.start());
    scheduler = bed.scheduler();
  });
  afterAll(async () => {
    await scheduler.stop();
    await bed.stop();
  });

  /** Channel posts so far, each stamped with the test clock's time when it went out. */
  const posts: { at: number; body: Message }[] = [];
  async function settle(): Promise<void> {
    await scheduler.tick();
    await scheduler.idle();
    const all = fake.callsTo("POST", /^\/channels\/\d+\/messages$/);
    for (const call of all.slice(posts.length)) {
      posts.push({ at: harness.clock.now().getTime(), body: call.body as Message });
    }
  }

  async function interact(who: Player, data: Record<string, unknown>, type = 3) {
    const { id } = fake.interact({
      type,
      member: member(PLAYERS[who], who),
      ...(type === 3 ? { message: botMessage({ id: fake.nextId(), flags: 0 }) } : {}),
      data,
    });
    await fake.until(() => fake.callback(id) !== undefined);
    return fake.callback(id)! as { type: number; data: Message };
  }

  const press = (who: Player, customId: string) =>
    interact(who, { custom_id: customId, component_type: 2 });

  /** Answers the posted question as `who`: a button, or the select menu of Select TWO. */
  async function answer(who: Player, question: Message, right: boolean) {
    const ids = controls(question).map((c) => c.custom_id ?? "");
    const askId = askOfControls(ids);
    const letters = await lettersOf(harness, askId, right);
    const select = controls(question).find((c) => c.type === 3);
    return select
      ? interact(who, { custom_id: select.custom_id, component_type: 3, values: letters })
      : press(who, `v1:a:${askId}:${letters[0]}`);
  }

  it("plays a whole round: join, private answers, reveals, standings, summary, within the rate limit", async () => {
    const started = await interact(
      "alice",
      {
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
      2,
    );
    expect(started.data.flags).toBe(64);
    expect(text(started.data)).toContain(`${QUESTIONS} questions`);
    await settle();
    const start = posts[0]!.body;
    expect(start.embeds?.[0]?.title).toContain("Live round");
    // The first question's time is a Discord timestamp: each reader sees their own countdown.
    expect(start.embeds?.[0]?.description).toMatch(/<t:\d+:R>/);
    const join = controls(start).find((c) => c.label === "Join")!;
    for (const who of ["bob", "carl"] as const) {
      const joined = await press(who, join.custom_id!);
      expect(joined.data.flags).toBe(64);
      expect(text(joined.data)).toContain("You're in");
    }

    for (let n = 1; n <= QUESTIONS; n++) {
      harness.clock.advance(n === 1 ? LEAD_MS : PAUSE_MS);
      await settle();
      const question = posts.at(-1)!.body;
      expect(question.embeds?.[0]?.title).toContain(`Live ${n}/${QUESTIONS}`);
      expect(question.flags).toBeUndefined(); // public
      harness.clock.advance(1000);
      const ack = await answer("alice", question, true);
      expect(ack.data.flags).toBe(64);
      expect(text(ack.data)).toContain("Locked in");
      expect(text(ack.data)).not.toMatch(/Right!|Not quite/);
      await answer("bob", question, false);
      harness.clock.advance(500);
      await answer("carl", question, n % 2 === 0);
      await settle();
      // Everyone answered: the reveal comes once the question has been up MIN_GAP_MS.
      harness.clock.advance(MIN_GAP_MS);
      await settle();
      const reveal = posts.at(-1)!.body;
      expect(reveal.embeds?.[0]?.title).toContain(`Answer ${n}/${QUESTIONS}`);
      expect(text(reveal)).toContain("How the channel answered (3)");
      expect(text(reveal)).toMatch(/🥇 alice \(1\.0 s\)/);
      // The reveal carries its chart of how the channel answered.
      expect(text(reveal)).toContain("attachment://answers.png");
      // A click after the reveal is refused, privately.
      const late = await answer("bob", question, true);
      expect(text(late.data)).toMatch(/already answered|Time is up/);
    }
    harness.clock.advance(MIN_GAP_MS);
    await settle();
    const end = posts.at(-1)!.body;
    expect(end.embeds?.[0]?.title).toContain("Live round over");
    expect(posts).toHaveLength(2 + 2 * QUESTIONS);

    // Standings are the sums of the recorded points, and the leaderboard agrees.
    const sums = (await harness.column(
      `SELECT m.display_name || ':' || SUM(x.points) FROM answers x JOIN members m ON m.id = x.member_id
       GROUP BY m.display_name ORDER BY SUM(x.points) DESC`,
    )) as string[];
    const board = end.embeds?.[0]?.fields?.find((f) => f.name === "Final standings")?.value ?? "";
    for (const line of sums) {
      const [name, points] = line.split(":");
      expect(board).toContain(`${name}: ${points} pts`);
    }
    expect(sums[0]).toMatch(/^alice:/);
    expect(await harness.column("SELECT COUNT(*) FROM answers")).toEqual([3 * QUESTIONS]);

    // Discord allows 5 messages per 5 seconds in a channel; the round posts at most 2.
    expect(
      busiestWindow(
        posts.map((p) => p.at),
        5000,
      ),
    ).toBeLessThanOrEqual(2);
    expect(fake.callsTo("PATCH", /^\/channels\//)).toHaveLength(0);

    const summary = controls(end).find((c) => c.label === "My summary")!;
    const bobs = await press("bob", summary.custom_id!);
    expect(bobs.data.flags).toBe(64);
    expect(text(bobs.data)).toContain(`0 of ${QUESTIONS} right`);
    expect(text(bobs.data)).toContain("Practise it");
  });
});
