import { type ChildProcess, spawn } from "node:child_process";

export interface RunningStudybot {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  readonly output: string;
  exited: Promise<number | null>;
}

/** Runs the built CLI (`studybot serve` by default) as a child process, collecting its output. */
export function startStudybot(
  env: Record<string, string>,
  args: string[] = ["serve"],
): RunningStudybot {
  const child = spawn(process.execPath, ["dist/cli.js", ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += String(chunk);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    get output() {
      return output;
    },
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
