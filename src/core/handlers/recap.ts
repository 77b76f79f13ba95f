import type { Weekday } from "../commands.js";
import { formatLocal, nextRunAfter } from "../daily.js";
import type { Env, Requester } from "../env.js";
import { UserError } from "../errors.js";
import type { View } from "../views.js";

const WEEKDAYS = [
  "Sundays",
  "Mondays",
  "Tuesdays",
  "Wednesdays",
  "Thursdays",
  "Fridays",
  "Saturdays",
];

async function scheduleOf(env: Env, r: Requester) {
  const schedule = r.ctx.channelId
    ? await env.store.getSchedule(r.workspaceId, r.ctx.channelId)
    : null;
  if (!schedule) {
    throw new UserError(
      "The weekly recap comes with a channel's daily question, and this channel has none.",
      (cmd) => `Set one up first with ${cmd("setup 09:00 Europe/Berlin")}.`,
    );
  }
  return schedule;
}

/** Admins: `setup recap <day> [HH:MM]` (on, that weekday, that time or the schedule's). */
export async function recapSet(
  env: Env,
  r: Requester,
  day: Weekday,
  time: string | null,
): Promise<View[]> {
  const schedule = await scheduleOf(env, r);
  const next = nextRunAfter(
    { time: time ?? schedule.time, timezone: schedule.timezone, days: [day] },
    r.now,
  );
  await env.store.setRecap(r.workspaceId, schedule.channelId, { on: true, day, time }, next);
  return [
    {
      ephemeral: true,
      tone: "success",
      text: `The weekly recap goes out on ${WEEKDAYS[day]} at ${time ?? schedule.time} (${schedule.timezone}); the next one ${formatLocal(next, schedule.timezone)}.`,
    },
  ];
}

/** Admins: `recap off`. */
export async function recapOff(env: Env, r: Requester): Promise<View[]> {
  const schedule = await scheduleOf(env, r);
  const recap = await env.store.getRecap(r.workspaceId, schedule.channelId);
  await env.store.setRecap(
    r.workspaceId,
    schedule.channelId,
    { on: false, day: recap?.day ?? 1, time: recap?.time ?? null },
    null,
  );
  return [
    {
      ephemeral: true,
      tone: "success",
      text: "No more weekly recaps here. `setup recap mon 09:00` brings them back.",
    },
  ];
}
