import { encodeAction } from "./actions.js";
import { type CommandStyle, commandFormatter, type Env, withDeck } from "./env.js";
import type { Reminder } from "./ports.js";
import { retrievability } from "./srs.js";
import { clip } from "./text.js";
import type { View } from "./views.js";

/** The subject of a member's reminder for one local day: claimed once, however often planned. */
export const reminderSubject = (memberId: number, localDate: string) =>
  `remind:${memberId}:${localDate}`;

/** Due cards counted at most this far: "99+" is as good as an exact count in a reminder. */
const DUE_COUNT_LIMIT = 100;

/** The env of the deck a member studies in direct messages (their own choice, or the default). */
function directDeck(env: Env, deckId: string | null): Env {
  return withDeck(env, env.decks.chosen(deckId));
}

/**
 * Plans a member's reminder for a local day: queued only when cards are due then, once per
 * local day (the subject's claim). True when it was queued now.
 */
export async function planReminder(
  env: Env,
  reminder: Reminder,
  localDate: string,
  now: Date,
): Promise<boolean> {
  const member = await env.store.getMember(reminder.memberId);
  if (!member) return false;
  const deck = directDeck(env, member.deckId);
  const due = await env.store.dueCards(member.id, now, 1, deck.deck);
  if (due.length === 0) return false; // never when nothing is due
  return env.store.queueNotice({
    workspaceId: reminder.workspaceId,
    channelId: member.externalId,
    subject: reminderSubject(member.id, localDate),
    toMember: member.id,
    at: now,
  });
}

/**
 * The reminder as it is sent: how many cards are due, the topics most at risk (lowest recall
 * now), and a button that starts the review right there. Null when nothing is due any more.
 */
export async function reminderView(
  env: Env,
  memberId: number,
  style: CommandStyle,
  now: Date,
): Promise<View | null> {
  const member = await env.store.getMember(memberId);
  if (!member) return null;
  const deck = directDeck(env, member.deckId);
  const due = await env.store.dueCards(member.id, now, DUE_COUNT_LIMIT, deck.deck);
  if (due.length === 0) return null;
  const atRisk = new Map<string, number>();
  for (const card of due) {
    const topic = env.questions.get(card.questionId)?.topic;
    if (!topic) continue;
    atRisk.set(topic, Math.min(atRisk.get(topic) ?? 1, retrievability(card, now)));
  }
  const topics = [...atRisk]
    .sort((a, b) => a[1] - b[1])
    .slice(0, 3)
    .map(([id]) => env.topics.get(id)?.title ?? id);
  const count = due.length >= DUE_COUNT_LIMIT ? `${DUE_COUNT_LIMIT}+` : String(due.length);
  const cmd = commandFormatter(style);
  return {
    ephemeral: false,
    tone: "info",
    title: `⏰ ${count} card${due.length === 1 ? "" : "s"} due for review`,
    text: [
      `In **${deck.library.decks[0]!.title}**, your memory schedule says these are due now.`,
      topics.length > 0
        ? `Most at risk: ${topics.map((t) => `**${clip(t, 60)}**`).join(", ")}.`
        : "",
      "A few minutes now keeps them from fading.",
    ]
      .filter(Boolean)
      .join("\n"),
    buttons: [
      {
        label: "Review now",
        actionId: encodeAction({ type: "control", control: "review" }),
        command: "review",
        style: "primary",
      },
    ],
    footer: `${cmd("remind")} shows your reminder; ${cmd("remind off")} stops it.`,
  };
}
