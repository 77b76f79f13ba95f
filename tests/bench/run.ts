/**
 * `npm run bench [-- --store sqlite|postgres|both]`: seeds a busy deployment (1,000 workspaces,
 * 100,000 members, 1,000,000 answers on the real deck) into each store with the same rows,
 * measures every hot path through the real core on each, repeats interleaved between the stores,
 * measures each store's bare insert beside them, and prints the stores side by side, each path
 * as a share of its own store's bare insert.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type pg from "pg";
import { loadLibrary } from "../../src/content/load.js";
import { migrate } from "../../src/store/migrate.js";
import { type Db, openDatabase } from "../../src/store/open.js";
import { migratePostgres } from "../../src/store/pg-migrate.js";
import { createPgPool } from "../../src/store/pg-pool.js";
import { benchCharts, chartsTable } from "./charts.js";
import {
  fsrsReviewRate,
  pgPointReadRate,
  sqliteBusyInsertRate,
  sqlitePointReadRate,
} from "./floor.js";
import { bareInsertRate, type PgInsertMode, pgBareInsertRate } from "./limits.js";
import { measure, spread } from "./measure.js";
import { benchOptions } from "./options.js";
import { benchPaths } from "./paths.js";
import { seedPostgresInChild } from "./pg-seed.js";
import { type BenchPostgres, benchPostgres, pgDurability } from "./pg-server.js";
import { profiled } from "./profile.js";
import {
  floorLines,
  latencyTable,
  limitsTable,
  type PathResult,
  type StoreLimits,
  sideBySideTable,
} from "./report.js";
import { BENCH_MEMBERS, BENCH_NOW, benchShape, seed } from "./seed.js";
import { countTraffic, pgSide, type Side, sqliteSide, type Traffic } from "./sides.js";
import { sqliteSeedSink } from "./sqlite-seed.js";

const REPEATS = 3;

const options = benchOptions(process.argv.slice(2), process.env);
const log = (text: string) => process.stdout.write(`${text}\n`);
/** Progress, apart from the report. */
const note = (text: string) => process.stderr.write(`${text}\n`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const dir = mkdtempSync(join(tmpdir(), "studybot-bench-"));
let db: Db | undefined;
let server: BenchPostgres | undefined;
let pool: pg.Pool | undefined;
let cleaned: Promise<void> | undefined;
/** Stops what the run started (PostgreSQL above all) and removes its files, once. */
const cleanUp = () => {
  cleaned ??= (async () => {
    await pool?.end().catch(() => {});
    await server?.stop().catch((error: unknown) => note(`could not stop PostgreSQL: ${error}`));
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  })();
  return cleaned;
};
// Ctrl-C mid-run leaves no server running and no files behind.
process.once("SIGINT", () => {
  void cleanUp().finally(() => process.exit(130));
});

try {
  const library = loadLibrary("content");
  const clock = () => BENCH_NOW;
  let t = performance.now();
  let traffic: (() => Traffic) | undefined;
  if (options.stores.includes("postgres")) {
    server = await benchPostgres(note);
    pool = createPgPool({ url: server.url });
    // Ctrl-C reaches the server too, which then ends every connection: that fails the statement
    // running, and must not crash the run (an unhandled 'error') before it cleans up.
    pool.on("connect", (client) => client.on("error", () => {}));
    traffic = countTraffic(pool);
    await migratePostgres(pool);
    note(`PostgreSQL ready in ${seconds(t)}: ${server.where}`);
  }
  t = performance.now();
  const shape = benchShape(options.workspaces);
  // Both stores at once, on the two cores: PostgreSQL's rows are made by a child process.
  const pgSeeded = server ? seedPostgresInChild(server.url, library.questions, shape) : undefined;
  pgSeeded?.catch(() => {}); // awaited below; not unhandled while SQLite is seeded
  let seeded: { members: number; answers: number } | undefined;
  if (options.stores.includes("sqlite")) {
    db = openDatabase(join(dir, "bench.db"));
    migrate(db);
    seeded = await seed([sqliteSeedSink(db)], library.questions, shape);
  }
  const pgCounts = await pgSeeded;
  if (seeded && pgCounts && JSON.stringify(seeded) !== JSON.stringify(pgCounts)) {
    throw new Error(`the stores were seeded differently: ${JSON.stringify({ seeded, pgCounts })}`);
  }
  seeded ??= pgCounts!;
  const names = options.stores.map((s) => (s === "sqlite" ? "SQLite" : "PostgreSQL"));
  log(
    `seeded ${names.join(" and ")} with ${names.length > 1 ? "the same " : ""}${options.workspaces} workspaces, ${seeded.members} members, ${seeded.answers} answers, 10000 schedules in ${seconds(t)}`,
  );
  const sides: Side[] = [];
  if (db) sides.push(sqliteSide(db, join(dir, "bench.db"), library, clock));
  if (pool && traffic) sides.push(pgSide(pool, library, clock, traffic));

  const results: PathResult[] = [];
  const postQuestion = library.questions.find((q) => q.kind === "single" && q.options.length === 4);
  if (!postQuestion) throw new Error("the deck has no four-option question for the channel post");
  const paths = benchPaths({
    workspaces: options.workspaces,
    members: BENCH_MEMBERS,
    postQuestionId: postQuestion.id,
  });
  for (const path of paths) {
    if (options.only && !path.name.includes(options.only)) continue;
    t = performance.now();
    const result: PathResult = { path, sides: new Map() };
    for (const side of sides) result.sides.set(side.label, { runs: [], perOp: null });
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      // Alternate which store goes first, so neither always runs on a warmer (or busier) machine.
      for (const side of repeat % 2 === 0 ? sides : [...sides].reverse()) {
        const work = await path.setup(side, repeat, path.warmUp + path.ops);
        const before = side.traffic();
        const m = await profiled(options.profileDir, `${path.name} ${side.label} ${repeat}`, () =>
          measure(path.name, path.ops, work, {
            warmUp: path.warmUp,
            ...(path.maxMs ? { maxMs: path.maxMs } : {}),
          }),
        );
        const after = side.traffic();
        const r = result.sides.get(side.label)!;
        r.runs.push(m);
        if (before && after) {
          const answers = (path.warmUp + m.ops) * path.perOp;
          r.perOp = {
            statements: (after.statements - before.statements) / answers,
            rollbacks: (after.rollbacks - before.rollbacks) / answers,
          };
        }
      }
    }
    results.push(result);
    note(`measured ${path.name} in ${seconds(t)}`);
  }

  t = performance.now();
  const limits: StoreLimits[] = [];
  const fsrsReviewsPerSecond = fsrsReviewRate();
  if (db) {
    const inserts: number[] = [];
    const busy: number[] = [];
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      inserts.push(bareInsertRate(dir, 30_000));
      busy.push(sqliteBusyInsertRate(db));
    }
    const insert = spread(inserts);
    limits.push({
      label: "SQLite",
      insert,
      others: [{ name: "autocommit, into the seeded database", rate: spread(busy) }],
      durability:
        "WAL, synchronous=NORMAL: a commit is not flushed to disk; a power cut may lose the last commits, never corrupts",
      pointReadsPerSecond: sqlitePointReadRate(db, seeded.members),
      floorInsert: { name: "1 bare insert", perSecond: insert.median },
    });
  }
  if (pool) {
    const modes: PgInsertMode[] = ["autocommit", "serializable unit", "synchronous_commit=off"];
    const rates = new Map<PgInsertMode, number[]>(modes.map((m) => [m, []]));
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      for (const mode of modes) rates.get(mode)!.push(await pgBareInsertRate(pool, mode, 2000));
    }
    const unit = spread(rates.get("serializable unit")!);
    limits.push({
      label: "PostgreSQL",
      insert: spread(rates.get("autocommit")!),
      others: [
        { name: "in a SERIALIZABLE unit (BEGIN, INSERT, COMMIT)", rate: unit },
        {
          name: "autocommit, synchronous_commit=off",
          rate: spread(rates.get("synchronous_commit=off")!),
        },
      ],
      durability: `${await pgDurability(pool)} (${server?.where})`,
      pointReadsPerSecond: await pgPointReadRate(pool, seeded.members),
      floorInsert: { name: "1 bare insert in a SERIALIZABLE unit", perSecond: unit.median },
    });
  }
  note(`measured the stores' limits in ${seconds(t)}`);

  log("");
  for (const l of limits) log(`${l.label} durability: ${l.durability}`);
  log("");
  for (const line of limitsTable(limits)) log(line);
  log("");
  for (const line of sideBySideTable(results, limits)) log(line);
  log("");
  for (const line of latencyTable(results, limits)) log(line);
  log("");
  for (const line of floorLines(results, limits, fsrsReviewsPerSecond)) log(line);
  const rss = process.resourceUsage().maxRSS / 1024;
  log("");
  log(
    `peak RSS of the bench process (the bot's side of each store; not the PostgreSQL server, nor the process seeding it): ${rss.toFixed(0)} MB (target < 250 MB: ${rss < 250 ? "met" : "NOT met"})`,
  );
  // Pictures last: their canvas memory must not count in the stores' peak above. A run of one
  // path (BENCH_ONLY) leaves them out, unless it asks for them (BENCH_ONLY=pictures).
  if (!options.only || options.only === "pictures") {
    t = performance.now();
    const charts = await benchCharts();
    note(`measured the pictures in ${seconds(t)}`);
    log("");
    for (const line of chartsTable(charts)) log(line);
  }
} finally {
  await cleanUp();
}
