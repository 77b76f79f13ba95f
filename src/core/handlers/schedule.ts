import type { Weekday } from "../commands.js";
import { DEFAULT_OPEN_HOURS, describeDays, formatLocal, nextRunAfter } from "../daily.js";
import type { Env, Requester } from "../env.js";
import { UserError } from "../errors.js";
import type { Schedule } from "../ports.js";
import { questionView } from "../question-view.js";
import { shuffled } from "../random.js";
import { DAY_MS } from "../time.js";
import type { View } from "../views.js";
import { newAsk } from "./quiz.js";

/** A channel question is not repeated within this many days. */
export const NO_REPEAT_DAYS = 14;

function channelOf(r: Requester): string {
  if (!r.ctx.channelId) {
    throw new UserError("Run this in the channel that should get the daily question.");
  }
  return r.ctx.channelId;
}

function scheduleOf(env: Env, r: Requester): Schedule {
  const schedule = env.store.getSchedule(r.workspaceId, channelOf(r));
  if (!schedule) {
    throw new UserError(
      "This channel has no daily question yet.",
      `Set one up with ${r.cmd("setup 09:00 Europe/Berlin weekdays")}.`,
    );
  }
  return schedule;
}

export function setup(
  env: Env,
  r: Requester,
  cmd: { time: string; timezone: string; days: Weekday[]; topics: string[] },
): View[] {
  const channelId = channelOf(r);
  const areaIds = new Set(env.library.decks.flatMap((d) => d.areas.map((a) => a.id)));
  const unknown = cmd.topics.filter((t) => !areaIds.has(t) && !env.index.get(t));
  if (unknown.length > 0) {
    throw new UserError(
      `Unknown topic or area: ${unknown.slice(0, 5).join(", ")}.`,
      `Use ids from ${r.cmd("topics")} (for example \`shield\`, \`kms\`) or an area id (${[...areaIds].join(", ")}).`,
    );
  }
  const previous = env.store.getSchedule(r.workspaceId, channelId);
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
  env.store.saveSchedule(schedule);
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

export function pause(env: Env, r: Requester): View[] {
  const schedule = scheduleOf(env, r);
  if (schedule.paused)
    throw new UserError(
      "The daily question is already paused here.",
      `Resume with ${r.cmd("resume")}.`,
    );
  env.store.saveSchedule({
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

export function resume(env: Env, r: Requester): View[] {
  const schedule = scheduleOf(env, r);
  if (!schedule.paused) throw new UserError("The daily question is not paused here.");
  const nextRunAt = nextRunAfter(schedule, r.now);
  env.store.saveSchedule({
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

export function status(env: Env, r: Requester): View[] {
  const schedule = scheduleOf(env, r);
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
      value: schedule.paused
        ? `paused (${schedule.pausedReason ?? "no reason given"})`
        : schedule.nextRunAt
          ? formatLocal(schedule.nextRunAt, schedule.timezone)
          : "not planned",
    },
  ];
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
 * Posts an extra question in the channel now, open to everyone, without taking the day's
 * scheduled slot. It avoids questions this channel saw in the last 14 days.
 */
export function postNow(env: Env, r: Requester): View[] {
  const channelId = channelOf(r);
  const schedule = env.store.getSchedule(r.workspaceId, channelId);
  const filter = new Set(schedule?.topics ?? []);
  const inScope = env.library.questions.filter((q) => {
    if (filter.size === 0) return true;
    return filter.has(q.topic) || filter.has(env.index.get(q.topic)?.area ?? "");
  });
  const recent = new Set(
    env.store.channelQuestionsSince(
      r.workspaceId,
      channelId,
      new Date(r.now.getTime() - NO_REPEAT_DAYS * DAY_MS),
    ),
  );
  const fresh = inScope.filter((q) => !recent.has(q.id));
  const question = shuffled(fresh.length > 0 ? fresh : inScope, env.random)[0];
  if (!question) throw new UserError("There are no questions in this channel's topics.");
  const ask = newAsk(env, r, question, {
    channelId,
    openHours: schedule?.openHours ?? DEFAULT_OPEN_HOURS,
  });
  return [questionView(env, r, ask, question, "Question of the day")];
}
