import { type Env, type Requester, withDeck } from "./env.js";

/**
 * The deck a request studies: the channel's, when an admin set one; else the member's own
 * choice (for DMs and the console, and channels that chose none); else the default deck. A deck
 * that has left the content counts as no choice.
 */
export async function studyDeck(env: Env, r: Requester): Promise<Env> {
  const channel = r.ctx.channelId
    ? await env.store.channelDeck(r.workspaceId, r.ctx.channelId)
    : null;
  return withDeck(env, env.decks.chosen(channel ?? r.member.deckId));
}

/** The deck a channel studies, for work outside a request (the scheduler's daily post). */
export async function channelDeck(env: Env, workspaceId: number, channelId: string): Promise<Env> {
  return withDeck(env, env.decks.chosen(await env.store.channelDeck(workspaceId, channelId)));
}
