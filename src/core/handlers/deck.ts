import type { DeckView } from "../decks.js";
import { deckIdOf, type Env, type Requester } from "../env.js";
import { UserError } from "../errors.js";
import { userText } from "../user-text.js";
import type { View } from "../views.js";

/** Words that put a choice back to the default deck. */
const NO_CHOICE = new Set(["default", "none", "reset"]);

/** One line for help and topics: the deck studied here, and how to see the others. */
export function deckLine(env: Env, r: Requester): string {
  if (env.decks.all.length < 2) return "";
  return `Deck: **${env.library.decks[0]!.title}**. ${env.decks.all.length - 1} more: ${r.cmd("deck")}.`;
}

/** `deck`: the deck studied here and why, and every deck with how to choose it. */
export async function deckInfo(env: Env, r: Requester): Promise<View[]> {
  const active = deckIdOf(env);
  const channel = r.ctx.channelId
    ? await env.store.channelDeck(r.workspaceId, r.ctx.channelId)
    : null;
  const why =
    channel && env.decks.get(channel)
      ? "an admin chose it for this channel"
      : r.member.deckId && env.decks.get(r.member.deckId)
        ? "you chose it"
        : "it is the default";
  const lines = env.decks.all.map((d) => {
    const mark = d.deck.id === active ? "▶️" : "▫️";
    return `${mark} **${d.deck.title}** \`${d.deck.id}\`: ${d.library.topics.length} topics, ${d.library.questions.length} questions`;
  });
  return [
    {
      ephemeral: true,
      tone: "info",
      title: `Deck here: ${env.library.decks[0]!.title}`,
      text: [`Studied here because ${why}.`, "", ...lines].join("\n"),
      footer: `${r.cmd("deck use <id>")} chooses your own deck for private study (DMs, and channels without one); admins set a channel's with ${r.cmd("deck <id>")}.`,
    },
  ];
}

/** Admins: `deck <id>` sets the channel's deck (`deck default` clears it). */
export async function deckSet(env: Env, r: Requester, id: string): Promise<View[]> {
  if (!r.ctx.channelId) {
    throw new UserError(
      "A direct message has no channel deck.",
      `Choose your own with ${r.cmd("deck use <id>")}.`,
    );
  }
  const deck = chosen(env, r, id);
  await env.store.setChannelDeck(r.workspaceId, r.ctx.channelId, deck?.deck.id ?? null, r.now);
  const name = (deck ?? env.decks.default).deck.title;
  return [
    {
      ephemeral: true,
      tone: "success",
      text: deck
        ? `This channel now studies **${name}**: its quizzes, daily question, live rounds and lookups.`
        : `This channel is back on the default deck, **${name}**.`,
    },
  ];
}

/** `deck use <id>`: the member's own deck for private study (`deck use default` clears it). */
export async function deckUse(env: Env, r: Requester, id: string): Promise<View[]> {
  const deck = chosen(env, r, id);
  await env.store.setMemberDeck(r.member.id, deck?.deck.id ?? null);
  const name = (deck ?? env.decks.default).deck.title;
  const channel = r.ctx.channelId
    ? await env.store.channelDeck(r.workspaceId, r.ctx.channelId)
    : null;
  const overruled =
    channel && env.decks.get(channel) && channel !== (deck ?? env.decks.default).deck.id
      ? ` This channel has its own deck (${env.decks.get(channel)!.deck.title}), so here you study that one.`
      : "";
  return [
    {
      ephemeral: true,
      tone: "success",
      text: `${deck ? `You now study **${name}**` : `You are back on the default deck, **${name}**`} in your DMs and wherever a channel has no deck of its own.${overruled}`,
    },
  ];
}

/** The deck named (null for "default"); a name that is no deck is refused with the list. */
function chosen(env: Env, r: Requester, id: string): DeckView | null {
  const wanted = id.trim().toLowerCase();
  if (NO_CHOICE.has(wanted)) return null;
  const deck = env.decks.all.find(
    (d) => d.deck.id === wanted || d.deck.title.toLowerCase() === wanted,
  );
  if (!deck) {
    throw new UserError(
      `There is no deck called "${userText(id.slice(0, 60))}".`,
      `The decks: ${env.decks.all.map((d) => `\`${d.deck.id}\``).join(", ")}; ${r.cmd("deck")} describes them.`,
    );
  }
  return deck;
}
