import { type ChildProcess, spawn } from "node:child_process";
import type { Writable } from "node:stream";
import { letOthersReachTheCheckout } from "./reach-checkout.js";

export interface RunningStudybot {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  readonly output: string;
  /** What it printed on stderr only (log lines and start-up errors). */
  readonly errors: string;
  /** Its stdin, when started with `stdin: true` (a console to type into). */
  stdin?: Writable;
  exited: Promise<number | null>;
}

export interface StartOptions {
  /** Keep stdin open as a pipe (default: /dev/null, so a console ends at once). */
  stdin?: boolean;
  /**
   * Run as an unprivileged user when the tests run as root (as in some CI containers): root
   * writes through file modes, so a read-only file or folder only exists for a normal user,
   * which is what the bot is in production (the Dockerfile's USER node).
   */
  unprivileged?: boolean;
}

/** The user `nobody`, standard on Linux; only used when the tests run as root. */
const NOBODY = 65534;

/**
 * Runs the built CLI (`studybot serve` by default) as a child process, collecting its output.
 * PORT defaults to 0 (any free port): no test may bind a fixed port, since another process
 * (a developer's bot, another test file) may hold it.
 */
export function startStudybot(
  env: Record<string, string>,
  args: string[] = ["serve"],
  options: StartOptions = {},
): RunningStudybot {
  const asNobody = options.unprivileged === true && process.getuid?.() === 0;
  if (asNobody) letOthersReachTheCheckout();
  const child = spawn(process.execPath, ["dist/cli.js", ...args], {
    env: { PATH: process.env.PATH, PORT: "0", ...env },
    stdio: [options.stdin ? "pipe" : "ignore", "pipe", "pipe"],
    ...(asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  let output = "";
  let errors = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += String(chunk);
    errors += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    get output() {
      return output;
    },
    get errors() {
      return errors;
    },
    ...(child.stdin ? { stdin: child.stdin } : {}),
    exited,
  };
}

/** The first JSON log line with this message. */
export function logLine(output: string, msg: string): Record<string, unknown> | undefined {
  return output
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((l) => l.msg === msg);
}
