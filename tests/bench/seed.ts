import type { Library } from "../../src/content/schema.js";
import type { Db } from "../../src/store/open.js";

export interface SeedShape {
  workspaces: number;
  membersPerWorkspace: number;
  answersPerMember: number;
  now: Date;
}

const DAY = 86_400_000;
const POINTS = { easy: 10, medium: 15, hard: 20 } as const;

/** A tiny deterministic generator, so every run seeds the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Fills a migrated database as a busy deployment would look: members with answers, cards and
 * daily score buckets on the real deck, in teams, consistent with each other. One transaction.
 */
export function seed(
  db: Db,
  library: Library,
  shape: SeedShape,
): { members: number; answers: number } {
  const random = rng(7);
  const questions = library.questions;
  const insertWorkspace = db.prepare(
    "INSERT INTO workspaces (id, platform, external_id, name, created_at) VALUES (?, 'bench', ?, ?, 0)",
  );
  const insertTeam = db.prepare(
    "INSERT INTO teams (id, workspace_id, name, name_key, created_at) VALUES (?, ?, ?, ?, 0)",
  );
  const insertMember = db.prepare(
    `INSERT INTO members (id, workspace_id, external_id, display_name, team_id, total_points, answered, correct, streak, streak_day, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, 0)`,
  );
  const insertAsk = db.prepare(
    "INSERT INTO asks (id, workspace_id, member_id, channel_id, session_id, question_id, option_order, asked_at, closes_at) VALUES (?, ?, ?, NULL, NULL, ?, '[0,1,2,3]', ?, ?)",
  );
  const insertAnswer = db.prepare(
    "INSERT INTO answers (ask_id, workspace_id, member_id, question_id, chosen, correct, points, answered_at) VALUES (?, ?, ?, ?, '[0]', ?, ?, ?)",
  );
  const insertCard = db.prepare(
    `INSERT INTO cards (member_id, question_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review)
     VALUES (?, ?, ?, ?, 5, 0, ?, 0, 1, 0, 2, ?)`,
  );
  const insertDay = db.prepare(
    `INSERT INTO score_days (workspace_id, member_id, day, points, answered, correct) VALUES (?, ?, ?, ?, 1, ?)
     ON CONFLICT (member_id, day) DO UPDATE SET points = points + excluded.points, answered = answered + 1, correct = correct + excluded.correct`,
  );
  let memberId = 0;
  let teamId = 0;
  let answers = 0;
  const now = shape.now.getTime();
  db.transaction(() => {
    for (let w = 1; w <= shape.workspaces; w++) {
      insertWorkspace.run(w, `w${w}`, `Workspace ${w}`);
      const teams: number[] = [];
      for (let t = 0; t < 5; t++) {
        teamId++;
        insertTeam.run(teamId, w, `Team ${t}`, `team ${t}`);
        teams.push(teamId);
      }
      for (let m = 0; m < shape.membersPerWorkspace; m++) {
        memberId++;
        const picked = new Set<number>();
        while (picked.size < Math.min(shape.answersPerMember, questions.length))
          picked.add(Math.floor(random() * questions.length));
        let total = 0;
        let correct = 0;
        const rows: [string, string, number, number, number][] = [];
        for (const index of picked) {
          const q = questions[index]!;
          const right = random() < 0.7;
          const points = right ? POINTS[q.difficulty] : 0;
          const at = now - Math.floor(random() * 60) * DAY - Math.floor(random() * DAY);
          total += points;
          correct += right ? 1 : 0;
          rows.push([`a${memberId}-${index}`, q.id, at, points, right ? 1 : 0]);
        }
        insertMember.run(
          memberId,
          w,
          `u${m}`,
          `user ${m}`,
          teams[m % teams.length]!,
          total,
          rows.length,
          correct,
        );
        for (const [askId, questionId, at, points, right] of rows) {
          insertAsk.run(askId, w, memberId, questionId, at, at + DAY);
          insertAnswer.run(askId, w, memberId, questionId, right, points, at);
          const interval = right ? 3 + Math.floor(random() * 20) : 1;
          insertCard.run(memberId, questionId, at + interval * DAY, interval, interval, at);
          insertDay.run(w, memberId, new Date(at).toISOString().slice(0, 10), points, right);
          answers++;
        }
      }
    }
  })();
  return { members: memberId, answers };
}

/** `count` daily schedules, none due in the next hour: what the minute tick scans. */
export function seedSchedules(db: Db, count: number, workspaces: number, now: Date): void {
  const insert = db.prepare(
    `INSERT INTO channel_schedules (workspace_id, channel_id, local_time, timezone, days, topics, paused, open_hours, next_run_at, updated_at)
     VALUES (?, ?, '09:00', 'UTC', '[0,1,2,3,4,5,6]', '[]', 0, 12, ?, 0)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++)
      insert.run((i % workspaces) + 1, `bench-${i}`, now.getTime() + 3_600_000 + i * 1000);
  })();
}

/** One member with `count` cards (most for questions no longer in the deck), half of them due. */
export function seedHeavyMember(
  db: Db,
  memberId: number,
  library: Library,
  count: number,
  now: Date,
): void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO cards (member_id, question_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review)
     VALUES (?, ?, ?, 10, 5, 0, 10, 0, 3, 0, 2, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const questionId = i < library.questions.length ? library.questions[i]!.id : `retired-${i}`;
      const due = now.getTime() + (i % 2 === 0 ? -1 : 1) * (1 + (i % 30)) * DAY;
      insert.run(memberId, questionId, due, due - 10 * DAY);
    }
  })();
}
