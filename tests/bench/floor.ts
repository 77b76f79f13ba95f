import { newCard, ratingFor, review } from "../../src/core/srs.js";
import type { Db } from "../../src/store/open.js";

/**
 * The parts no answer can skip, each measured alone on the same machine and data: the review
 * itself (ts-fsrs), a primary-key read of a row (the ask, the member, the card, the day's score)
 * and a one-row insert into the busy database (the answer). Their sum is a floor for recording
 * an answer, to read the answer path's ratio against.
 */
export interface AnswerFloor {
  fsrsReviewsPerSecond: number;
  pointReadsPerSecond: number;
  busyInsertsPerSecond: number;
}

export function measureAnswerFloor(db: Db, memberCount: number): AnswerFloor {
  const rate = (n: number, work: (i: number) => unknown) => {
    for (let i = 0; i < Math.min(1000, n); i++) work(i);
    const started = performance.now();
    for (let i = 0; i < n; i++) work(i);
    return n / ((performance.now() - started) / 1000);
  };
  const now = new Date("2026-11-28T12:00:00Z");
  const reviewed = review(newCard(1, "q", now), ratingFor(true), now).card;
  const later = new Date(now.getTime() + 3 * 86_400_000);
  const fsrsReviewsPerSecond = rate(20_000, (i) => review(reviewed, ratingFor(i % 3 > 0), later));

  const read = db.prepare("SELECT * FROM members WHERE id = ?");
  const pointReadsPerSecond = rate(50_000, (i) => read.get(1 + ((i * 7919) % memberCount)));

  db.exec("CREATE TABLE bench_floor (id INTEGER PRIMARY KEY, a INTEGER, b TEXT)");
  const insert = db.prepare("INSERT INTO bench_floor (a, b) VALUES (?, ?)");
  const busyInsertsPerSecond = rate(20_000, (i) => insert.run(i, "row"));
  db.exec("DROP TABLE bench_floor");
  return { fsrsReviewsPerSecond, pointReadsPerSecond, busyInsertsPerSecond };
}
