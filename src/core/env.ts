import type { Library, Question, Topic } from "../content/schema.js";
import type { Clock } from "./clock.js";
import { ADMIN_COMMANDS, type CommandName } from "./commands.js";
import { UserError } from "./errors.js";
import type { Logger } from "./logger.js";
import type { TopicIndex } from "./lookup.js";
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

/** What every handler works with. */
export interface Env {
  library: Library;
  index: TopicIndex;
  questions: Map<string, Question>;
  /** The deck's question ids, for store reads that must skip retired questions. */
  deck: DeckKey;
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

export function topicOf(env: Env, question: Question): Topic {
  const topic = env.index.get(question.topic);
  if (!topic) throw new Error(`question ${question.id} names unknown topic ${question.topic}`);
  return topic;
}

export function questionsOfTopics(env: Env, topicIds: ReadonlySet<string>): Question[] {
  return env.library.questions.filter((q) => topicIds.has(q.topic));
}

/** Resolves what a person typed as a topic or an area to the set of topic ids it covers. */
export function resolveTopics(
  env: Env,
  term: string,
  r: Requester,
): { label: string; ids: Set<string> } {
  const wanted = term.trim().toLowerCase();
  const area = env.library.decks
    .flatMap((d) => d.areas)
    .find((a) => a.id === wanted || a.title.toLowerCase() === wanted);
  if (area) {
    return {
      label: area.title,
      ids: new Set(env.library.topics.filter((t) => t.area === area.id).map((t) => t.id)),
    };
  }
  const found = env.index.lookup(term);
  if (!found.topic) {
    const names = found.others.map((t) => `**${t.title}** (${r.cmd(`quiz ${t.id}`)})`);
    throw new UserError(
      `I couldn't find a topic called "${userText(term.slice(0, 60))}".`,
      names.length > 0 ? `Did you mean ${names.join(", ")}?` : `Try ${r.cmd("topics")}.`,
    );
  }
  return { label: found.topic.title, ids: new Set([found.topic.id]) };
}
