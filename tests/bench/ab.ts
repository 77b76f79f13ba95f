/**
 * `npm run bench:ab -- <other checkout> [part of a path's name]`: this checkout's answer paths
 * against another checkout's (the commit before a change, say), on SQLite, in one process. One
 * seeded database, copied for each side; the sides take turns operation by operation (A B, B A,
 * ...), and each round's ratio is taken, so the machine's drift, which moves separate runs of
 * `npm run bench` by ±30% here, hits both sides alike. BENCH_ROUNDS (default 9) rounds a path.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadLibrary } from "../../src/content/load.js";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open.js";
import { spread } from "./measure.js";
import { benchPaths } from "./paths.js";
import { BENCH_MEMBERS, BENCH_NOW, benchShape, seed } from "./seed.js";
import type { Side } from "./sides.js";
import { sqliteSeedSink } from "./sqlite-seed.js";

const WORKSPACES = 1000;

const [otherArg, only] = process.argv.slice(2);
if (!otherArg || !existsSync(join(otherArg, "tests/bench/sides.ts"))) {
  throw new Error(
    "usage: npm run bench:ab -- <another checkout of studybot> [part of a path's name]",
  );
}
const other = resolve(otherArg);
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
const migrations = (root: string) => {
  const hash = createHash("sha256");
  const files = readdirSync(join(root, "migrations"), { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => join(f.parentPath, f.name).slice(root.length))
    .sort();
  for (const f of files) hash.update(f).update(readFileSync(join(root, f)));
  return hash.digest("hex");
};
if (migrations(resolve(".")) !== migrations(other)) {
  throw new Error(`${other} has other migrations: one seeded database cannot serve both sides`);
}

const log = (text: string) => process.stdout.write(`${text}\n`);
const dir = mkdtempSync(join(tmpdir(), "studybot-ab-"));
try {
  const seeded = join(dir, "seeded.db");
  const db = openDatabase(seeded);
  migrate(db);
  await seed([sqliteSeedSink(db)], loadLibrary("content").questions, benchShape(WORKSPACES));
  db.close(); // checkpoints the WAL: the file alone is the whole database
  const clock = () => BENCH_NOW;
  const sideIn = async (root: string, label: string): Promise<Side> => {
    const path = join(dir, `${label}.db`);
    copyFileSync(seeded, path);
    const open = (await import(
      join(root, "src/store/open.ts")
    )) as typeof import("../../src/store/open.js");
    const load = (await import(
      join(root, "src/content/load.ts")
    )) as typeof import("../../src/content/load.js");
    const sides = (await import(join(root, "tests/bench/sides.ts"))) as typeof import("./sides.js");
    return sides.sqliteSide(open.openDatabase(path), path, load.loadLibrary("content"), clock);
  };
  const a = await sideIn(resolve("."), "a");
  const b = await sideIn(other, "b");
  const postQuestion = loadLibrary("content").questions.find(
    (q) => q.kind === "single" && q.options.length === 4,
  )!;
  log(
    `A: ${resolve(".")}\nB: ${other}\n${rounds} rounds a path, the sides taking turns operation by operation; ratio A ÷ B of answers a second\n`,
  );
  log(
    "| path | A answers/s | B answers/s | A ÷ B answers/s, median (min–max) | A ÷ B, the typical operation |",
  );
  log("|---|---:|---:|---:|---:|");
  for (const path of benchPaths({
    workspaces: WORKSPACES,
    members: BENCH_MEMBERS,
    postQuestionId: postQuestion.id,
  })) {
    if (!path.name.includes(only ?? "answer")) continue;
    const rates = { a: [] as number[], b: [] as number[] };
    const ratios: number[] = [];
    /** B's median operation time over A's: blind to the rare stall (a GC, a checkpoint). */
    const typical: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // Operation by operation, in turn (A B, then B A): drift within a round hits both alike.
      const work = {
        a: await path.setup(a, round, path.warmUp + path.ops),
        b: await path.setup(b, round, path.warmUp + path.ops),
      };
      for (let i = 0; i < path.warmUp; i++) {
        await work.a(path.ops + i);
        await work.b(path.ops + i);
      }
      const times = { a: [] as number[], b: [] as number[] };
      for (let i = 0; i < path.ops; i++) {
        for (const key of i % 2 === 0 ? (["a", "b"] as const) : (["b", "a"] as const)) {
          const t = performance.now();
          await work[key](i);
          times[key].push(performance.now() - t);
        }
      }
      const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
      for (const key of ["a", "b"] as const) {
        rates[key].push(((path.ops * path.perOp) / sum(times[key])) * 1000);
      }
      ratios.push(sum(times.b) / sum(times.a));
      typical.push(spread(times.b).median / spread(times.a).median);
    }
    const r = spread(ratios);
    const n = (xs: number[]) => Math.round(spread(xs).median).toLocaleString("en-US");
    const ratio = (x: ReturnType<typeof spread>) =>
      `${x.median.toFixed(2)} (${x.min.toFixed(2)}–${x.max.toFixed(2)})`;
    log(
      `| ${path.name} | ${n(rates.a)} | ${n(rates.b)} | ${ratio(r)} | ${ratio(spread(typical))} |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0); // the sides' checkpoint workers would keep the process alive
