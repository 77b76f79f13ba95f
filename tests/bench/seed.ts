import type { Question } from "../../src/content/schema.js";

export interface SeedShape {
  workspaces: number;
  membersPerWorkspace: number;
  answersPerMember: number;
  /** Daily schedules, none due in the next hour: what the minute tick scans. */
  schedules: number;
  /** Cards of member 1 (most for questions no longer in the deck), half of them due. */
  heavyMemberCards: number;
  now: Date;
}

/** When the bench runs: its seeded answers lie before it, its channel post an hour before. */
export const BENCH_NOW = new Date("2026-11-28T12:00:00Z");
/** Members of each seeded workspace. */
export const BENCH_MEMBERS = 100;

/** The busy deployment every bench seeds: 100 members of each workspace, 10 answers each. */
export function benchShape(workspaces: number): SeedShape {
  return {
    workspaces,
    membersPerWorkspace: BENCH_MEMBERS,
    answersPerMember: 10,
    schedules: 10_000,
    heavyMemberCards: 5000,
    now: BENCH_NOW,
  };
}

/**
 * The tables the seed fills, parents before the rows that point at them, each with the columns
 * a row gives (in order) and its key (for a row that replaces one with the same key).
 */
export const SEED_TABLES = {
  workspaces: { columns: ["id", "platform", "external_id", "name", "created_at"], key: ["id"] },
  teams: { columns: ["id", "workspace_id", "name", "name_key", "created_at"], key: ["id"] },
  members: {
    columns: [
      "id",
      "workspace_id",
      "external_id",
      "display_name",
      "team_id",
      "total_points",
      "answered",
      "correct",
      "streak",
      "streak_day",
      "created_at",
    ],
    key: ["id"],
  },
  asks: {
    columns: [
      "id",
      "workspace_id",
      "member_id",
      "channel_id",
      "session_id",
      "question_id",
      "option_order",
      "asked_at",
      "closes_at",
    ],
    key: ["id"],
  },
  answers: {
    columns: [
      "ask_id",
      "workspace_id",
      "member_id",
      "question_id",
      "chosen",
      "correct",
      "points",
      "answered_at",
    ],
    key: ["ask_id", "member_id"],
  },
  cards: {
    columns: [
      "member_id",
      "question_id",
      "due",
      "stability",
      "difficulty",
      "elapsed_days",
      "scheduled_days",
      "learning_steps",
      "reps",
      "lapses",
      "state",
      "last_review",
    ],
    key: ["member_id", "question_id"],
  },
  score_days: {
    columns: ["workspace_id", "member_id", "day", "points", "answered", "correct"],
    key: ["member_id", "day"],
  },
  channel_schedules: {
    columns: [
      "workspace_id",
      "channel_id",
      "local_time",
      "timezone",
      "days",
      "topics",
      "paused",
      "open_hours",
      "next_run_at",
      "updated_at",
    ],
    key: ["workspace_id", "channel_id"],
  },
} as const satisfies Record<string, { columns: readonly string[]; key: readonly string[] }>;

export type SeedTable = keyof typeof SEED_TABLES;
export type SeedValue = string | number | null;

/** What the seed needs of the deck's questions (handed to another process as JSON as it is). */
export type SeedQuestion = Pick<Question, "id" | "difficulty">;

/** Where seeded rows go: one store's database. Every store gets the same rows, in the same order. */
export interface SeedSink {
  /** One row, its values in SEED_TABLES order; `replace` overwrites a row with the same key. */
  add(table: SeedTable, row: SeedValue[], replace?: boolean): void;
  /** Resolves once the sink can take more (a network store has only so much on its way). */
  ready(): Promise<void>;
  /** Everything added is committed, and the database is ready to be measured. */
  done(): Promise<void>;
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
 * Fills migrated databases as a busy deployment would look: members with answers, cards and
 * daily score buckets on the real deck, in teams, consistent with each other; channel
 * schedules; one member with a long review queue. The rows are made once and go to every sink,
 * so the stores measured side by side hold the same data.
 */
export async function seed(
  sinks: readonly SeedSink[],
  questions: readonly SeedQuestion[],
  shape: SeedShape,
): Promise<{ members: number; answers: number }> {
  const add = (table: SeedTable, row: SeedValue[], replace = false) => {
    for (const sink of sinks) sink.add(table, row, replace);
  };
  const random = rng(7);
  let memberId = 0;
  let teamId = 0;
  let answers = 0;
  const now = shape.now.getTime();
  for (let w = 1; w <= shape.workspaces; w++) {
    add("workspaces", [w, "bench", `w${w}`, `Workspace ${w}`, 0]);
    const teams: number[] = [];
    for (let t = 0; t < 5; t++) {
      teamId++;
      add("teams", [teamId, w, `Team ${t}`, `team ${t}`, 0]);
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
      add("members", [
        memberId,
        w,
        `u${m}`,
        `user ${m}`,
        teams[m % teams.length]!,
        total,
        rows.length,
        correct,
        0,
        null,
        0,
      ]);
      // A member's answers on one UTC day share that day's score bucket.
      const days = new Map<string, { points: number; answered: number; correct: number }>();
      for (const [askId, questionId, at, points, right] of rows) {
        add("asks", [askId, w, memberId, null, null, questionId, "[0,1,2,3]", at, at + DAY]);
        add("answers", [askId, w, memberId, questionId, "[0]", right, points, at]);
        const interval = right ? 3 + Math.floor(random() * 20) : 1;
        add("cards", [
          memberId,
          questionId,
          at + interval * DAY,
          interval,
          5,
          0,
          interval,
          0,
          1,
          0,
          2,
          at,
        ]);
        const day = new Date(at).toISOString().slice(0, 10);
        const bucket = days.get(day) ?? { points: 0, answered: 0, correct: 0 };
        bucket.points += points;
        bucket.answered += 1;
        bucket.correct += right;
        days.set(day, bucket);
        answers++;
      }
      for (const [day, b] of days)
        add("score_days", [w, memberId, day, b.points, b.answered, b.correct]);
    }
    await Promise.all(sinks.map((sink) => sink.ready()));
  }
  for (let i = 0; i < shape.schedules; i++) {
    const workspace = (i % shape.workspaces) + 1;
    const nextRun = now + 3_600_000 + i * 1000;
    add("channel_schedules", [
      workspace,
      `bench-${i}`,
      "09:00",
      "UTC",
      "[0,1,2,3,4,5,6]",
      "[]",
      0,
      12,
      nextRun,
      0,
    ]);
  }
  for (let i = 0; i < shape.heavyMemberCards; i++) {
    const questionId = i < questions.length ? questions[i]!.id : `retired-${i}`;
    const due = now + (i % 2 === 0 ? -1 : 1) * (1 + (i % 30)) * DAY;
    add("cards", [1, questionId, due, 10, 5, 0, 10, 0, 3, 0, 2, due - 10 * DAY], true);
  }
  await Promise.all(sinks.map((sink) => sink.done()));
  return { members: memberId, answers };
}
