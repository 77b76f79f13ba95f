import { spawnSync } from "node:child_process";
import { afterEach } from "vitest";
import { startStudybot } from "../helpers/child.js";

/** `studybot serve` as a child process, quiet but for warnings. */
export function startBot(env: Record<string, string>) {
  return startStudybot({ LOG_LEVEL: "warn", ...env });
}

/**
 * A `startBot` whose bots are killed after each test of the file, if still running: a failed
 * test leaves no process behind.
 */
export function botsKilledAfterEach(): (
  env: Record<string, string>,
) => ReturnType<typeof startBot> {
  const running: ReturnType<typeof startBot>[] = [];
  afterEach(async () => {
    for (const bot of running.splice(0)) {
      if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
      await bot.exited;
    }
  });
  return (env) => {
    const started = startBot(env);
    running.push(started);
    return started;
  };
}

export function freePort(): number {
  const probe = spawnSync(
    process.execPath,
    [
      "-e",
      "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
    ],
    { encoding: "utf8" },
  );
  return Number(probe.stdout.trim());
}

export { prepareDueSchedule } from "../helpers/due-schedule.js";

/** Whether something accepts TCP connections on the port now. */
export function listening(port: number): boolean {
  const probe = spawnSync(process.execPath, [
    "-e",
    `require('net').connect(${port},'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))`,
  ]);
  return probe.status === 0;
}

export async function until(predicate: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
