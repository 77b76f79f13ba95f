import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../core/logger.js";
import { backupDatabase } from "../store/backup.js";
import type { Db } from "../store/open.js";

const BACKUP_FILE = /^studybot-\d{8}T\d{6}Z\.db$/;

/** Takes one online backup into `dir` and keeps only the newest `keep`. Returns the new file. */
export async function takeBackup(db: Db, dir: string, keep: number, now: Date): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const file = join(dir, `studybot-${stamp}.db`);
  await backupDatabase(db, file);
  const old = readdirSync(dir)
    .filter((f) => BACKUP_FILE.test(f))
    .sort()
    .reverse()
    .slice(keep);
  for (const name of old) rmSync(join(dir, name), { force: true });
  return file;
}

/** Backs up on a cron schedule (BACKUP_CRON); a failed backup is logged, never fatal. */
export function scheduleBackups(
  db: Db,
  options: { cron: string; dir: string; keep: number },
  logger: Logger,
): ScheduledTask {
  return cron.schedule(
    options.cron,
    async () => {
      try {
        const file = await takeBackup(db, options.dir, options.keep, new Date());
        logger.info({ file, keep: options.keep }, "database backed up");
      } catch (error) {
        logger.error({ err: String(error), dir: options.dir }, "database backup failed");
      }
    },
    { noOverlap: true, name: "backups" },
  );
}
