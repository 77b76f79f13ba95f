import { type Spread, spread } from "../measure.js";
import type { BurstResult, RunResult } from "./measure-run.js";
import type { Target } from "./session.js";

/** Every run of every target, by name, in repeat order (repeat r of each ran in round r). */
export type Results = Map<string, RunResult[]>;

const n0 = (x: number) => Math.round(x).toLocaleString("en-US");
const n1 = (x: number) => x.toFixed(1);
const x2 = (x: number) => `${x.toFixed(2)}×`;
const show = (s: Spread, f: (x: number) => string) =>
  s.min === s.max ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;

const burstsOf = (runs: readonly RunResult[], b: number) => runs.map((r) => r.bursts[b]!);
const over = (bursts: readonly BurstResult[], pick: (b: BurstResult) => number | undefined) =>
  spread(bursts.map((b) => pick(b) ?? Number.NaN));

type Column = {
  head: string;
  of: (b: BurstResult) => number | undefined;
  as: (x: number) => string;
};

const COLUMNS: readonly Column[] = [
  { head: "answers/s", of: (b) => b.answersPerSecond, as: n0 },
  { head: "ack p50 ms", of: (b) => b.p50Ms, as: n1 },
  { head: "ack p99 ms", of: (b) => b.p99Ms, as: n1 },
  { head: "CPU µs/click", of: (b) => b.cpuUsPerClick, as: n0 },
  { head: "peak RSS MB", of: (b) => b.peakRssMb, as: n0 },
  { head: "bench CPU µs/click", of: (b) => b.benchCpuUsPerClick, as: n0 },
  { head: "reply bytes/click", of: (b) => b.responseBytes, as: n0 },
];

/** One target: each burst's numbers, median (min–max) over the repeats. */
export function targetTable(target: Target, runs: readonly RunResult[]): string[] {
  // A column only where the target has its numbers (only apps that reply have reply bytes).
  const columns = COLUMNS.filter(
    (c) => runs[0]?.bursts[0] && c.of(runs[0].bursts[0]) !== undefined,
  );
  const out = [
    `${target.name}: idle RSS ${show(spread(runs.map((r) => r.idleRssMb)), n0)} MB`,
    "",
    `| burst | ${columns.map((c) => c.head).join(" | ")} |`,
    `|---|${columns.map(() => "---:").join("|")}|`,
  ];
  target.bursts.forEach((name, b) => {
    const bursts = burstsOf(runs, b);
    const cells = columns.map((c) => show(over(bursts, c.of), c.as));
    out.push(`| ${name} | ${cells.join(" | ")} |`);
  });
  return out;
}

/** One ratio the issue names: `of` against `to`, with the least it should reach at `burst`. */
export interface RatioSpec {
  of: Target;
  to: Target;
  /** Where the issue sets a floor on the throughput ratio: that burst, at least `atLeast`. */
  goal?: { burst: number; atLeast: number };
}

/**
 * Each ratio per repeat (run r of one over run r of the other: they ran in the same round, on
 * the same machine state), then median (min–max) over the repeats, for every burst.
 */
export function ratioTable(specs: readonly RatioSpec[], results: Results): string[] {
  const out = [
    "| ratio | burst | answers/s | CPU per click | target | met |",
    "|---|---|---:|---:|---|---|",
  ];
  for (const { of, to, goal } of specs) {
    const a = results.get(of.name)!;
    const b = results.get(to.name)!;
    of.bursts.forEach((name, i) => {
      const pairs = a.map((run, r) => [run.bursts[i]!, b[r]!.bursts[i]!] as const);
      const rate = spread(pairs.map(([x, y]) => x.answersPerSecond / y.answersPerSecond));
      const cpu = spread(pairs.map(([x, y]) => x.cpuUsPerClick / y.cpuUsPerClick));
      const judged = goal?.burst === i;
      out.push(
        `| ${of.name} ÷ ${to.name} | ${name} | ${show(rate, x2)} | ${show(cpu, x2)} | ${judged ? `≥ ${goal.atLeast}×` : "-"} | ${judged ? met(rate, goal.atLeast, (x, t) => x >= t) : "-"} |`,
      );
    });
  }
  return out;
}

/** Met by the median; "not by every repeat" when the spread crosses the line. */
function met(s: Spread, goal: number, ok: (x: number, goal: number) => boolean): string {
  if (!ok(s.median, goal)) return "NO";
  return ok(s.min, goal) && ok(s.max, goal) ? "yes" : "yes (median; not every repeat)";
}

/** Studybot's memory: idle, and its peak after each burst, against the issue's ceilings. */
export function memoryTable(
  studybots: readonly Target[],
  clicks: number,
  ceilings: { idleMb: number; peakMb: number; peakAfterAnswers: number },
  results: Results,
): string[] {
  const out = [
    "| Studybot | idle RSS MB | target | met | peak RSS MB after | target | met |",
    "|---|---:|---|---|---|---|---|",
  ];
  for (const target of studybots) {
    const runs = results.get(target.name)!;
    const idle = spread(runs.map((r) => r.idleRssMb));
    const peaks = target.bursts.map((_, b) => {
      const answers = (b + 1) * clicks;
      const peak = over(burstsOf(runs, b), (x) => x.peakRssMb);
      return { answers, peak };
    });
    const last = peaks.at(-1)!;
    const judged = last.answers >= ceilings.peakAfterAnswers;
    out.push(
      `| ${target.name} | ${show(idle, n0)} | ≤ ${ceilings.idleMb} | ${met(idle, ceilings.idleMb, (x, t) => x <= t)} | ${peaks.map((p) => `${n0(p.answers)} answers: ${show(p.peak, n0)}`).join("; ")} | ≤ ${ceilings.peakMb} after ${n0(ceilings.peakAfterAnswers)} | ${judged ? met(last.peak, ceilings.peakMb, (x, t) => x <= t) : `- (${n0(last.answers)} answers only)`} |`,
    );
  }
  return out;
}
