import { spawn } from "node:child_process";

/**
 * Another process that takes the database's write lock (BEGIN IMMEDIATE) and holds it for `ms`,
 * as a second bot, a backup tool or a migration might. Resolves once the lock is held; `released`
 * resolves when the process has committed and exited.
 */
export async function holdWriteLock(
  path: string,
  ms: number,
): Promise<{ released: Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `const D = require("better-sqlite3"); const db = new D(process.argv[1]);
       db.exec("BEGIN IMMEDIATE"); console.log("locked");
       setTimeout(() => { db.exec("COMMIT"); db.close(); }, Number(process.argv[2]));`,
      path,
      String(ms),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const released = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (String(chunk).includes("locked")) resolve();
    });
    child.on("exit", () => reject(new Error("the lock holder exited before taking the lock")));
  });
  return { released };
}
