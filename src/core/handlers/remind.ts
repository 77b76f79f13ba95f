import type { Weekday } from "../commands.js";
import { describeDays, formatLocal, nextRunAfter } from "../daily.js";
import type { Env, Requester } from "../env.js";
import type { View } from "../views.js";

/** `remind`: the member's reminder, when it comes next, or why it stopped. */
export async function remindInfo(env: Env, r: Requester): Promise<View[]> {
  const reminder = await env.store.getReminder(r.member.id);
  if (!reminder) {
    return [
      {
        ephemeral: true,
        tone: "info",
        text: `No review reminder yet. ${r.cmd("remind 08:00 Europe/Berlin weekdays")} sends you a direct message at that time when cards are due (never when none are, never twice a day).`,
      },
    ];
  }
  const when = `${reminder.time} (${reminder.timezone}), ${describeDays(reminder.days)}`;
  if (reminder.pausedReason) {
    return [
      {
        ephemeral: true,
        tone: "warning",
        text: `Your reminder at ${when} is paused: ${reminder.pausedReason}.`,
        footer: `Fix that, then set it again with ${r.cmd(`remind ${reminder.time} ${reminder.timezone}`)}.`,
      },
    ];
  }
  const next = reminder.nextRunAt ? formatLocal(reminder.nextRunAt, reminder.timezone) : "-";
  return [
    {
      ephemeral: true,
      tone: "info",
      text: `Your review reminder: ${when}, only when cards are due. Next check: ${next}.`,
      footer: `${r.cmd("remind off")} stops it.`,
    },
  ];
}

/** `remind <HH:MM> <zone> [days]`: sets (or replaces) the member's reminder, active again. */
export async function remindSet(
  env: Env,
  r: Requester,
  when: { time: string; timezone: string; days: Weekday[] },
): Promise<View[]> {
  const nextRunAt = nextRunAfter(when, r.now);
  await env.store.saveReminder({
    memberId: r.member.id,
    workspaceId: r.workspaceId,
    ...when,
    nextRunAt,
    pausedReason: null,
    updatedAt: r.now,
  });
  return [
    {
      ephemeral: true,
      tone: "success",
      text: `Reminder set: ${when.time} (${when.timezone}), ${describeDays(when.days)}. I'll send you a direct message then when cards are due; the first check is ${formatLocal(nextRunAt, when.timezone)}.`,
      footer: `${r.cmd("remind off")} stops it.`,
    },
  ];
}

export async function remindOff(env: Env, r: Requester): Promise<View[]> {
  const had = await env.store.deleteReminder(r.member.id);
  return [
    {
      ephemeral: true,
      tone: "success",
      text: had ? "Reminders off." : "You had no reminder; nothing changed.",
    },
  ];
}
