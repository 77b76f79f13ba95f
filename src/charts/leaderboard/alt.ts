import { LIMITS } from "../bounds.js";
import { clampText, plural } from "../text.js";
import { type LeaderboardCardData, type LeaderboardSummary, summarizeLeaderboard } from "./data.js";

/** What the leaderboard card shows, in words, for its alt text. */
export function leaderboardAltText(data: LeaderboardCardData): string {
  return leaderboardAlt(summarizeLeaderboard(data));
}

export function leaderboardAlt(s: LeaderboardSummary): string {
  if (s.rows.length === 0) return clampText(`${s.title}: nobody has points yet.`, LIMITS.alt);
  // Names are cut so all ten rows fit in the limit whatever the names.
  const rows = s.rows
    .map((r) => {
      const size = r.members === null ? "" : ` (${plural(r.members, "member")})`;
      return `${r.rank}. ${clampText(r.name, 48)}${size}, ${plural(r.points, "point")}`;
    })
    .join("; ");
  return clampText(`${s.title}, top ${s.rows.length}: ${rows}.`, LIMITS.alt);
}
