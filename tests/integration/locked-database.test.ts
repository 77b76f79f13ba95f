import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open.js";
import { DiscordTestbed } from "../helpers/discord-testbed.js";
import { botMessage, type FakeDiscord, member } from "../helpers/fake-discord.js";
import { sendSigned } from "../helpers/fake-slack.js";
import { holdWriteLock } from "../helpers/lock-holder.js";
import { SlackTestbed, slashCommandForm } from "../helpers/slack-testbed.js";

/**
 * Another process holds the database's write lock for 4 s. The bot keeps its 3 s promises: a
 * request that only reads answers at once, and an answer is acknowledged in time (deferred)
 * and completed, saved, when the lock frees. The bot runs on a real file with group commit.
 */

const HOLD_MS = 4000;
const ALICE = "500000000000000001";
const BOB = "500000000000000002";

function databaseFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), "studybot-locked-")), "locked.db");
  const db = openDatabase(path);
  migrate(db);
  db.close();
  return path;
}

type Embedded = { embeds?: { title?: string; description?: string }[]; components?: unknown[] };
const text = (m: unknown) => JSON.stringify(m ?? {});

/** The right option's letter of the question in a Discord message (the mini deck's KMS one). */
function kmsButton(message: Embedded): string {
  const rows = (message.components ?? []) as {
    components: { label: string; custom_id: string }[];
  }[];
  const lines = (message.embeds?.[0]?.description ?? "").split("\n");
  const right = lines.find((l) => l.endsWith("KMS"))!.slice(2, 3); // "**B.** KMS"
  return rows.flatMap((r) => r.components).find((c) => c.label === right)!.custom_id;
}

describe("Discord while another process holds the write lock", () => {
  let bed: DiscordTestbed | undefined;
  afterEach(async () => {
    await bed?.stop();
  });

  it("answers a lookup at once and defers an answer, completing it when the lock frees", async () => {
    const path = databaseFile();
    bed = await new DiscordTestbed({ dbPath: path, groupCommit: true }).start();
    const fake: FakeDiscord = bed.fake;
    const quiz = fake.interact({
      type: 2,
      member: member(ALICE, "alice"),
      data: {
        id: "1",
        name: "quiz",
        type: 1,
        options: [
          { name: "topic", type: 3, value: "kms" },
          { name: "count", type: 4, value: 1 },
        ],
      },
    });
    await fake.until(() => fake.followUps(quiz.token).length > 0);
    const question = fake.followUps(quiz.token)[0] as Embedded;
    const lookupFirst = fake.interact({
      type: 2,
      member: member(BOB, "bob"),
      data: { id: "2", name: "help", type: 1, options: [] },
    });
    await fake.until(() => fake.callback(lookupFirst.id) !== undefined); // Bob is known now

    const { released } = await holdWriteLock(path, HOLD_MS);
    const locked = performance.now();
    const click = fake.interact({
      type: 3,
      member: member(ALICE, "alice"),
      message: botMessage({ id: fake.nextId(), flags: 64 }),
      data: { custom_id: kmsButton(question), component_type: 2 },
    });
    const lookup = fake.interact({
      type: 2,
      member: member(BOB, "bob"),
      data: {
        id: "3",
        name: "lookup",
        type: 1,
        options: [{ name: "term", type: 3, value: "ddos" }],
      },
    });
    await fake.until(() => fake.callback(lookup.id) !== undefined, 3000);
    expect(fake.callback(lookup.id)!.type).toBe(4); // a reply, not deferred: reads never wait
    expect(text(fake.callback(lookup.id)!.data)).toContain("AWS Shield");

    // The answer is acknowledged inside Discord's 3 s as a deferred update of the question...
    await fake.until(() => fake.callback(click.id) !== undefined, 3000);
    expect(fake.callback(click.id)!.type).toBe(6);
    expect(performance.now() - locked).toBeLessThan(3000);
    // ...and completed once the lock frees: the question's message becomes the feedback.
    const edits = () =>
      fake.calls.filter(
        (c) =>
          c.method === "PATCH" && c.path.includes(`/webhooks/`) && c.path.includes(click.token),
      );
    await fake.until(() => edits().length > 0, HOLD_MS + 5000);
    expect(text(edits()[0]!.body)).toContain("Right!");
    await released;
    expect((await bed.harness.store.findMember(1, ALICE))!.totalPoints).toBe(12);
  });
});

describe("Slack while another process holds the write lock", () => {
  let bed: SlackTestbed | undefined;
  afterEach(async () => {
    await bed?.stop();
  });

  it("acks an answer in time with 'saving' and sends the feedback when the lock frees", async () => {
    const path = databaseFile();
    bed = await new SlackTestbed({
      signingSecret: "secret",
      dbPath: path,
      groupCommit: true,
    }).start();
    const { fake, port } = bed;
    const send = (text: string, responseId: string) =>
      sendSigned(
        port,
        "secret",
        slashCommandForm(text, { id: "U1", name: "alice" }, fake.responseUrl(responseId)),
      );
    await send("quiz kms 1", "quiz");
    await fake.until(() => fake.responses.some((r) => r.id === "quiz"));
    const question = fake.responses.find((r) => r.id === "quiz")!.body as {
      blocks: { text?: { text: string } }[];
    };
    const options = question.blocks.find((b) => b.text?.text.includes("*A.*"))!.text!.text;
    const right = options
      .split("\n")
      .find((l) => l.endsWith("KMS"))!
      .slice(1, 2); // "*B.* KMS"

    const { released } = await holdWriteLock(path, HOLD_MS);
    const started = performance.now();
    const ack = await send(right, "answer");
    expect(performance.now() - started).toBeLessThan(3000); // Slack's deadline
    expect(ack.status).toBe(200);
    expect(ack.body).toContain("Saving");
    await fake.until(() => fake.responses.some((r) => r.id === "answer"), HOLD_MS + 5000);
    const feedback = fake.responses.find((r) => r.id === "answer")!.body;
    expect(text(feedback)).toContain("Right!");
    await released;
    expect((await bed.harness.store.findMember(1, "U1"))!.totalPoints).toBe(12);
  });
});
