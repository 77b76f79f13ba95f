/**
 * `npm run bench`: seeds a busy deployment (1,000 workspaces, 100,000 members, 1,000,000 answers
 * on the real deck), measures every hot path through the real core and SQLite, measures the
 * machine's own limits beside them, and prints each path as a ratio to its limit.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadLibrary } from "../../src/content/load.js";
import { encodeAction } from "../../src/core/actions.js";
import type { RequestContext } from "../../src/core/env.js";
import { silentLogger } from "../../src/core/logger.js";
import { seededRandom } from "../../src/core/random.js";
import { Studybot } from "../../src/core/studybot.js";
import { LETTERS } from "../../src/core/views.js";
import { DailyScheduler } from "../../src/scheduler/daily-scheduler.js";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open.js";
import { SqlitePostQueue } from "../../src/store/post-queue.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import { measureAnswerFloor } from "./floor.js";
import { bareHttpRate, bareInsertRate } from "./limits.js";
import { type Measurement, measure } from "./measure.js";
import { seed, seedHeavyMember, seedSchedules } from "./seed.js";

const WORKSPACES = Number(process.env.BENCH_WORKSPACES ?? 1000);
const MEMBERS = 100;
const ANSWERS = 10;
const NOW = new Date("2026-11-28T12:00:00Z");

const log = (text: string) => process.stdout.write(`${text}\n`);
const dir = mkdtempSync(join(tmpdir(), "studybot-bench-"));

try {
  const library = loadLibrary("content");
  const db = openDatabase(join(dir, "bench.db"));
  migrate(db);
  let t = performance.now();
  const seeded = seed(db, library, {
    workspaces: WORKSPACES,
    membersPerWorkspace: MEMBERS,
    answersPerMember: ANSWERS,
    now: NOW,
  });
  seedSchedules(db, 10_000, WORKSPACES, NOW);
  seedHeavyMember(db, 1, library, 5000, NOW);
  db.pragma("optimize");
  log(
    `seeded ${WORKSPACES} workspaces, ${seeded.members} members, ${seeded.answers} answers, 10000 schedules in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  let now = NOW;
  // One store per connection: its units serialize the writes on it.
  const store = new SqliteStore(db);
  const bot = new Studybot({
    library,
    store,
    clock: () => now,
    random: seededRandom(1),
    logger: silentLogger,
  });
  const member = (i: number): RequestContext => {
    const w = (i * 7919) % WORKSPACES;
    const m = (i * 104729) % MEMBERS;
    return {
      workspace: { platform: "bench", externalId: `w${w + 1}` },
      user: { id: `u${m}`, name: `user ${m}` },
      channelId: "bench",
      isAdmin: false,
    };
  };

  const results: Measurement[] = [];
  const N = 5000;
  // BENCH_ONLY=<part of a name> runs just the matching paths (for profiling one of them).
  const only = process.env.BENCH_ONLY;
  const bench = async (name: string, n: number, work: (i: number) => unknown) => {
    if (!only || name.includes(only)) results.push(await measure(name, n, work));
  };

  // Answers: asks prepared outside the timing (a one-question quiz each), then answered.
  const prepare = async (count: number, offset: number) => {
    const out: { ctx: RequestContext; action: string }[] = [];
    for (let i = 0; i < count; i++) {
      // A conversation each: a second quiz in the same one would close the first (one on screen).
      const ctx = { ...member(offset + i + 1), channelId: `bench-${offset + i}` };
      const q = (await bot.run(ctx, { name: "quiz", count: 1 })).find((v) => v.question)!.question!;
      out.push({
        ctx,
        action: encodeAction({
          type: "answer",
          askId: q.askId,
          letters: LETTERS.slice(0, q.picks),
        }),
      });
    }
    return out;
  };
  const prepared = await prepare(N + 50, 0);
  await bench("record an answer, one at a time", N, async (i) => {
    const { ctx, action } = prepared[i % prepared.length]!;
    const views = await bot.runAction(ctx, action);
    if (views[0]!.tone === "error") throw new Error(views[0]!.text);
  });
  // A burst: answers from many members arrive together and share commits (group commit, as in
  // production); each is acknowledged after its batch commits, so its latency is the batch's.
  const BATCH = 32;
  const grouped = new Studybot({
    library,
    store: new SqliteStore(db, { groupCommit: true }),
    clock: () => now,
    random: seededRandom(2),
    logger: silentLogger,
  });
  const BATCHES = Math.floor(N / BATCH);
  // Warm-up batches take indexes after the measured ones (see measure), so prepare room for them.
  const burst = await prepare((BATCHES + 50) * BATCH, N + 100);
  const batches = await (async () => {
    if (only && !"record an answer, 32 at once".includes(only)) return null;
    return measure(`record an answer, ${BATCH} at once`, BATCHES, async (b) => {
      const views = (
        await Promise.all(
          burst
            .slice(b * BATCH, (b + 1) * BATCH)
            .map(({ ctx, action }) => grouped.runAction(ctx, action)),
        )
      ).flat();
      await grouped.committed();
      if (views.some((v) => v.tone === "error")) throw new Error("an answer failed");
    });
  })();
  if (batches) {
    results.push({
      ...batches,
      ops: batches.ops * BATCH,
      opsPerSecond: batches.opsPerSecond * BATCH,
    });
  }
  await bench("leaderboard week", N, (i) =>
    bot.run(member(i), { name: "leaderboard", period: "week", teams: false }),
  );
  await bench("leaderboard all time", N, (i) =>
    bot.run(member(i), { name: "leaderboard", period: "all", teams: false }),
  );
  await bench("team leaderboard week", 2000, (i) =>
    bot.run(member(i), { name: "leaderboard", period: "week", teams: true }),
  );
  await bench("stats", N, (i) => bot.run(member(i), { name: "stats" }));
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
  await bench("lookup", N, (i) =>
    bot.run(member(i), { name: "lookup", term: terms[i % terms.length]! }),
  );
  const prefixes = ["s", "sh", "iam", "k", "cloud", "", "g", "sec"];
  await bench("autocomplete", N, (i) => bot.autocompleteTopics(prefixes[i % prefixes.length]!));

  const scheduler = new DailyScheduler({
    bot,
    queue: new SqlitePostQueue(store),
    posters: new Map(),
    clock: () => now,
    logger: silentLogger,
    instanceId: "bench",
  });
  await bench("minute tick scan (10,000 schedules)", 300, () => scheduler.tick());
  const heavy: RequestContext = {
    workspace: { platform: "bench", externalId: "w1" },
    user: { id: "u0", name: "user 0" },
    channelId: "bench",
    isAdmin: false,
  };
  await bench("review queue (5,000 cards)", 500, () => bot.run(heavy, { name: "review" }));
  now = new Date(NOW.getTime() + 1000);

  t = performance.now();
  const insertLimit = bareInsertRate(dir);
  const httpLimit = await bareHttpRate();
  const floor = measureAnswerFloor(db, seeded.members);
  log(`measured the machine's limits in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const targets: Record<string, { p99?: number; ratio?: number }> = {
    "record an answer, one at a time": { ratio: 0.3 },
    "record an answer, 32 at once": { ratio: 0.3 },
    "leaderboard week": { p99: 5 },
    "leaderboard all time": { p99: 5 },
    "team leaderboard week": { p99: 5 },
    stats: { p99: 5 },
    lookup: { p99: 2 },
    autocomplete: { p99: 2 },
    "minute tick scan (10,000 schedules)": { p99: 20 },
  };
  log("");
  log(
    `machine limits: bare SQLite insert ${Math.round(insertLimit).toLocaleString("en-US")} rows/s (WAL, synchronous=NORMAL, autocommit); bare HTTP ${Math.round(httpLimit).toLocaleString("en-US")} req/s (loopback, keep-alive)`,
  );
  log("");
  log("| path | ops/s | p50 ms | p99 ms | ratio to limit | target | met |");
  log("|---|---:|---:|---:|---:|---|---|");
  for (const r of results) {
    const write = r.name.startsWith("record an answer");
    const ratio = r.opsPerSecond / (write ? insertLimit : httpLimit);
    const target = targets[r.name];
    const text = target?.ratio
      ? `>= ${target.ratio * 100}% of insert`
      : target?.p99
        ? `p99 < ${target.p99} ms`
        : "-";
    const met = target?.ratio ? ratio >= target.ratio : target?.p99 ? r.p99Ms < target.p99 : true;
    log(
      `| ${r.name} | ${Math.round(r.opsPerSecond).toLocaleString("en-US")} | ${r.p50Ms.toFixed(3)} | ${r.p99Ms.toFixed(3)} | ${(ratio * 100).toFixed(1)}% of ${write ? "insert" : "HTTP"} | ${text} | ${met ? "yes" : "NO"} |`,
    );
  }
  // What an answer cannot skip: one review, four point reads (ask, member, card, day), one insert.
  const us = (perSecond: number) => 1e6 / perSecond;
  const floorUs =
    us(floor.fsrsReviewsPerSecond) + 4 * us(floor.pointReadsPerSecond) + us(insertLimit);
  log("");
  log(
    `an answer's floor: FSRS review ${us(floor.fsrsReviewsPerSecond).toFixed(1)} us + 4 primary-key reads of ${us(floor.pointReadsPerSecond).toFixed(1)} us + 1 bare insert of ${us(insertLimit).toFixed(1)} us = ${floorUs.toFixed(1)} us, ${Math.round(1e6 / floorUs).toLocaleString("en-US")}/s, ${((1e6 / floorUs / insertLimit) * 100).toFixed(0)}% of the bare insert rate`,
  );
  log(
    `(the same one-row insert into the seeded database runs at ${Math.round(floor.busyInsertsPerSecond).toLocaleString("en-US")} rows/s)`,
  );
  for (const r of results.filter((m) => m.name.startsWith("record an answer"))) {
    log(`${r.name}: ${((r.opsPerSecond * floorUs) / 1e4).toFixed(0)}% of the floor's rate`);
  }
  const rss = process.resourceUsage().maxRSS / 1024;
  log("");
  log(`peak RSS: ${rss.toFixed(0)} MB (target < 250 MB: ${rss < 250 ? "met" : "NOT met"})`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
