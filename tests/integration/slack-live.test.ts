import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEAD_MS, MIN_GAP_MS, PAUSE_MS } from "../../src/core/live-rounds.js";
import type { DailyScheduler } from "../../src/scheduler/daily-scheduler.js";
import type { Harness } from "../helpers/bot.js";
import { type FakeSlack, sendSigned } from "../helpers/fake-slack.js";
import { askOfControls, busiestWindow, lettersOf } from "../helpers/live.js";
import { SlackTestbed, slashCommandForm } from "../helpers/slack-testbed.js";

const SECRET = "test-signing-secret";
const QUESTIONS = 10;
const SECONDS = 10;
const PLAYERS = { alice: "U1", bob: "U2", carl: "U3" };
type Player = keyof typeof PLAYERS;

type Element = { action_id: string; value?: string; type: string; text?: { text: string } };
type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Element[] };
type Message = { text?: string; blocks?: Block[]; response_type?: string };

const text = (m: unknown) => JSON.stringify(m ?? {});
const elements = (m: Message) => (m.blocks ?? []).flatMap((b) => b.elements ?? []);

describe("a live round on Slack", () => {
  let fake: FakeSlack;
  let port: number;
  let harness: Harness;
  let scheduler: DailyScheduler;
  let responses = 0;
  // The real deck: a ten-question round needs more questions than the mini deck has.
  const bed = new SlackTestbed({ signingSecret: SECRET, contentDir: "content" });
  beforeAll(async () => {
    ({ fake, port, harness, scheduler } = await bed.start());
  });
  afterAll(() => bed.stop());

  /** What the bot answered on a response_url, once it has. */
  async function reply(responseId: string): Promise<Message> {
    await fake.until(() => fake.responses.some((r) => r.id === responseId));
    return fake.responses.find((r) => r.id === responseId)!.body as Message;
  }

  async function command(line: string, who: Player = "alice"): Promise<Message> {
    const responseId = `r${++responses}`;
    const sent = await sendSigned(
      port,
      SECRET,
      slashCommandForm(line, { id: PLAYERS[who], name: who }, fake.responseUrl(responseId)),
    );
    expect(sent.status).toBe(200);
    // A slash command's reply is the body of its acknowledgement.
    return sent.body ? (JSON.parse(sent.body) as Message) : reply(responseId);
  }

  async function click(
    who: Player,
    actionId: string,
    picked?: { blockId: string; letters: string[] },
  ) {
    const responseId = `r${++responses}`;
    const payload = {
      type: "block_actions",
      user: { id: PLAYERS[who], username: who, name: who, team_id: "T1" },
      team: { id: "T1", domain: "test" },
      api_app_id: "A1",
      channel: { id: "C1", name: "general" },
      container: { type: "message", is_ephemeral: false },
      trigger_id: "trigger",
      response_url: fake.responseUrl(responseId),
      actions: [{ type: "button", action_id: actionId, block_id: "b", value: "x", action_ts: "1" }],
      state: picked
        ? {
            values: {
              [picked.blockId]: {
                pick: {
                  type: "checkboxes",
                  selected_options: picked.letters.map((l) => ({ value: l })),
                },
              },
            },
          }
        : { values: {} },
    };
    const sent = await sendSigned(port, SECRET, { payload: JSON.stringify(payload) });
    expect(sent.status).toBe(200);
    return reply(responseId);
  }

  async function answer(who: Player, question: Message, right: boolean): Promise<Message> {
    const ids = elements(question).map((e) => e.action_id);
    const askId = askOfControls(ids);
    const letters = await lettersOf(harness, askId, right);
    const pick = question.blocks!.find((b) => b.block_id?.startsWith("pick:"));
    if (pick) {
      const submit = elements(question).find((e) => e.value === "submit")!;
      return click(who, submit.action_id, { blockId: pick.block_id!, letters });
    }
    return click(who, elements(question).find((e) => e.value === letters[0])!.action_id);
  }

  /** Channel posts so far, each stamped with the test clock's time when it went out. */
  const posts: { at: number; message: Message }[] = [];
  async function settle(): Promise<void> {
    await scheduler.tick();
    await scheduler.idle();
    for (const call of fake.callsOf("chat.postMessage").slice(posts.length)) {
      posts.push({ at: harness.clock.now().getTime(), message: call.args as Message });
    }
  }

  it("plays a whole round with several members, inside Slack's one message a second", async () => {
    const started = await command(`live ${QUESTIONS} ${SECONDS}`);
    expect(started.response_type).toBe("ephemeral");
    expect(text(started)).toContain(`${QUESTIONS} questions`);
    await settle();
    const start = posts[0]!.message;
    expect(text(start)).toContain("Live round");
    // The first question's time in Slack's date formatting: each reader's own time zone.
    expect(text(start)).toMatch(/<!date\^\d+\^/);
    const join = elements(start).find((e) => e.text?.text === "Join")!;
    expect(text(await click("bob", join.action_id))).toContain("You're in");
    expect(text(await command("live join", "carl"))).toContain("You're in");

    for (let n = 1; n <= QUESTIONS; n++) {
      harness.clock.advance(n === 1 ? LEAD_MS : PAUSE_MS);
      await settle();
      const question = posts.at(-1)!.message;
      expect(text(question)).toContain(`Live ${n}/${QUESTIONS}`);
      harness.clock.advance(2000);
      const ack = await answer("alice", question, true);
      expect(ack.response_type).toBe("ephemeral");
      expect(text(ack)).toContain("Locked in");
      await answer("bob", question, false);
      // Carl types his answer, as Slack users can.
      const askId = askOfControls(elements(question).map((e) => e.action_id));
      const typed = await command((await lettersOf(harness, askId, true)).join(" "), "carl");
      expect(text(typed)).toContain("Locked in");
      await settle();
      harness.clock.advance(MIN_GAP_MS);
      await settle();
      expect(text(posts.at(-1)!.message)).toContain(`Answer ${n}/${QUESTIONS}`);
    }
    harness.clock.advance(MIN_GAP_MS);
    await settle();
    const end = posts.at(-1)!.message;
    expect(text(end)).toContain("Live round over");
    expect(posts).toHaveLength(2 + 2 * QUESTIONS);
    const board = text(end);
    expect(board).toMatch(/alice: \d+ pts/);
    expect(board).toMatch(/carl: \d+ pts/);
    expect(board).toContain("bob: 0 pts");
    expect(await harness.column("SELECT COUNT(*) FROM answers")).toEqual([3 * QUESTIONS]);

    // Slack allows about one message a second in a channel: never two within a second.
    expect(
      busiestWindow(
        posts.map((p) => p.at),
        1000,
      ),
    ).toBe(1);
    expect(fake.callsOf("chat.update")).toHaveLength(0);

    const summary = elements(end).find((e) => e.text?.text === "My summary")!;
    expect(text(await click("bob", summary.action_id))).toContain(`0 of ${QUESTIONS} right`);

    // Each player also gets their own summary unasked, shown only to them in the channel.
    harness.clock.advance(MIN_GAP_MS);
    await settle();
    const privately = fake.ephemerals.map((e) => [e.user, e.channel]).sort();
    expect(privately).toEqual([
      ["U1", "C1"],
      ["U2", "C1"],
      ["U3", "C1"],
    ]);
    const bobs = fake.ephemerals.find((e) => e.user === "U2")!;
    expect(text(bobs.args)).toContain(`0 of ${QUESTIONS} right`);
    expect(text(bobs.args)).toContain("Practise it");
    // Not in the channel for everyone: still 22 channel messages.
    expect(posts).toHaveLength(2 + 2 * QUESTIONS);
  });
});
