/**
 * The PostgreSQL half of the bench's seed, in a process of its own, so it runs beside the SQLite
 * half on the other core: `seed()` is deterministic, so given the same questions both halves
 * make the same rows. Takes `{ url, questions, shape }` as JSON on stdin; sends back what
 * `seed()` returns, over IPC.
 */
import { text } from "node:stream/consumers";
import { pgSeedSink } from "./pg-seed.js";
import { type SeedQuestion, type SeedShape, seed } from "./seed.js";

const { url, questions, shape } = JSON.parse(await text(process.stdin)) as {
  url: string;
  questions: SeedQuestion[];
  shape: Omit<SeedShape, "now"> & { now: string };
};
try {
  const seeded = await seed([await pgSeedSink(url)], questions, {
    ...shape,
    now: new Date(shape.now),
  });
  process.send!(seeded, () => process.exit(0));
} catch (error) {
  process.stderr.write(
    `seeding PostgreSQL failed: ${error instanceof Error ? error.stack : error}\n`,
  );
  process.exit(1);
}
