import { type Measurement, type Spread, spread } from "./measure.js";
import type { BenchPath } from "./paths.js";
import type { Side, Traffic } from "./sides.js";

type Label = Side["label"];

/** One path on one store: every repeat, and what an answer (or a call) sent to the server. */
export interface SideResult {
  runs: Measurement[];
  /** Per operation (per answer for a burst), in the last repeat; null without a server (SQLite). */
  perOp: Traffic | null;
}

export interface PathResult {
  path: BenchPath;
  sides: Map<Label, SideResult>;
}

/** A store's own limits, measured beside its paths. */
export interface StoreLimits {
  label: Label;
  /** The bare one-row insert, one at a time, autocommit: every path is read as a share of it. */
  insert: Spread;
  /** Other bare inserts, to read the limit by (PostgreSQL's unit, its asynchronous commit). */
  others: { name: string; rate: Spread }[];
  /** How durable a commit is, as configured. */
  durability: string;
  pointReadsPerSecond: number;
  /** The insert an answer's floor counts: what one unit's write costs at the least. */
  floorInsert: { name: string; perSecond: number };
}

const n0 = (x: number) => Math.round(x).toLocaleString("en-US");
const rate = (s: Spread) => `${n0(s.median)} (${n0(s.min)}–${n0(s.max)})`;
const pct = (x: number) => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;

/** The answer paths are read against the store's insert, the rest against their latency. */
const ratesOf = (r: SideResult, perOp: number) => spread(r.runs.map((m) => m.opsPerSecond * perOp));

export function limitsTable(limits: readonly StoreLimits[]): string[] {
  const out = ["| limit: one-row INSERT, one at a time | rows/s, median (min–max) |", "|---|---:|"];
  for (const l of limits) {
    out.push(`| ${l.label}, autocommit (the limit below) | ${rate(l.insert)} |`);
    for (const o of l.others) out.push(`| ${l.label}, ${o.name} | ${rate(o.rate)} |`);
  }
  return out;
}

/** Each path's rate on every store, and as a share of that store's own bare insert. */
export function sideBySideTable(
  results: readonly PathResult[],
  limits: readonly StoreLimits[],
): string[] {
  const pg = limits.find((l) => l.label === "PostgreSQL");
  const both = limits.length === 2;
  const head = ["path"];
  const rule = ["---"];
  for (const l of limits) {
    head.push(`${l.label} ops/s, median (min–max)`, `share of ${l.label} insert`);
    rule.push("---:", "---:");
  }
  if (both) head.push("PostgreSQL ÷ SQLite");
  if (pg) head.push("PostgreSQL statements/op (units retried/op)");
  rule.push(...head.slice(rule.length).map(() => "---:"));
  const out = [`| ${head.join(" | ")} |`, `|${rule.join("|")}|`];
  for (const r of results) {
    const cells = [r.path.name];
    const medians: number[] = [];
    for (const l of limits) {
      const side = r.sides.get(l.label);
      if (!side) {
        cells.push("-", "-");
        continue;
      }
      const s = ratesOf(side, r.path.perOp);
      medians.push(s.median);
      cells.push(rate(s), pct(s.median / l.insert.median));
    }
    if (both) cells.push(medians.length === 2 ? `${(medians[1]! / medians[0]!).toFixed(2)}×` : "-");
    if (pg) {
      const perOp = r.sides.get("PostgreSQL")?.perOp;
      cells.push(
        perOp
          ? `${perOp.statements.toFixed(1)}${perOp.rollbacks ? ` (${perOp.rollbacks.toFixed(2)})` : ""}`
          : "-",
      );
    }
    out.push(`| ${cells.join(" | ")} |`);
  }
  return out;
}

/** Latencies (the median repeat's p50 and p99) against each path's target, per store. */
export function latencyTable(
  results: readonly PathResult[],
  limits: readonly StoreLimits[],
): string[] {
  const head = ["path", ...limits.map((l) => `${l.label} p50 / p99 ms`), "target", "met"];
  const out = [`| ${head.join(" | ")} |`, `|---|${limits.map(() => "---:").join("|")}|---|---|`];
  for (const r of results) {
    const { target } = r.path;
    const cells = [r.path.name];
    const met: string[] = [];
    for (const l of limits) {
      const side = r.sides.get(l.label);
      if (!side) {
        cells.push("-");
        continue;
      }
      const p50 = spread(side.runs.map((m) => m.p50Ms)).median;
      const p99 = spread(side.runs.map((m) => m.p99Ms)).median;
      cells.push(`${p50.toFixed(3)} / ${p99.toFixed(3)}`);
      const ok = target.ratio
        ? ratesOf(side, r.path.perOp).median / l.insert.median >= target.ratio
        : target.p99
          ? p99 < target.p99
          : true;
      met.push(`${limits.length > 1 ? `${l.label} ` : ""}${ok ? "yes" : "NO"}`);
    }
    cells.push(
      target.ratio
        ? `>= ${target.ratio * 100}% of insert`
        : target.p99
          ? `p99 < ${target.p99} ms`
          : "-",
      met.join(", "),
    );
    out.push(`| ${cells.join(" | ")} |`);
  }
  return out;
}

/**
 * What an answer cannot skip, per store: one review, four point reads (ask, member, card, day)
 * and one insert; and the answer paths as a share of that floor's rate.
 */
export function floorLines(
  results: readonly PathResult[],
  limits: readonly StoreLimits[],
  fsrsReviewsPerSecond: number,
): string[] {
  const us = (perSecond: number) => 1e6 / perSecond;
  const out: string[] = [];
  for (const l of limits) {
    const floorUs =
      us(fsrsReviewsPerSecond) + 4 * us(l.pointReadsPerSecond) + us(l.floorInsert.perSecond);
    out.push(
      `${l.label}: an answer's floor: FSRS review ${us(fsrsReviewsPerSecond).toFixed(1)} us + 4 primary-key reads of ${us(l.pointReadsPerSecond).toFixed(1)} us + ${l.floorInsert.name} of ${us(l.floorInsert.perSecond).toFixed(1)} us = ${floorUs.toFixed(1)} us, ${n0(1e6 / floorUs)}/s, ${pct(1e6 / floorUs / l.insert.median)} of its bare insert rate`,
    );
    for (const r of results.filter((x) => x.path.name.startsWith("record an answer"))) {
      const side = r.sides.get(l.label);
      if (!side) continue;
      const s = ratesOf(side, r.path.perOp);
      out.push(`  ${r.path.name}: ${pct((s.median * floorUs) / 1e6)} of the floor's rate`);
    }
  }
  return out;
}
