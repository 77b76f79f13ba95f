import type { Env } from "./env.js";
import { workspaceSeasons } from "./handlers/season.js";
import { previousSeason, seasonName, seasonOf } from "./seasons.js";
import { addDays, formatDay, utcDay } from "./time.js";
import { userText } from "./user-text.js";
import type { View } from "./views.js";

const MEDALS = ["🥇", "🥈", "🥉"];
/** Final standings kept per season. */
const KEPT = 10;

/** The subject of a season's announcement in one channel: sent once. */
export const seasonSubject = (workspaceId: number, seasonStart: string, channelId: string) =>
  `season:${workspaceId}:${seasonStart}:${channelId}`;

/**
 * Closes a workspace's season that has just ended, once: keeps its final standings and queues
 * the winners' announcement to every channel with an active daily question. Returns the season
 * it has settled (closed now or before), so the caller need not ask again until the next ends.
 */
export async function closeSeason(env: Env, workspaceId: number, now: Date): Promise<string> {
  const settings = await workspaceSeasons(env, workspaceId);
  const ended = previousSeason(settings, seasonOf(settings, utcDay(now)));
  if (!(await env.store.claimSeasonClose(workspaceId, ended, now))) return ended.start;
  const standings = await env.store.standingsBetween(workspaceId, ended.start, ended.end, KEPT);
  if (standings.length === 0) return ended.start;
  await env.store.saveSeasonResults(workspaceId, ended.start, standings);
  for (const schedule of await env.store.listSchedules(workspaceId)) {
    if (schedule.paused) continue;
    await env.store.queueNotice({
      workspaceId,
      channelId: schedule.channelId,
      subject: seasonSubject(workspaceId, ended.start, schedule.channelId),
      toMember: null,
      at: now,
    });
  }
  return ended.start;
}

/** The announcement of a closed season: its winners, and the season that has begun. */
export async function seasonAnnouncementView(
  env: Env,
  workspaceId: number,
  seasonStart: string,
  cmd: (text: string) => string,
): Promise<View | null> {
  const settings = await workspaceSeasons(env, workspaceId);
  const winners = (await env.store.seasonWinners(workspaceId, 12)).filter(
    (w) => w.seasonStart === seasonStart,
  );
  if (winners.length === 0) return null;
  const ended = { start: seasonStart, end: winners[0]!.seasonEnd };
  const next = seasonOf(settings, ended.end);
  return {
    ephemeral: false,
    tone: "success",
    title: `🏆 Season over: ${seasonName(settings, ended)}`,
    text: [
      winners
        .map(
          (w) => `${MEDALS[w.rank - 1] ?? `#${w.rank}`} **${userText(w.name)}**: ${w.points} pts`,
        )
        .join("\n"),
      "",
      `Congratulations! A new season has begun; it runs until ${formatDay(addDays(next.end, -1))}.`,
    ].join("\n"),
    footer: `${cmd("leaderboard season")} · ${cmd("hall")} for every season's winners`,
  };
}
