/**
 * `tsx tests/bench/profile-summary.ts <file.cpuprofile> [top]`: where a profile's time went,
 * as self time by function (with its file) and by package or source folder, in shares of the
 * profile's busy samples (idle time left out). Enough to see what holds a path without opening DevTools.
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: tsx tests/bench/profile-summary.ts <file.cpuprofile> [top]");
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
// The profiler's own stop (serializing the profile) is not the path's time: its subtree is left out.
const skipped = new Set<number>();
const skip = (id: number) => {
  skipped.add(id);
  for (const c of byId.get(id)?.children ?? []) skip(c);
};
for (const n of profile.nodes) if (n.callFrame.url === "node:inspector") skip(n.id);
const self = new Map<number, number>();
profile.samples.forEach((id, i) => {
  if (!skipped.has(id)) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
// Shares of busy time: a process waiting for work ("(idle)") is not part of what it costs.
const idle = profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id);
for (const id of idle) self.delete(id);
const total = [...self.values()].reduce((a, b) => a + b, 0);

/** A package name, our own source folder, or Node's and V8's own work. */
function area(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/(src|dist|tests)\/(.+)\/[^/]+$/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  if (url.startsWith("node:")) return "node";
  return url;
}

const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const label = (id: number) => {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = url
    ? `${url.replace(/^.*\/(node_modules|src|dist|tests)\//, "$1/")}:${lineNumber + 1}`
    : "";
  return `${functionName || "(anonymous)"} ${where}`;
};
const fns = new Map<string, number>();
/** Native calls (SQLite's statements above all) by the JavaScript function that made them. */
const nativeCallers = new Map<string, number>();
const areas = new Map<string, number>();
for (const [id, us] of self) {
  const { functionName, url } = byId.get(id)!.callFrame;
  const key = label(id);
  fns.set(key, (fns.get(key) ?? 0) + us);
  const caller = parentOf.get(id);
  if (!url && !functionName.startsWith("(") && caller !== undefined) {
    const by = label(caller);
    nativeCallers.set(by, (nativeCallers.get(by) ?? 0) + us);
  }
  const a = area(url, functionName);
  areas.set(a, (areas.get(a) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
const print = (title: string, m: Map<string, number>) => {
  process.stdout.write(`${title}\n`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${pct(us)}  ${k}\n`);
  }
};
process.stdout.write(`${file}: ${(total / 1000).toFixed(0)} ms sampled\n`);
print("by area (self time)", areas);
print("by function (self time)", fns);
print("native time by its caller", nativeCallers);
