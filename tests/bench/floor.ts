import type pg from "pg";
import { newCard, ratingFor, review } from "../../src/core/srs.js";
import type { Db } from "../../src/store/open.js";

/**
 * The parts no answer can skip, each measured alone on the same machine and data: the review
 * itself (ts-fsrs), a primary-key read of a row (the ask, the member, the card, the day's score)
 * and a one-row insert (the answer). Their sum is a floor for recording an answer, to read the
 * answer path's rate against.
 */

const rate = (n: number, work: (i: number) => unknown) => {
  for (let i = 0; i < Math.min(1000, n); i++) work(i);
  const started = performance.now();
  for (let i = 0; i < n; i++) work(i);
  return n / ((performance.now() - started) / 1000);
};

/** Reviews a second (the same on every store). */
export function fsrsReviewRate(): number {
  const now = new Date("2026-11-28T12:00:00Z");
  const reviewed = review(newCard(1, "q", now), ratingFor(true), now).card;
  const later = new Date(now.getTime() + 3 * 86_400_000);
  return rate(20_000, (i) => review(reviewed, ratingFor(i % 3 > 0), later));
}

/** Primary-key reads of a member a second, on SQLite. */
export function sqlitePointReadRate(db: Db, memberCount: number): number {
  const read = db.prepare("SELECT * FROM members WHERE id = ?");
  return rate(50_000, (i) => read.get(1 + ((i * 7919) % memberCount)));
}

/** One-row inserts a second into the seeded SQLite database (beside its big tables). */
export function sqliteBusyInsertRate(db: Db): number {
  db.exec("CREATE TABLE bench_floor (id INTEGER PRIMARY KEY, a INTEGER, b TEXT)");
  const insert = db.prepare("INSERT INTO bench_floor (a, b) VALUES (?, ?)");
  const perSecond = rate(20_000, (i) => insert.run(i, "row"));
  db.exec("DROP TABLE bench_floor");
  return perSecond;
}

/** Primary-key reads of a member a second on PostgreSQL, through the pool: a round trip each. */
export async function pgPointReadRate(
  pool: pg.Pool,
  memberCount: number,
  n = 2000,
): Promise<number> {
  const read = (i: number) =>
    pool.query("SELECT * FROM members WHERE id = $1", [1 + ((i * 7919) % memberCount)]);
  for (let i = 0; i < 200; i++) await read(n + i);
  const started = performance.now();
  for (let i = 0; i < n; i++) await read(i);
  return n / ((performance.now() - started) / 1000);
}
