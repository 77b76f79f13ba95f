import type { Deck, Library, Question, Topic } from "../content/schema.js";
import type { Clock } from "./clock.js";
import { ADMIN_COMMANDS, type CommandName } from "./commands.js";
import type { Decks, DeckView } from "./decks.js";
import { UserError } from "./errors.js";
import type { Logger } from "./logger.js";
import type { LookupResult, TopicIndex } from "./lookup.js";
import type { DeckKey, Member, StudyTx, WorkspaceRef } from "./ports.js";
import type { Random } from "./random.js";
import { userText } from "./user-text.js";

/** How people type commands on a platform, for the commands that help texts show. */
export interface CommandStyle {
  /** "/study " on Slack, "/" on Discord, "" in the console. */
  commandPrefix?: string;
  /** Where admin commands live apart from the others: "/studybot " on Discord. */
  adminCommandPrefix?: string;
  /** False where answers are clicked, never typed (Discord has no text grammar). */
  typedAnswers?: boolean;
  /** Who may run admin commands here, for the refusal: "members with Manage Server". */
  adminRole?: string;
  /**
   * Shows an instant so each reader sees it in their own time zone and, where the platform can,
   * counting down (Discord `<t:…:R>`, Slack `<!date^…>`). Default: "14:05 UTC".
   */
  formatTime?: (at: Date) => string;
  /**
   * Shows a deadline seconds away (a live round's): a countdown where the platform renders one
   * (Discord `<t:…:R>`, "in 12 seconds"), else the time to the second (Slack `{time_secs}`).
   * Reads after "closes": default "at 14:05:30 UTC".
   */
  formatDeadline?: (at: Date) => string;
  /** Names a channel so it links where the platform can (`<#C123>`). Default: "#C123". */
  formatChannel?: (channelId: string) => string;
}

/** Who is asking, where: filled in by the adapter from the platform event, never from a payload. */
export interface RequestContext extends CommandStyle {
  workspace: WorkspaceRef;
  user: { id: string; name: string };
  /** The channel the request came from; null in a direct message. */
  channelId: string | null;
  /**
   * Whether this person may configure the workspace: known from the event (Discord's
   * permissions), or asked only when an admin command needs it (Slack's users.info). A lazy
   * check that cannot tell throws a UserError, and the command does not run.
   */
  isAdmin: boolean | (() => Promise<boolean>);
  /**
   * Where the platform keeps no messages (the console), the screen this conversation is on: a
   * question shown on another screen (before a restart) is not on this one.
   */
  screen?: string;
}

/** Formats commands the way this platform types them: "`/study quiz shield`". */
export function commandFormatter(style: CommandStyle): (text: string) => string {
  const prefix = style.commandPrefix ?? "";
  const admin = style.adminCommandPrefix ?? prefix;
  return (text) => {
    const head = text.split(" ", 1)[0] as CommandName;
    return `\`${ADMIN_COMMANDS.has(head) ? admin : prefix}${text}\``;
  };
}

/**
 * What every handler works with. A request studies one deck (its channel's, else the member's
 * choice, else the default): `library`, `index` and `deck` are that deck's, while `questions`
 * and `topics` hold every deck's, so an ask or a card of any deck can still be shown.
 */
export interface Env {
  /** The active deck alone: its areas, topics and questions. */
  library: Library;
  /** The active deck's lookup. */
  index: TopicIndex;
  /** Every deck's questions, by id. */
  questions: Map<string, Question>;
  /** Every deck's topics, by id. */
  topics: Map<string, Topic>;
  /** The active deck's question ids, for store reads that must skip other decks and retired questions. */
  deck: DeckKey;
  /** Every deck, and which is the default. */
  decks: Decks;
  /** The request's unit of work (or, outside one, the store: each call its own unit). */
  store: StudyTx;
  clock: Clock;
  random: Random;
  logger: Logger;
  /** Called when a channel post was queued, so the scheduler can send it at once. */
  onChannelPost?: () => void;
  /** Called once a live round's answer is committed, so its reveal can come early. */
  onLiveAnswer?: (roundId: string) => void;
}

/** A request with its workspace and member resolved (created on first contact). */
export interface Requester {
  ctx: RequestContext;
  workspaceId: number;
  member: Member;
  now: Date;
  /** Formats a command for this platform: cmd("quiz shield") -> "`/study quiz shield`". */
  cmd(text: string): string;
  /** Whether this platform takes typed answers ("B"), or only clicks. */
  typedAnswers: boolean;
  /** Shows an instant for this platform (see CommandStyle.formatTime). */
  time(at: Date): string;
  /** Shows a deadline seconds away (see CommandStyle.formatDeadline). */
  deadline(at: Date): string;
}

/** A deadline as plain text, to the second: "at 14:05:30 UTC". */
export function plainDeadline(at: Date): string {
  return `at ${at.toISOString().slice(11, 19)} UTC`;
}

/** An instant as plain text, for platforms that cannot localise one: "14:05 UTC". */
export function plainTime(at: Date): string {
  return `${at.toISOString().slice(11, 16)} UTC`;
}

/** The env studying `view`'s deck instead of the one it had. */
export function withDeck<E extends Env>(env: E, view: DeckView): E {
  return { ...env, library: view.library, index: view.index, deck: view.key };
}

/**
 * Lookup in the active deck; only when nothing there matches, in the other decks (`from` then
 * names the deck the card is from).
 */
export function lookupAcrossDecks(env: Env, term: string): LookupResult & { from?: Deck } {
  const here = env.index.lookup(term);
  if (here.topic) return here;
  const active = deckIdOf(env);
  for (const d of env.decks.all) {
    if (d.deck.id === active) continue;
    const there = d.index.lookup(term);
    if (there.topic) return { ...there, from: d.deck };
  }
  return here;
}

/** The id of the deck an env studies. */
export function deckIdOf(env: Env): string {
  return env.library.decks[0]!.id;
}

export function topicOf(env: Env, question: Question): Topic {
  const topic = env.topics.get(question.topic);
  if (!topic) throw new Error(`question ${question.id} names unknown topic ${question.topic}`);
  return topic;
}

/** The questions of these topics, whichever deck they are in. */
export function questionsOfTopics(env: Env, topicIds: ReadonlySet<string>): Question[] {
  return [...env.questions.values()].filter((q) => topicIds.has(q.topic));
}

/** Resolves what a person typed as a topic or an area to the set of topic ids it covers. */
export function resolveTopics(
  env: Env,
  term: string,
  r: Requester,
): { label: string; ids: Set<string> } {
  const wanted = term.trim().toLowerCase();
  // A whole deck, by id or title.
  const deck = env.decks.all.find(
    (d) => d.deck.id === wanted || d.deck.title.toLowerCase() === wanted,
  );
  if (deck) return { label: deck.deck.title, ids: new Set(deck.library.topics.map((t) => t.id)) };
  // An area: of the active deck first (area ids are unique only within a deck).
  const decks = [env.decks.chosen(deckIdOf(env)), ...env.decks.all];
  for (const d of decks) {
    const area = d.deck.areas.find((a) => a.id === wanted || a.title.toLowerCase() === wanted);
    if (area) {
      return {
        label: area.title,
        ids: new Set(d.library.topics.filter((t) => t.area === area.id).map((t) => t.id)),
      };
    }
  }
  const found = lookupAcrossDecks(env, term);
  if (!found.topic) {
    const names = found.others.map((t) => `**${t.title}** (${r.cmd(`quiz ${t.id}`)})`);
    throw new UserError(
      `I couldn't find a topic called "${userText(term.slice(0, 60))}".`,
      names.length > 0 ? `Did you mean ${names.join(", ")}?` : `Try ${r.cmd("topics")}.`,
    );
  }
  return { label: found.topic.title, ids: new Set([found.topic.id]) };
}
