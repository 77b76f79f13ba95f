import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { migrate, readMigrations } from "../../../src/store/migrate.js";
import { openDatabase } from "../../../src/store/open.js";
import { allText, asked, ctx, makeHarness } from "../../helpers/bot.js";
import { makeScheduler } from "../../helpers/scheduler.js";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-28T08:00:00Z");

/**
 * A database as the code before decks and live rounds left it (migrations 0001 to 0007, the
 * schema of the previous release), with a member who studied the Well-Architected cards while
 * they were in the security deck.
 */
function databaseBeforeDecks(): string {
  const path = join(mkdtempSync(join(tmpdir(), "studybot-decks-")), "old.db");
  const db = openDatabase(path);
  migrate(db, readMigrations().slice(0, 7));
  const past = NOW - 2 * DAY;
  db.exec(`
    INSERT INTO workspaces (id, platform, external_id, name, created_at) VALUES (1, 'test', 'w1', 'W', 0);
    INSERT INTO members (id, workspace_id, external_id, display_name, total_points, answered, correct, streak, streak_day, created_at)
      VALUES (1, 1, 'id-ann', 'ann', 35, 2, 2, 1, '2026-11-26', 0);
    INSERT INTO asks (id, workspace_id, member_id, channel_id, question_id, option_order, asked_at, closes_at)
      VALUES ('a1', 1, 1, 'dm', 'security-pillar-01', '[0,1,2,3]', ${past}, ${past + DAY}),
             ('a2', 1, 1, 'dm', 'iam-01', '[0,1,2,3]', ${past}, ${past + DAY}),
             ('a3', 1, NULL, 'general', 'kms-01', '[0,1,2,3]', ${NOW - 60_000}, ${NOW + DAY});
    INSERT INTO answers (ask_id, workspace_id, member_id, question_id, chosen, correct, points, answered_at)
      VALUES ('a1', 1, 1, 'security-pillar-01', '[0]', 1, 20, ${past}),
             ('a2', 1, 1, 'iam-01', '[0]', 1, 15, ${past});
    INSERT INTO score_days (workspace_id, member_id, day, points, answered, correct)
      VALUES (1, 1, '2026-11-26', 35, 2, 2);
    INSERT INTO cards (member_id, question_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review)
      VALUES (1, 'security-pillar-01', ${NOW - DAY}, 2.3, 5.1, 0, 1, 0, 1, 0, 2, ${past}),
             (1, 'iam-01', ${NOW - DAY}, 2.3, 5.1, 0, 1, 0, 1, 0, 2, ${past});
    INSERT INTO channel_schedules (workspace_id, channel_id, local_time, timezone, days, topics, open_hours, next_run_at, updated_at)
      VALUES (1, 'wa', '09:00', 'UTC', '[0,1,2,3,4,5,6]', '["well-architected"]', 12, ${NOW + 3_600_000}, 0);
    INSERT INTO channel_posts (id, workspace_id, channel_id, local_date, kind, ask_id, claimed_by, claimed_at, closes_at)
      VALUES (1, 1, 'general', '2026-11-28', 'extra', 'a3', 'old', ${NOW - 60_000}, ${NOW + DAY});
    INSERT INTO outbox (workspace_id, channel_id, post_id, kind, next_try_at, created_at)
      VALUES (1, 'general', 1, 'question', ${NOW - 60_000}, ${NOW - 60_000});
  `);
  db.close();
  return path;
}

describe("a database made before decks, migrated", () => {
  it("keeps every member's cards, answers and points; the moved cards keep their schedules", async () => {
    const h = await makeHarness({
      dbPath: databaseBeforeDecks(),
      contentDir: "content",
      now: new Date(NOW).toISOString(),
    });
    try {
      expect(await h.column("SELECT COUNT(*) FROM answers")).toEqual([2]);
      expect(await h.column("SELECT COUNT(*) FROM cards")).toEqual([2]);
      expect(allText(await h.bot.runText(ctx("ann"), "leaderboard all"))).toContain("ann: 35 pts");
      const stats = allText(await h.bot.runText(ctx("ann"), "stats"));
      expect(stats).toContain("35");
      // In the default (security) deck the IAM card is due; in Cloud Concepts, the pillar card
      // that moved there, schedule and all.
      const dm = ctx("ann", { channelId: null });
      const security = asked(await h.bot.runText(dm, "review 1"));
      expect((await h.store.getAsk(security.question!.askId))!.questionId).toBe("iam-01");
      await h.bot.runText(dm, "quit");
      await h.bot.runText(dm, "deck use aws-cloud-concepts");
      const concepts = asked(await h.bot.runText(dm, "review 1"));
      expect((await h.store.getAsk(concepts.question!.askId))!.questionId).toBe(
        "security-pillar-01",
      );
      // A deck's leaderboard counts the points its questions earned before the move too.
      expect(allText(await h.bot.runText(dm, "leaderboard all deck"))).toContain("ann: 20 pts");

      // The outbox row left by the old code still goes out, once; the schedule filtered to the
      // Well-Architected area (now of the Cloud Concepts deck) still finds its questions.
      const { scheduler, poster } = makeScheduler(h);
      h.clock.set("2026-11-28T09:00:00Z");
      await scheduler.tick();
      expect(
        poster
          .questions()
          .map((p) => p.channel)
          .sort(),
      ).toEqual(["general", "wa"]);
      const wa = poster.questions().find((p) => p.channel === "wa")!;
      const question = (await h.store.getAsk(wa.view.question!.askId))!.questionId;
      const topic = h.bot.library.questions.find((q) => q.id === question)!.topic;
      expect(h.bot.library.topics.find((t) => t.id === topic)!.area).toBe("well-architected");
      await scheduler.stop();
    } finally {
      await h.close();
    }
  });
});
