import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSlackAdapter } from "../../src/adapters/slack/slack-app.js";
import { signSlackRequest, verifySlackSignature } from "../../src/adapters/slack/verify.js";
import { silentLogger } from "../../src/core/logger.js";
import type { Studybot } from "../../src/core/studybot.js";
import type { DailyScheduler } from "../../src/scheduler/daily-scheduler.js";
import { eventually, type Harness, makeBot, STORE_KINDS } from "../helpers/bot.js";
import { FakeSlack, sendSigned } from "../helpers/fake-slack.js";
import { SlackTestbed, slashCommandForm } from "../helpers/slack-testbed.js";

const SECRET = "test-signing-secret";
const RETRY = { retries: 3, minTimeout: 10, maxTimeout: 50 };

type Block = {
  type: string;
  text?: { text: string };
  elements?: { action_id: string; value?: string; type: string }[];
  block_id?: string;
  fields?: { text: string }[];
};
type Message = {
  text?: string;
  blocks?: Block[];
  response_type?: string;
  replace_original?: boolean;
};

function messageText(m: Message): string {
  return [
    m.text,
    ...(m.blocks ?? []).flatMap((b) => [
      b.text?.text,
      ...(b.fields ?? []).map((f) => f.text),
      ...(b.elements ?? []).map((e) => (e as { text?: string }).text),
    ]),
  ]
    .filter(Boolean)
    .join("\n");
}

/** The right letters of the question in a Slack message, read from the deck. */
function rightLetters(bot: Studybot, m: Message): string[] {
  const text = m.blocks?.[1]?.text?.text ?? "";
  const question = bot.library.questions.find((q) => text.endsWith(q.prompt))!;
  const optionLines = (m.blocks?.[2]?.text?.text ?? "").split("\n");
  const right = new Set(question.options.filter((o) => o.correct).map((o) => o.text));
  return optionLines
    .filter((l) => right.has(l.replace(/^\*[A-H]\.\* /, "")))
    .map((l) => l.slice(1, 2));
}

describe.each(STORE_KINDS)("the Slack adapter over HTTP, on %s", (store) => {
  let fake: FakeSlack;
  let port: number;
  let harness: Harness;
  let scheduler: DailyScheduler;
  let responseCounter = 0;

  const bed = new SlackTestbed({ signingSecret: SECRET, retry: RETRY, store });
  beforeEach(async () => {
    ({ fake, port, harness, scheduler } = await bed.start());
  });
  afterEach(() => bed.stop());

  async function command(
    text: string,
    user = "U1",
    name = "alice",
  ): Promise<{ status: number; message: Message; responseId: string }> {
    const responseId = `r${++responseCounter}`;
    const result = await sendSigned(
      port,
      SECRET,
      slashCommandForm(text, { id: user, name }, fake.responseUrl(responseId)),
    );
    return {
      status: result.status,
      message: result.body ? (JSON.parse(result.body) as Message) : {},
      responseId,
    };
  }

  async function click(
    actionId: string,
    options: {
      user?: string;
      ephemeral?: boolean;
      picked?: { blockId: string; letters: string[] };
    } = {},
  ) {
    const responseId = `r${++responseCounter}`;
    const payload = {
      type: "block_actions",
      user: { id: options.user ?? "U1", username: "alice", name: "alice", team_id: "T1" },
      team: { id: "T1", domain: "test" },
      api_app_id: "A1",
      channel: { id: "C1", name: "general" },
      container: { type: "message", is_ephemeral: options.ephemeral ?? true },
      trigger_id: "trigger",
      response_url: fake.responseUrl(responseId),
      actions: [{ type: "button", action_id: actionId, block_id: "b", value: "x", action_ts: "1" }],
      state: options.picked
        ? {
            values: {
              [options.picked.blockId]: {
                pick: {
                  type: "checkboxes",
                  selected_options: options.picked.letters.map((l) => ({ value: l })),
                },
              },
            },
          }
        : { values: {} },
    };
    const result = await sendSigned(port, SECRET, { payload: JSON.stringify(payload) });
    return { status: result.status, responseId };
  }

  const responsesTo = (id: string) =>
    fake.responses.filter((r) => r.id === id).map((r) => r.body as Message);

  it("answers every subcommand", async () => {
    fake.admins.add("UADMIN");
    const expectations: [string, string, string?][] = [
      ["help", "/study quiz [topic] [count]"],
      ["", "Studybot help"],
      ["teams", "Did you mean `/study team list`?"],
      ["lookup ddos", "AWS Shield"],
      ["topics", "Network protection"],
      ["quiz kms 1", "AWS KMS quiz: 1 question"],
      ["review", "Nothing due"],
      ["leaderboard", "Leaderboard: the last 7 days"],
      ["leaderboard all teams", "Team leaderboard"],
      ["stats", "Stats: alice"],
      ["team join Blue", "joined team *Blue*"],
      ["team list", "Blue"],
      ["team leave", "left team *Blue*"],
      ["setup 09:00 Europe/Berlin weekdays", "Daily question set", "UADMIN"],
      ["status", "Next post", "UADMIN"],
      ["pause", "paused", "UADMIN"],
      ["resume", "back on", "UADMIN"],
    ];
    for (const [text, expected, user] of expectations) {
      const { status, message } = await command(text, user ?? "U1");
      expect(status, text).toBe(200);
      expect(messageText(message), text).toContain(expected);
    }
    // The quiz's question arrives through response_url, after the ack.
    await fake.until(() =>
      fake.responses.some((r) => messageText(r.body as Message).includes("Question 1 of 1")),
    );
  });

  it("posts post-now to the channel, retrying a 500 and a 429 without posting twice", async () => {
    fake.admins.add("UADMIN");
    fake.fail("chat.postMessage", [500, 429]);
    const { status, message } = await command("post-now", "UADMIN", "admin");
    expect(status).toBe(200);
    expect(messageText(message)).toContain("on its way");
    await scheduler.tick(); // what the kick after post-now runs
    expect(fake.callsOf("chat.postMessage")).toHaveLength(1);
    expect(fake.calls.map((c) => c.method)).toEqual(
      expect.arrayContaining(["chat.postMessage#500", "chat.postMessage#429"]),
    );
    const posted = fake.callsOf("chat.postMessage")[0]!.args as Message & { channel: string };
    expect(posted.channel).toBe("C1");
    expect(messageText(posted)).toContain("Question of the day");
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsOf("chat.postMessage")).toHaveLength(1);

    // Two members answer the channel post; each gets private feedback, once.
    const answer = async (user: string) => {
      const pick = posted.blocks!.find((b) => b.block_id?.startsWith("pick:"));
      if (pick) {
        const submit = posted.blocks!.find((b) => b.elements?.[0]?.value === "submit")!
          .elements![0]!;
        return await click(submit.action_id, {
          user,
          ephemeral: false,
          picked: { blockId: pick.block_id!, letters: ["A", "B"] },
        });
      }
      const button = posted.blocks!.find((b) => b.type === "actions")!.elements![0]!;
      return await click(button.action_id, { user, ephemeral: false });
    };
    const first = await answer("U1");
    await answer("U2");
    const again = await answer("U1");
    expect(first.status).toBe(200);
    await fake.until(() => responsesTo(again.responseId).length === 1);
    expect(responsesTo(first.responseId)[0]!.replace_original).toBe(false);
    expect(messageText(responsesTo(again.responseId)[0]!)).toContain("already answered");
    const answers = (await harness.column("SELECT COUNT(*) FROM answers"))[0];
    expect(answers).toBe(2);
  });

  it("runs a daily schedule a minute ahead end to end: post, answers, count, reveal", async () => {
    fake.admins.add("UADMIN");
    // The harness clock reads 10:00 UTC: schedule the channel for 10:01.
    const setup = await command("setup 10:01 UTC", "UADMIN", "admin");
    expect(messageText(setup.message)).toContain("Sat 28 Nov, 10:01 (UTC)");
    await scheduler.tick();
    expect(fake.callsOf("chat.postMessage")).toHaveLength(0);

    harness.clock.set("2026-11-28T10:01:00Z"); // what the minute tick sees a minute later
    await scheduler.tick();
    const posts = fake.callsOf("chat.postMessage");
    expect(posts).toHaveLength(1);
    const posted = posts[0]!.args as Message & { channel: string };
    expect(posted.channel).toBe("C1");
    expect(messageText(posted)).toContain("Question of the day");
    expect(messageText(posted)).toContain("No answers yet");

    const letters = rightLetters(harness.bot, posted);
    const pick = posted.blocks!.find((b) => b.block_id?.startsWith("pick:"));
    const clicked = pick
      ? await click(
          posted.blocks!.find((b) => b.elements?.[0]?.value === "submit")!.elements![0]!.action_id,
          {
            ephemeral: false,
            picked: { blockId: pick.block_id!, letters },
          },
        )
      : await click(
          posted
            .blocks!.find((b) => b.type === "actions")!
            .elements!.find((e) => e.value === letters[0])!.action_id,
          {
            ephemeral: false,
          },
        );
    await fake.until(() => responsesTo(clicked.responseId).length === 1);
    expect(messageText(responsesTo(clicked.responseId)[0]!)).toContain("Right!");

    await scheduler.tick();
    const update = fake.callsOf("chat.update")[0]!.args as Message & { ts: string };
    expect(update.ts).toBeDefined();
    expect(messageText(update)).toContain("1 answered so far");

    harness.clock.set("2026-11-28T22:01:00Z"); // closed after 12 hours
    await scheduler.tick();
    const reveal = fake.callsOf("chat.postMessage")[1]!.args as Message;
    expect(messageText(reveal)).toContain("Answer: question of the day");
    expect(messageText(reveal)).toContain("1. alice");
  });

  it("records an answer by button and replaces the private question with feedback", async () => {
    const { message } = await command("quiz kms 1");
    expect(messageText(message)).toContain("AWS KMS quiz: 1 question");
    const questionResponses = () =>
      fake.responses.filter((r) => messageText(r.body as Message).includes("Question 1 of 1"));
    await fake.until(() => questionResponses().length === 1);
    const question = questionResponses()[0]!.body as Message;
    const letter = rightLetters(harness.bot, question)[0]!;
    const button = question
      .blocks!.find((b) => b.type === "actions")!
      .elements!.find((e) => e.value === letter)!;
    const { responseId } = await click(button.action_id);
    await fake.until(() => responsesTo(responseId).length >= 1);
    const feedback = responsesTo(responseId)[0]!;
    expect(feedback.replace_original).toBe(true);
    expect(messageText(feedback)).toContain("Right!");
    expect((await harness.store.findMember(1, "U1"))!.totalPoints).toBe(12);
  });

  it("reports a question from the Report button under its feedback, for the admins only", async () => {
    await command("quiz kms 1");
    const questionResponses = () =>
      fake.responses.filter((r) => messageText(r.body as Message).includes("Question 1 of 1"));
    await fake.until(() => questionResponses().length === 1);
    const question = questionResponses()[0]!.body as Message;
    const answer = question.blocks!.find((b) => b.type === "actions")!.elements![0]!;
    const answered = await click(answer.action_id);
    await fake.until(() => responsesTo(answered.responseId).length >= 1);
    const feedback = responsesTo(answered.responseId)[0]!;
    const report = feedback
      .blocks!.flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id.startsWith("v1:r:"))!;
    const reported = await click(report.action_id);
    await fake.until(() => responsesTo(reported.responseId).length >= 1);
    const thanks = responsesTo(reported.responseId)[0]!;
    expect(messageText(thanks)).toContain("your report on question");
    expect(thanks.replace_original).toBe(false); // the feedback stays, its reasons on screen
    fake.admins.add("U9");
    const { message } = await command("reports", "U9", "admin");
    expect(messageText(message)).toMatch(/kms-0\d/);
    expect(messageText(message)).toContain("alice");
    expect(messageText((await command("reports")).message)).toContain("Only workspace admins");
  });

  it("takes a Select TWO answer from checkboxes and a submit button", async () => {
    await command("quiz shield 3");
    // Messages that ask a question: letter buttons, or checkboxes for Select TWO.
    const isQuestion = (m: Message) =>
      m.blocks?.some(
        (b) => b.block_id?.startsWith("pick:") || (b.elements ?? []).some((e) => e.value === "A"),
      ) ?? false;
    const questions = () => fake.responses.map((r) => r.body as Message).filter(isQuestion);
    let multi: Message | undefined;
    for (let i = 1; i <= 3 && !multi; i++) {
      await fake.until(() => questions().length >= i);
      const current = questions()[i - 1]!;
      if (current.blocks!.some((b) => b.block_id?.startsWith("pick:"))) {
        multi = current;
        break;
      }
      const letter = rightLetters(harness.bot, current)[0]!;
      const button = current
        .blocks!.find((b) => b.type === "actions")!
        .elements!.find((e) => e.value === letter)!;
      await click(button.action_id);
    }
    expect(multi).toBeDefined();
    const pickBlock = multi!.blocks!.find((b) => b.block_id?.startsWith("pick:"))!;
    const submit = multi!.blocks!.find((b) => b.elements?.[0]?.value === "submit")!.elements![0]!;
    const { responseId } = await click(submit.action_id, {
      picked: { blockId: pickBlock.block_id!, letters: rightLetters(harness.bot, multi!) },
    });
    await fake.until(() => responsesTo(responseId).length >= 1);
    expect(messageText(responsesTo(responseId)[0]!)).toContain("Right!");
  });

  it("refuses admin subcommands to non-admins, checking with users.info", async () => {
    const { message } = await command("setup 09:00 UTC", "U1");
    expect(messageText(message)).toContain("Only workspace admins");
    expect(fake.callsOf("users.info")[0]!.args.user).toBe("U1");
    expect(await harness.store.getSchedule(1, "C1")).toBeNull();
  });

  it("pauses the workspace's daily questions when the app is uninstalled", async () => {
    fake.admins.add("UADMIN");
    await command("setup 09:00 UTC", "UADMIN", "admin");
    const event = {
      token: "legacy",
      team_id: "T1",
      api_app_id: "A1",
      type: "event_callback",
      event_id: "Ev1",
      event_time: 1,
      event: { type: "app_uninstalled" },
    };
    const result = await sendSigned(port, SECRET, { json: event });
    expect(result.status).toBe(200);
    await eventually(async () => (await harness.store.getSchedule(1, "C1"))?.paused === true);
    expect((await harness.store.getSchedule(1, "C1"))!.pausedReason).toBe("Slack: app uninstalled");
  });

  it("answers over-long text with a friendly message", async () => {
    const { status, message } = await command(`lookup ${"x".repeat(10_000)}`);
    expect(status).toBe(200);
    expect(messageText(message)).toContain("too long");
  });

  it("takes typed answers only for the question on screen, with controls, counts and an exam", async () => {
    await command("quiz kms 1");
    const second = await command("quiz waf 1");
    expect(messageText(second.message)).toMatch(/AWS KMS quiz \(1 of 1 left\) was closed/);
    const typed = await command("A"); // answers the WAF question: the one on screen
    expect(messageText(typed.message)).toMatch(/Right!|Not quite/);
    expect(await harness.column("SELECT question_id FROM answers")).toEqual(["waf-01"]);
    const stray = await command("A");
    expect(messageText(stray.message)).toContain("no open question");
    expect((await harness.column("SELECT COUNT(*) FROM answers"))[0]).toBe(1);

    const count = await command("quiz kms 1.5");
    expect(messageText(count.message)).toContain("a whole number from 1 to 20");

    const exam = await command("exam 1 5");
    expect(messageText(exam.message)).toContain("Exam: 1 question, 5 minutes");
    await fake.until(() => responsesTo(exam.responseId).length > 0);
    // Slack's date formatting: each reader sees their own time; UTC where it cannot.
    expect(messageText(responsesTo(exam.responseId)[0]!)).toMatch(
      /Time is up <!date\^\d+\^\{time\}\|\d\d:\d\d UTC>/,
    );
    const handedIn = await command("quit");
    expect(messageText(handedIn.message)).toContain("Exam result: 100 of 1000");
    // Stats keep the exam, with the forecast and the readiness estimate.
    const stats = messageText((await command("stats")).message);
    expect(stats).toMatch(/Last exams[\s\S]*100/);
    expect(stats).toContain("Readiness (an estimate");
    expect(stats).toMatch(/Due for review[\s\S]*tomorrow/);
  });

  it("refuses forged, stale and future-dated requests with 401 before any handler", async () => {
    const now = Math.floor(Date.now() / 1000);
    const form = {
      command: "/study",
      text: "team join Intruders",
      team_id: "T1",
      user_id: "UX",
      user_name: "x",
      channel_id: "C1",
      response_url: fake.responseUrl("x"),
    };
    expect((await sendSigned(port, SECRET, form, { signature: "v0=deadbeef" })).status).toBe(401);
    expect((await sendSigned(port, "wrong-secret", form)).status).toBe(401);
    expect((await sendSigned(port, SECRET, form, { timestamp: now - 301 })).status).toBe(401);
    expect((await sendSigned(port, SECRET, form, { timestamp: now + 600 })).status).toBe(401);
    expect((await harness.column("SELECT COUNT(*) FROM teams"))[0]).toBe(0);
    expect((await harness.column("SELECT COUNT(*) FROM members"))[0]).toBe(0);
    expect((await sendSigned(port, SECRET, form, { timestamp: now + 200 })).status).toBe(200);
  });
});

describe("Slack request signing", () => {
  it("matches Slack's documented example", () => {
    const secret = "8f742231b10e8888abcd99yyyzzz85a5";
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    expect(signSlackRequest(secret, "1531420618", body)).toBe(expected);
    expect(
      verifySlackSignature({
        signingSecret: secret,
        timestamp: "1531420618",
        signature: expected,
        body,
        nowSeconds: 1531420618 + 60,
      }),
    ).toEqual({ ok: true });
    expect(
      verifySlackSignature({
        signingSecret: secret,
        timestamp: "1531420618",
        signature: expected,
        body,
        nowSeconds: 1531420618 - 301,
      }).ok,
    ).toBe(false);
  });
});

describe("the Slack adapter in Socket Mode", () => {
  it("opens a connection with apps.connections.open and acks a slash command envelope", async () => {
    const fake = await new FakeSlack().start();
    const { bot } = makeBot();
    const adapter = createSlackAdapter(bot, {
      botToken: "xoxb-test",
      appToken: "xapp-test",
      apiUrl: fake.apiUrl,
      retry: RETRY,
      logger: silentLogger,
    });
    try {
      await adapter.start();
      await fake.until(
        () => fake.socket !== undefined && fake.callsOf("apps.connections.open").length === 1,
      );
      fake.socket!.send(
        JSON.stringify({
          envelope_id: "env-1",
          type: "slash_commands",
          accepts_response_payload: true,
          payload: {
            token: "legacy",
            team_id: "T1",
            team_domain: "test",
            channel_id: "C1",
            channel_name: "general",
            user_id: "U1",
            user_name: "alice",
            command: "/study",
            text: "lookup waf",
            api_app_id: "A1",
            response_url: fake.responseUrl("socket"),
            trigger_id: "t",
          },
        }),
      );
      await fake.until(() => fake.socketMessages.some((m) => m.envelope_id === "env-1"));
      const ack = fake.socketMessages.find((m) => m.envelope_id === "env-1") as {
        payload: Message;
      };
      expect(messageText(ack.payload)).toContain("AWS WAF");
    } finally {
      await adapter.stop();
      await fake.stop();
    }
  });
});

describe.each(STORE_KINDS)(
  "Slack's 3 s deadline and the HTTP front's form check (issue 12, items 6 and 8), on %s",
  (store) => {
    let fake: FakeSlack;
    let port: number;
    let harness: Harness;
    let scheduler: DailyScheduler;

    // No `retry` option: the production retry policy, the one that outlived the deadline. The
    // scheduler is real: a post-now that ran would be kicked out to chat.postMessage at once.
    const bed = new SlackTestbed({ signingSecret: SECRET, store });
    beforeEach(async () => {
      ({ fake, port, harness, scheduler } = await bed.start());
    });
    afterEach(() => bed.stop());

    const form = (text: string, user: string) =>
      slashCommandForm(text, { id: user, name: user.toLowerCase() }, fake.responseUrl(`r-${user}`));
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    /** An admin's post-now while users.info misbehaves: acked in time, refused, and never run. */
    async function expectRefusedPostNow(settleMs: number): Promise<void> {
      fake.admins.add("UADMIN");
      const started = performance.now();
      const result = await sendSigned(port, SECRET, form("post-now", "UADMIN"));
      const elapsed = performance.now() - started;
      expect(result.status).toBe(200);
      expect(elapsed).toBeLessThan(3000); // Slack's deadline; Bolt answers 404 after it
      expect(messageText(JSON.parse(result.body) as Message)).toContain(
        "couldn't check your admin rights",
      );
      // Long enough for the client's default retries (1 + 2 + 4 s) or the slow answer to land.
      await sleep(settleMs);
      await scheduler.tick();
      expect(fake.callsOf("chat.postMessage")).toHaveLength(0);
      expect(fake.calls.filter((c) => c.method.startsWith("users.info"))).toHaveLength(1);
      expect((await harness.column("SELECT COUNT(*) FROM channel_posts"))[0]).toBe(0);
    }

    it("answers in time and runs nothing when users.info fails with 500s", async () => {
      fake.fail("users.info", [500, 500, 500]);
      await expectRefusedPostNow(8000);
    }, 30_000);

    it("answers in time and runs nothing when users.info is slow", async () => {
      fake.delay("users.info", 6000);
      await expectRefusedPostNow(6500);
    }, 30_000);

    it("refuses a signed slash command with a duplicated field with 400, before any handler", async () => {
      const body = `${new URLSearchParams(form("team join Blue", "U1")).toString()}&text=team+join+Red`;
      const timestamp = String(Math.floor(Date.now() / 1000));
      const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-slack-request-timestamp": timestamp,
          "x-slack-signature": signSlackRequest(SECRET, timestamp, body),
        },
        body,
      });
      expect(response.status).toBe(400);
      await sleep(300);
      expect((await harness.column("SELECT COUNT(*) FROM members"))[0]).toBe(0);
      expect((await harness.column("SELECT COUNT(*) FROM teams"))[0]).toBe(0);
      expect(fake.responses).toHaveLength(0);
    });
  },
);

describe.each(STORE_KINDS)("hostile names on Slack (issue 12, item 7), on %s", (store) => {
  let fake: FakeSlack;
  let port: number;

  const bed = new SlackTestbed({ signingSecret: SECRET, retry: RETRY, store });
  beforeEach(async () => {
    ({ fake, port } = await bed.start());
  });
  afterEach(() => bed.stop());

  const HOSTILE = "<!channel> *bold* &amp;";
  const ESCAPED = "&lt;!channel&gt; ∗bold∗ &amp;amp;";

  async function command(text: string): Promise<Message> {
    const result = await sendSigned(
      port,
      SECRET,
      slashCommandForm(text, { id: "U66", name: HOSTILE }, fake.responseUrl("r-hostile")),
    );
    expect(result.status).toBe(200);
    return JSON.parse(result.body) as Message;
  }

  it("shows a hostile name and team escaped in channel replies, with no live mention", async () => {
    const joined = await command("team join Reds _won_ - it");
    expect(joined.response_type).toBe("in_channel");
    expect(joined.blocks?.[0]?.text?.text).toBe(`${ESCAPED} joined team *Reds ˍwonˍ - it*.`);
    const board = await command("leaderboard teams");
    expect(board.response_type).toBe("in_channel");
    expect(messageText(board)).toContain("Reds ˍwonˍ - it (1 member)");
    for (const message of [joined, board]) {
      expect(messageText(message)).not.toContain("<!channel>");
      expect(messageText(message)).not.toContain("*bold*");
    }
  });
});
