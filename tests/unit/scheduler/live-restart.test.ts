import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LEAD_MS, MIN_GAP_MS, PAUSE_MS } from "../../../src/core/live-rounds.js";
import type { View } from "../../../src/core/views.js";
import { allText, ctx, type Harness, makeHarness, rightLetters } from "../../helpers/bot.js";
import { makeScheduler, RecordingPoster } from "../../helpers/scheduler.js";

const START = "2026-11-28T10:00:00Z";
const SECONDS = 20;

/** A process: a core and a scheduler on the database file, at the test's instant. */
async function process(dbPath: string, at: number, id: string) {
  const h = await makeHarness({ dbPath, now: new Date(at).toISOString() });
  const { scheduler, poster } = makeScheduler(h, new RecordingPoster(), id);
  return { h, scheduler, poster };
}

/** Every post of every process, by what it was: a step posted twice shows up twice. */
function steps(...posters: RecordingPoster[]): string[] {
  return posters.flatMap((p) => p.posts.map((post) => post.view.title ?? ""));
}

/** Answers a posted question by typing its right letters, as `who`. */
const answer = (h: Harness, who: string, view: View) =>
  h.bot.runText(ctx(who), rightLetters(h.bot, view));

describe("a live round across restarts and processes", () => {
  it("resumes at the next question after a restart, keeping every acknowledged answer, posting nothing twice", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "studybot-live-")), "live.db");
    const t0 = Date.parse(START);
    const a = await process(dbPath, t0, "a");
    await a.h.bot.runText(ctx("ann"), `live 3 ${SECONDS}`);
    await a.h.bot.runText(ctx("bob"), "live join");
    await a.scheduler.tick();
    a.h.clock.advance(LEAD_MS);
    await a.scheduler.tick();
    const q1 = a.poster.posts.at(-1)!.view;
    a.h.clock.advance(2000);
    const acked = await answer(a.h, "ann", q1);
    expect(allText(acked)).toContain("Locked in");
    await a.h.store.committed();
    // Process a dies here, with question 1 open and Ann's answer acknowledged.
    await a.scheduler.stop(0);

    // Process b starts 30 s later: question 1's window has passed, so its reveal goes out (with
    // Ann's answer), then question 2 after the pause.
    const b = await process(dbPath, t0 + LEAD_MS + 30_000, "b");
    await b.scheduler.tick();
    expect(b.poster.posts.map((p) => p.view.title)).toEqual([
      expect.stringContaining("Answer 1/3"),
    ]);
    expect(allText([b.poster.posts[0]!.view])).toContain("How the channel answered (1)");
    expect(allText([b.poster.posts[0]!.view])).toMatch(/ann: \d+ pts/);
    b.h.clock.advance(PAUSE_MS);
    await b.scheduler.tick();
    const q2 = b.poster.posts.at(-1)!.view;
    expect(q2.title).toContain("Live 2/3");
    // Bob answers on the new process; both players answered, so the reveal comes early.
    b.h.clock.advance(1000);
    await answer(b.h, "bob", q2);
    await answer(b.h, "ann", q2);
    await b.scheduler.idle();
    b.h.clock.advance(MIN_GAP_MS);
    await b.scheduler.tick();
    expect(b.poster.posts.at(-1)!.view.title).toContain("Answer 2/3");

    // A stale copy of process a comes back and ticks at the same moment: nothing it does
    // repeats a step that b took.
    const a2 = await process(dbPath, b.h.clock.now().getTime(), "a2");
    await Promise.all([a2.scheduler.tick(), b.scheduler.tick()]);
    b.h.clock.advance(PAUSE_MS);
    a2.h.clock.advance(PAUSE_MS);
    await Promise.all([a2.scheduler.tick(), b.scheduler.tick()]);
    for (const p of [a2, b]) p.h.clock.advance(SECONDS * 1000);
    await Promise.all([a2.scheduler.tick(), b.scheduler.tick()]);
    for (const p of [a2, b]) p.h.clock.advance(MIN_GAP_MS);
    await Promise.all([a2.scheduler.tick(), b.scheduler.tick()]);

    const all = steps(a.poster, b.poster, a2.poster);
    expect(all).toHaveLength(1 + 3 * 2 + 1);
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((t) => t.includes("Live round over"))).toHaveLength(1);
    expect(await b.h.column("SELECT COUNT(*) FROM answers")).toEqual([3]);
    const end = [a2.poster, b.poster]
      .flatMap((p) => p.posts)
      .find((p) => p.view.title?.includes("Live round over"))!.view;
    const points = (await b.h.column(
      "SELECT SUM(points) FROM answers x JOIN members m ON m.id = x.member_id WHERE m.display_name = 'ann'",
    )) as number[];
    expect(allText([end])).toContain(`ann: ${points[0]} pts`);
    for (const p of [a2, b]) {
      await p.scheduler.stop();
      await p.h.close();
    }
    await a.h.close();
  });

  it("opens a question's answer window when it is handed to the platform, not when it was queued", async () => {
    const h = await makeHarness({ now: START });
    const { scheduler, poster } = makeScheduler(h);
    poster.failing.set("general", { permanent: false, times: 1 });
    await h.bot.runText(ctx("ann"), "live 1 20");
    await scheduler.tick(); // the start fails once...
    h.clock.advance(2000);
    await scheduler.tick(); // ...and goes out on the retry two seconds later
    expect(poster.posts).toHaveLength(1);
    h.clock.advance(LEAD_MS);
    await scheduler.tick();
    const question = poster.posts.at(-1)!.view;
    const ask = await h.store.getAsk(question.question!.askId);
    expect(ask!.closesAt.getTime() - ask!.askedAt.getTime()).toBe(SECONDS * 1000);
    expect(ask!.askedAt).toEqual(h.clock.now());
    expect(allText([question])).toContain("Closes at 10:00:");
    await scheduler.stop();
    await h.close();
  });

  it("ends a round whose question cannot be posted, and says so", async () => {
    const h = await makeHarness({ now: START });
    const { scheduler, poster } = makeScheduler(h);
    await h.bot.runText(ctx("ann"), "live 2 20");
    await scheduler.tick();
    poster.failing.set("general", { permanent: true, times: 1 });
    h.clock.advance(LEAD_MS);
    await scheduler.tick();
    expect(await h.column("SELECT end_reason FROM live_rounds")).toEqual(["failed"]);
    expect((await h.bot.runText(ctx("bob"), "live"))[0]!.tone).toBe("success");
    await scheduler.stop();
    await h.close();
  });
});
