import type { CommandStyle } from "./env.js";
import type { View } from "./views.js";

/**
 * How a platform adapter puts the bot's own messages into channels, for the scheduler. Every
 * message carries an idempotency key (the outbox row's), so that a resend after a crash can find
 * the first message instead of making a second.
 */
export interface ChannelPoster {
  /** How commands are typed on this platform, for the post's footer ("/study B" on Slack). */
  readonly style: CommandStyle;
  /**
   * Posts a public view to a channel; resolves with the platform's message reference. `key` is
   * the message's idempotency key: a platform that dedupes on it (Discord's nonce) returns the
   * first message when the same key is sent again.
   */
  post(workspaceExternalId: string, channelId: string, view: View, key: string): Promise<string>;
  /**
   * Looks for a message sent with `key` since about `since` (a send that may have gone through
   * before a crash). Resolves with its reference, or null when it is not there. Platforms that
   * cannot look leave this out and rely on `post` deduping.
   */
  find?(
    workspaceExternalId: string,
    channelId: string,
    key: string,
    since: Date,
  ): Promise<string | null>;
  /**
   * Shows a view to one member only, in a channel (Slack's ephemeral messages): a live round's
   * summary for each player. Left out where a platform can only do that in answer to a click
   * (Discord): the round's end message has a "My summary" button there instead.
   */
  postPrivate?(
    workspaceExternalId: string,
    channelId: string,
    userExternalId: string,
    view: View,
  ): Promise<string>;
  /**
   * The channel of the bot's direct conversation with a member (Discord's DM channel, Slack's
   * app messages tab), opened if it was not: where reminders go. Left out where the platform
   * has none. A member who does not take direct messages from the bot gets a permanent PostError.
   */
  openDirect?(workspaceExternalId: string, userExternalId: string): Promise<string>;
  /** Replaces a posted message (the answer count). */
  update(
    workspaceExternalId: string,
    channelId: string,
    messageRef: string,
    view: View,
  ): Promise<void>;
}

/**
 * One chat platform behind the core: what a new platform implements, and all it implements.
 * It turns its events into `RequestContext`s and core calls (identity from the event, never
 * from a payload; mentions turned into member ids; admin rights known or asked lazily through
 * `RequestContext.isAdmin`), renders the core's views within its limits, answers within its
 * deadline (`core/answer-deadline.ts`), and posts the scheduler's channel messages.
 */
export interface PlatformAdapter {
  /** The workspace platform name the store keys workspaces by: "discord", "slack". */
  readonly name: string;
  /** How commands are typed and instants shown here. */
  readonly style: CommandStyle;
  /** Connects (or listens); resolves with the HTTP port when it serves one. */
  start(): Promise<{ port?: number }>;
  /**
   * Readies `poster` alone, connecting to nothing and answering nothing: for a process whose
   * scheduler posts to this platform while other processes serve it (PLATFORMS leaves it out).
   * `stop()` after it stops what it started.
   */
  startPosting(): Promise<void>;
  /** Stops taking requests, lets those in flight finish (a few seconds at most), disconnects. */
  stop(): Promise<void>;
  /** Whether the platform can reach the bot now (for /healthz): all of it, every part up. */
  connected(): boolean;
  /**
   * The separate connections it runs, when it runs several (Discord's gateway shards), each
   * with its own state, so that /healthz and the metrics name the one that is down. Left out
   * by a platform that is one connection.
   */
  parts?(): PlatformPart[];
  /** Puts the scheduler's messages into channels. */
  readonly poster: ChannelPoster;
  /** A view as this platform's message: what replies and channel posts send. */
  render(view: View): unknown;
}

/** One connection of a platform that runs several: a Discord shard. */
export interface PlatformPart {
  /** How /healthz names it: "discord shard 0". */
  readonly name: string;
  /** Its own id within the platform, as the metrics label it: "0". */
  readonly id: string;
  /** Whether it is up now. */
  readonly connected: boolean;
}

/**
 * A post the platform refused. `permanent` means trying again will not help ("channel not
 * found", "no access"): the channel is paused after a few of these in a row.
 */
export class PostError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "PostError";
  }
}

/** The idempotency key of an outbox row, as platforms carry it (Discord's nonce: at most 25). */
export function messageKey(outboxId: number): string {
  return `studybot-${outboxId}`;
}
