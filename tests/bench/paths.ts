import { encodeAction } from "../../src/core/actions.js";
import type { RequestContext } from "../../src/core/env.js";
import { LETTERS } from "../../src/core/views.js";
import type { Side } from "./sides.js";

/** What a path must reach: a share of its store's bare insert rate, or a p99 latency. */
export interface Target {
  ratio?: number;
  p99?: number;
}

/** One path a request takes, measured the same way on every store. */
export interface BenchPath {
  name: string;
  /** Operations one repeat times, at most. */
  ops: number;
  /** A repeat stops early after this long (reads): a slower store gets fewer operations. */
  maxMs?: number;
  /** Untimed operations before them. */
  warmUp: number;
  /** Answers one operation records (a burst records many): rates count answers. */
  perOp: number;
  target: Target;
  /** Gets one repeat ready on one side, outside the timing (`count` = warm-up + timed ops). */
  setup(side: Side, repeat: number, count: number): Promise<(i: number) => Promise<unknown>>;
}

/** How long one repeat of a read path runs at most. */
const READ_MS = 400;

/** Answers arriving together: many members at once, sharing commits where the store can. */
export const BURST = 32;

/** When the bench's channel question was posted: an hour before the bench's clock. */
const CHANNEL_POST_AT = new Date("2026-11-28T11:00:00Z");

/** The paths, for a seeded deployment of `workspaces` × `members` and a scale of operations. */
export function benchPaths(shape: {
  workspaces: number;
  members: number;
  /** A four-option question of the deck, for the channel post. */
  postQuestionId: string;
}): BenchPath[] {
  const { postQuestionId } = shape;
  const member = (i: number): RequestContext => {
    const w = (i * 7919) % shape.workspaces;
    const m = (i * 104729) % shape.members;
    return {
      workspace: { platform: "bench", externalId: `w${w + 1}` },
      user: { id: `u${m}`, name: `user ${m}` },
      channelId: "bench",
      isAdmin: false,
    };
  };
  const heavy: RequestContext = {
    workspace: { platform: "bench", externalId: "w1" },
    user: { id: "u0", name: "user 0" },
    channelId: "bench",
    isAdmin: false,
  };
  // Asks made outside the timing (a one-question quiz each), as many at once as a PostgreSQL
  // pool has connections (10), to save time.
  const prepare = async (side: Side, count: number, offset: number) => {
    const out: { ctx: RequestContext; action: string }[] = new Array(count);
    const one = async (i: number) => {
      // A conversation each: a second quiz in the same one would close the first (one on screen).
      const ctx = { ...member(offset + i + 1), channelId: `bench-${offset + i}` };
      const views = await side.bot.run(ctx, { name: "quiz", count: 1 });
      const q = views.find((v) => v.question)!.question!;
      out[i] = {
        ctx,
        action: encodeAction({
          type: "answer",
          askId: q.askId,
          letters: LETTERS.slice(0, q.picks),
        }),
      };
    };
    for (let i = 0; i < count; i += 10) {
      await Promise.all(Array.from({ length: Math.min(10, count - i) }, (_, k) => one(i + k)));
    }
    return out;
  };
  const read = (
    name: string,
    ops: number,
    target: Target,
    work: (side: Side, i: number) => Promise<unknown>,
  ): BenchPath => ({
    name,
    ops,
    maxMs: READ_MS,
    warmUp: Math.min(50, ops),
    perOp: 1,
    target,
    setup: async (side) => (i) => work(side, i),
  });
  const terms = [
    "ddos",
    "who patches the os",
    "sheild",
    "kms vs cloudhsm",
    "sql injection",
    "mfa",
    "pii in s3",
    "audit evidence",
  ];
  const prefixes = ["s", "sh", "iam", "k", "cloud", "", "g", "sec"];

  return [
    {
      name: "record an answer, one at a time",
      ops: 200,
      warmUp: 20,
      perOp: 1,
      target: { ratio: 0.3 },
      async setup(side, repeat, count) {
        const asks = await prepare(side, count, repeat * 100_000);
        return async (i) => {
          const { ctx, action } = asks[i]!;
          const views = await side.bot.runAction(ctx, action);
          if (views[0]!.tone === "error") throw new Error(views[0]!.text);
        };
      },
    },
    {
      // Each answer is acknowledged after its batch commits, so its latency is the batch's.
      name: `record an answer, ${BURST} at once`,
      ops: 6,
      warmUp: 1,
      perOp: BURST,
      target: { ratio: 0.3 },
      async setup(side, repeat, count) {
        const asks = await prepare(side, count * BURST, 50_000 + repeat * 100_000);
        return async (b) => {
          const views = (
            await Promise.all(
              asks
                .slice(b * BURST, (b + 1) * BURST)
                .map(({ ctx, action }) => side.grouped.runAction(ctx, action)),
            )
          ).flat();
          await side.committed();
          if (views.some((v) => v.tone === "error")) throw new Error("an answer failed");
        };
      },
    },
    {
      // The burst a daily question meets: members who never used the bot, answering one channel
      // post at once, sharing commits (every click makes a member, then records the answer).
      name: `answer one channel post, ${BURST} new members at once`,
      ops: 6,
      warmUp: 1,
      perOp: BURST,
      target: { ratio: 0.3 },
      async setup(side, repeat) {
        const workspace = { platform: "bench", externalId: "w1" };
        const workspaceId = await side.groupedStore.ensureWorkspace(workspace, CHANNEL_POST_AT);
        // Ask ids travel in buttons: lowercase letters and digits only.
        const askId = `benchpost${side.label === "SQLite" ? "s" : "p"}${repeat}`;
        await side.groupedStore.createAsk({
          id: askId,
          workspaceId,
          memberId: null,
          channelId: "bench-post",
          sessionId: null,
          questionId: postQuestionId,
          optionOrder: [0, 1, 2, 3],
          askedAt: CHANNEL_POST_AT,
          closesAt: new Date(CHANNEL_POST_AT.getTime() + 86_400_000),
          roundId: null,
        });
        await side.committed();
        const action = encodeAction({ type: "answer", askId, letters: "A" });
        return async (b) => {
          const views = (
            await Promise.all(
              Array.from({ length: BURST }, (_, k) => {
                const id = `new-${repeat}-${b * BURST + k}`;
                const ctx: RequestContext = {
                  workspace,
                  user: { id, name: id },
                  channelId: "bench-post",
                  isAdmin: false,
                };
                return side.grouped.runAction(ctx, action);
              }),
            )
          ).flat();
          await side.committed();
          if (views.some((v) => v.tone === "error"))
            throw new Error(`an answer failed: ${views.find((v) => v.tone === "error")?.text}`);
        };
      },
    },
    read("leaderboard week", 1000, { p99: 5 }, (side, i) =>
      side.bot.run(member(i), { name: "leaderboard", period: "week", teams: false }),
    ),
    read("leaderboard all time", 1000, { p99: 5 }, (side, i) =>
      side.bot.run(member(i), { name: "leaderboard", period: "all", teams: false }),
    ),
    read("team leaderboard week", 500, { p99: 5 }, (side, i) =>
      side.bot.run(member(i), { name: "leaderboard", period: "week", teams: true }),
    ),
    read("stats", 1000, { p99: 5 }, (side, i) => side.bot.run(member(i), { name: "stats" })),
    read("lookup", 1000, { p99: 2 }, (side, i) =>
      side.bot.run(member(i), { name: "lookup", term: terms[i % terms.length]! }),
    ),
    read("autocomplete", 1000, { p99: 2 }, async (side, i) =>
      side.bot.autocompleteTopics(prefixes[i % prefixes.length]!),
    ),
    read("minute tick scan (10,000 schedules)", 100, { p99: 20 }, (side) => side.scheduler.tick()),
    read("review queue (5,000 cards)", 100, {}, (side) => side.bot.run(heavy, { name: "review" })),
  ];
}
