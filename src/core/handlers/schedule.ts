import type { Weekday } from "../commands.js";
import { DEFAULT_OPEN_HOURS, describeDays, formatLocal, nextRunAfter } from "../daily.js";
import { planExtraPost } from "../daily-posts.js";
import type { Env, Requester } from "../env.js";
import { UserError } from "../errors.js";
import type { Schedule } from "../ports.js";
import { userText } from "../user-text.js";
import type { View } from "../views.js";

function channelOf(r: Requester): string {
  if (!r.ctx.channelId) {
    throw new UserError("Run this in the channel that should get the daily question.");
  }
  return r.ctx.channelId;
}

async function scheduleOf(env: Env, r: Requester): Promise<Schedule> {
  const schedule = await env.store.getSchedule(r.workspaceId, channelOf(r));
  if (!schedule) {
    throw new UserError(
      "This channel has no daily question yet.",
      `Set one up with ${r.cmd("setup 09:00 Europe/Berlin weekdays")}.`,
    );
  }
  return schedule;
}

export async function setup(
  env: Env,
  r: Requester,
  cmd: { time: string; timezone: string; days: Weekday[]; topics: string[] },
): Promise<View[]> {
  const channelId = channelOf(r);
  // Topics, areas or whole decks, of any deck (see questionsInFilter).
  const areaIds = new Set(env.decks.all.flatMap((d) => d.deck.areas.map((a) => a.id)));
  const unknown = cmd.topics.filter(
    (t) => !areaIds.has(t) && !env.topics.has(t) && !env.decks.get(t),
  );
  if (unknown.length > 0) {
    throw new UserError(
      `Unknown topic, area or deck: ${unknown.slice(0, 5).map(userText).join(", ")}.`,
      `Use ids from ${r.cmd("topics")} (for example \`${env.library.topics[0]?.id ?? "kms"}\`), an area id (${[...areaIds].join(", ")}) or a deck id (${env.decks.all.map((d) => d.deck.id).join(", ")}).`,
    );
  }
  const previous = await env.store.getSchedule(r.workspaceId, channelId);
  const schedule: Schedule = {
    workspaceId: r.workspaceId,
    channelId,
    time: cmd.time,
    timezone: cmd.timezone,
    days: cmd.days,
    topics: cmd.topics,
    paused: false,
    pausedReason: null,
    openHours: previous?.openHours ?? DEFAULT_OPEN_HOURS,
    nextRunAt: nextRunAfter(cmd, r.now),
    updatedAt: r.now,
  };
  await env.store.saveSchedule(schedule);
  return [
    {
      ephemeral: false,
      tone: "success",
      title: "Daily question set",
      text: `This channel gets a question at **${cmd.time} ${cmd.timezone}**, ${describeDays(cmd.days)}${
        cmd.topics.length > 0 ? `, on ${cmd.topics.join(", ")}` : ", from the whole deck"
      }.\nFirst one: ${formatLocal(schedule.nextRunAt!, cmd.timezone)}.`,
    },
  ];
}

export async function pause(env: Env, r: Requester): Promise<View[]> {
  const schedule = await scheduleOf(env, r);
  if (schedule.paused)
    throw new UserError(
      "The daily question is already paused here.",
      `Resume with ${r.cmd("resume")}.`,
    );
  await env.store.saveSchedule({
    ...schedule,
    paused: true,
    pausedReason: `paused by ${r.member.displayName}`,
    updatedAt: r.now,
  });
  return [
    {
      ephemeral: false,
      tone: "info",
      text: `The daily question is paused in this channel. ${r.cmd("resume")} restarts it.`,
    },
  ];
}

export async function resume(env: Env, r: Requester): Promise<View[]> {
  const schedule = await scheduleOf(env, r);
  if (!schedule.paused) throw new UserError("The daily question is not paused here.");
  const nextRunAt = nextRunAfter(schedule, r.now);
  await env.store.saveSchedule({
    ...schedule,
    paused: false,
    pausedReason: null,
    nextRunAt,
    updatedAt: r.now,
  });
  return [
    {
      ephemeral: false,
      tone: "success",
      text: `The daily question is back on. Next: ${formatLocal(nextRunAt, schedule.timezone)}.`,
    },
  ];
}

export async function status(env: Env, r: Requester): Promise<View[]> {
  const schedule = await scheduleOf(env, r);
  const fields = [
    {
      name: "Time",
      value: `${schedule.time} ${schedule.timezone}, ${describeDays(schedule.days)}`,
      inline: true,
    },
    {
      name: "Topics",
      value: schedule.topics.length > 0 ? schedule.topics.join(", ") : "whole deck",
      inline: true,
    },
    { name: "Open for", value: `${schedule.openHours} hours`, inline: true },
    {
      name: "Next post",
      // A pause's reason may name the admin who paused it.
      value: schedule.paused
        ? `paused (${userText(schedule.pausedReason ?? "no reason given")})`
        : schedule.nextRunAt
          ? formatLocal(schedule.nextRunAt, schedule.timezone)
          : "not planned",
    },
  ];
  if (!schedule.paused && (schedule.planFailures ?? 0) > 0) {
    // The schedule waits where it was and is tried again every minute: say why it is stuck.
    fields.push({
      name: "Problem",
      value: `Planning today's question failed ${schedule.planFailures} time(s) in a row (${schedule.planError ?? "unknown error"}); it is tried again every minute.`,
    });
  }
  return [
    {
      ephemeral: true,
      tone: schedule.paused ? "warning" : "info",
      title: "Daily question",
      fields,
    },
  ];
}

/**
 * Queues an extra question for the channel, sent at once, without taking the day's scheduled
 * slot. The scheduler sends it (with retries), shows the answer count and reveals it.
 */
export async function postNow(env: Env, r: Requester): Promise<View[]> {
  const channelId = channelOf(r);
  const schedule = await env.store.getSchedule(r.workspaceId, channelId);
  const planned = await planExtraPost(
    env,
    r.workspaceId,
    channelId,
    schedule,
    r.now,
    `post-now:${r.member.id}`,
  );
  if (!planned) throw new UserError("There are no questions in this channel's topics.");
  env.onChannelPost?.();
  return [
    {
      ephemeral: true,
      tone: "success",
      text: `A question is on its way to this channel; it stays open for ${schedule?.openHours ?? DEFAULT_OPEN_HOURS} hours.`,
    },
  ];
}
