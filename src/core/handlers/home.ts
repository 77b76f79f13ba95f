import { encodeAction } from "../actions.js";
import { formatLocal } from "../daily.js";
import type { Env, Requester } from "../env.js";
import type { Standing } from "../ports.js";
import { userText } from "../user-text.js";
import type { View, ViewButton } from "../views.js";
import { periodStart } from "./leaderboard.js";
import { stats } from "./stats.js";

/**
 * A member's home screen (Slack's App Home tab): where they stand, what is due with a button
 * to review it, their progress per area and their team, from `stats`; and, for admins, every
 * daily-question channel of the workspace with its state. Seen without typing a command.
 */
export async function home(env: Env, r: Requester, admin: boolean): Promise<View[]> {
  const [mine] = await stats(env, r);
  const allTime = await env.store.standingOf(r.workspaceId, r.member.id, null);
  const week = await env.store.standingOf(r.workspaceId, r.member.id, periodStart("week", r.now));
  const due = (await env.store.dueCards(r.member.id, r.now, 100, env.deck)).length;
  const views: View[] = [
    {
      ...mine!,
      title: `Your study, ${userText(r.member.displayName)}`,
      fields: [{ name: "Rank", value: rankLine(allTime, week) }, ...(mine!.fields ?? [])],
      buttons: homeButtons(due),
      footer: undefined,
    },
  ];
  if (admin) views.push(await channelsView(env, r));
  return views;
}

/** "#3 all time · #1 this week (40 pts)"; a member with no points yet is told so. */
function rankLine(allTime: Standing, week: Standing): string {
  return [
    allTime.points > 0 ? `#${allTime.rank} all time` : "no points yet",
    week.points > 0 ? `#${week.rank} this week (${week.points} pts)` : "none this week yet",
  ].join(" · ");
}

function homeButtons(due: number): ViewButton[] {
  const review: ViewButton =
    due > 0
      ? {
          label: `Review now (${due > 99 ? "99+" : due} due)`,
          actionId: encodeAction({ type: "control", control: "review" }),
          command: "review",
          style: "primary",
        }
      : {
          label: "Learn something new",
          actionId: encodeAction({ type: "control", control: "review-new" }),
          command: "review new",
          style: "primary",
        };
  return [review];
}

/** The workspace's daily-question channels, for admins: when each posts, or why it does not. */
async function channelsView(env: Env, r: Requester): Promise<View> {
  const schedules = await env.store.listSchedules(r.workspaceId);
  const lines = schedules.map((s) => {
    const state = s.paused
      ? `paused (${userText(s.pausedReason ?? "no reason given")})`
      : (s.planFailures ?? 0) > 0
        ? `stuck: planning failed ${s.planFailures} time(s) (${s.planError ?? "unknown error"})`
        : s.nextRunAt
          ? `next ${formatLocal(s.nextRunAt, s.timezone)}`
          : "not planned";
    const channel = r.ctx.formatChannel?.(s.channelId) ?? `#${s.channelId}`;
    return `- ${channel}: ${s.time} ${s.timezone} · ${state}`;
  });
  return {
    ephemeral: true,
    tone: schedules.some((s) => s.paused) ? "warning" : "info",
    title: "Daily question channels (admins)",
    text:
      lines.length > 0
        ? lines.join("\n")
        : `None yet: ${r.cmd("setup 09:00 Europe/Berlin")} in a channel posts a question there every day.`,
  };
}
