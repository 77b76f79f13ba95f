import type { LeaderboardCardData } from "../../core/chart-data.js";

export type { LeaderboardCardData };

import { count, head, LIMITS } from "../bounds.js";
import { plain } from "../text.js";

export interface LeaderboardRow {
  rank: number;
  name: string;
  points: number;
  /** For a team: how many members it has. */
  members: number | null;
}

export interface LeaderboardSummary {
  title: string;
  rows: LeaderboardRow[];
}

/** Cuts the input to what the card draws (the first 10 rows); never throws. */
export function summarizeLeaderboard(data: LeaderboardCardData): LeaderboardSummary {
  const rows = head(data.rows, LIMITS.rows).filter((r) => r && typeof r === "object");
  return {
    title: plain(typeof data.title === "string" ? data.title : "") || "Leaderboard",
    rows: rows.map((r, i) => ({
      rank: count(r.rank) || i + 1,
      name: plain(typeof r.name === "string" ? r.name : "") || "(no name)",
      points: count(r.points),
      members: r.members === undefined ? null : count(r.members),
    })),
  };
}
