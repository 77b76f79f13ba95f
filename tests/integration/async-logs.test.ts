import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

const LINES = 5000;

/**
 * A process that logs LINES lines through the service's asynchronous destination as fast as it
 * can (most are still queued when it ends), then ends the way `ending` says. Runs the built
 * logger, as `npm start` does.
 */
function logThenEnd(ending: string): Promise<{ code: number | null; stderr: string }> {
  const script = `
    import { createLogger, logDestination } from "./dist/app/logger.js";
    const logger = createLogger("info", [], logDestination("async"));
    for (let i = 0; i < ${LINES}; i++) logger.info({ i, pad: "x".repeat(100) }, "line");
    ${ending}
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += String(chunk);
    });
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

/** The numbers of the log lines that reached stderr, in order. */
function loggedNumbers(stderr: string): number[] {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith('{"level":"info"'))
    .map((line) => (JSON.parse(line) as { i: number }).i);
}

const everyLine = Array.from({ length: LINES }, (_, i) => i);

/**
 * Every line exactly once. At an abrupt end (process.exit, a crash) the exit flush writes the
 * queue at once while a batch may still be in flight, so that batch can land after it: the
 * lines are all there, their order is not promised. A clean shutdown drains in order first.
 */
const eachOnce = (numbers: number[]) => [...numbers].sort((a, b) => a - b);

describe("asynchronous logs lose nothing when the process ends", () => {
  it("on process.exit", async () => {
    const { code, stderr } = await logThenEnd("process.exit(3);");
    expect(code).toBe(3);
    expect(eachOnce(loggedNumbers(stderr))).toEqual(everyLine);
  });

  it("on an uncaught exception, with the error still printed", async () => {
    const { code, stderr } = await logThenEnd('setTimeout(() => { throw new Error("boom"); }, 0);');
    expect(code).toBe(1);
    expect(stderr).toContain("Error: boom");
    expect(eachOnce(loggedNumbers(stderr))).toEqual(everyLine);
  });

  it("in order, when a signal's handler shuts down as the service does on SIGTERM (draining first)", async () => {
    const { code, stderr } = await logThenEnd(`
      process.once("SIGTERM", async () => {
        logger.info({ i: ${LINES} }, "line");
        await logger.flush();
        process.exit(0);
      });
      process.kill(process.pid, "SIGTERM");
      setTimeout(() => {}, 10_000);
    `);
    expect(code).toBe(0);
    expect(loggedNumbers(stderr)).toEqual([...everyLine, LINES]);
  });

  it("when the work is done and the process simply ends", async () => {
    const { code, stderr } = await logThenEnd("");
    expect(code).toBe(0);
    expect(loggedNumbers(stderr)).toEqual(everyLine);
  });
});
