import { type ChildProcess, spawn } from "node:child_process";

/** One target running in its own process, measured from outside through its pid. */
export interface TargetProcess {
  pid: number;
  /** Resolves with the first line it prints on stdout that matches; rejects if it exits first. */
  line(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  /** Fails with what it printed when it has exited (a crash mid-burst is then named). */
  checkAlive(): void;
  /** SIGTERM, and SIGKILL if it has not exited within a few seconds. */
  stop(): Promise<void>;
}

/** Targets still running: killed if the bench exits early (an error, Ctrl-C), none left behind. */
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Starts `node <script>` with nothing but PATH and `env` in its environment, so no setting of
 * the bench's own process (tsx's loader, NODE_OPTIONS, a developer's tokens) reaches a target:
 * every target runs with the same Node and the same (no) flags.
 */
export function startTarget(
  script: string,
  env: Record<string, string>,
  cwd: string,
): TargetProcess {
  // BENCH_PROFILE_DIR=<folder>: every target writes a CPU profile there when it exits (to see
  // what holds a ratio; the numbers of such a run are not comparable, profiling costs time).
  const profile = process.env.BENCH_PROFILE_DIR
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, script], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let exit: string | undefined;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on("data", (chunk: Buffer) => {
    output += String(chunk);
    wake();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += String(chunk);
  });
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      running.delete(child);
      exit = `${script} exited (${signal ?? code}): ${output.slice(-2000)}`;
      wake();
      resolve();
    }),
  );
  const target: TargetProcess = {
    pid: child.pid!,
    line(pattern, ms = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = pattern.exec(output);
          if (found || exit) {
            waiters.delete(check);
            clearTimeout(timer);
            if (found) resolve(found);
            else reject(new Error(exit));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${script} printed no ${pattern} in ${ms} ms: ${output.slice(-2000)}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    checkAlive() {
      if (exit) throw new Error(exit);
    },
    async stop() {
      if (exit) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
  return target;
}

/** Waits for `ready`; if it fails (a timeout, a crash), stops the target so none is left over. */
export async function readyOrStopped<T>(target: TargetProcess, ready: Promise<T>): Promise<T> {
  try {
    return await ready;
  } catch (error) {
    await target.stop();
    throw error;
  }
}
