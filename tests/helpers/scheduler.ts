import { silentLogger } from "../../src/core/logger.js";
import { type ChannelPoster, PostError } from "../../src/core/platform.js";
import type { PostQueue } from "../../src/core/ports.js";
import type { View } from "../../src/core/views.js";
import { DailyScheduler } from "../../src/scheduler/daily-scheduler.js";
import { SqlitePostQueue } from "../../src/store/post-queue.js";
import type { Harness, makeBot } from "./bot.js";

export interface Posted {
  channel: string;
  view: View;
  ref: string;
}

/** A platform that records what the scheduler posts, and fails channels on demand. */
export class RecordingPoster implements ChannelPoster {
  readonly style = {};
  readonly posts: Posted[] = [];
  readonly updates: { channel: string; ref: string; view: View }[] = [];
  /** channel -> how to fail its next posts */
  readonly failing = new Map<string, { permanent: boolean; times: number }>();

  async post(_workspace: string, channel: string, view: View): Promise<string> {
    const failure = this.failing.get(channel);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      throw new PostError(
        failure.permanent ? "channel_not_found" : "internal_error",
        failure.permanent,
      );
    }
    const ref = `m${this.posts.length + 1}`;
    this.posts.push({ channel, view, ref });
    return ref;
  }

  /** Members who take no direct messages (a Discord user with DMs closed). */
  readonly closedDms = new Set<string>();

  async openDirect(_workspace: string, user: string): Promise<string> {
    if (this.closedDms.has(user)) throw new PostError("Cannot send messages to this user", true);
    return `dm-${user}`;
  }

  /** What only one member saw, in a channel (a live round's summaries). */
  readonly privates: { channel: string; user: string; view: View }[] = [];

  async postPrivate(_workspace: string, channel: string, user: string, view: View) {
    this.privates.push({ channel, user, view });
    return `p${this.privates.length}`;
  }

  async update(_workspace: string, channel: string, ref: string, view: View): Promise<void> {
    this.updates.push({ channel, ref, view });
  }

  questions(): Posted[] {
    return this.posts.filter((p) => p.view.question);
  }
}

/**
 * A scheduler on the harness's database posting to one recording platform ("test" unless named),
 * optionally through a queue subclass that injects faults. A harness of either store brings its
 * own queue; a `makeBot` one gets a SQLite queue on its store.
 */
export function makeScheduler<P extends ChannelPoster = RecordingPoster>(
  harness: ReturnType<typeof makeBot> | Harness,
  poster?: P,
  instanceId = "test",
  options: { platform?: string; queue?: PostQueue; leaseMs?: number } = {},
): { scheduler: DailyScheduler; poster: P } {
  const platform = (poster ?? new RecordingPoster()) as P;
  const scheduler = new DailyScheduler({
    bot: harness.bot,
    queue:
      options.queue ?? ("queue" in harness ? harness.queue : new SqlitePostQueue(harness.store)),
    posters: new Map([[options.platform ?? "test", platform]]),
    clock: harness.clock.now,
    logger: silentLogger,
    instanceId,
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
  });
  return { scheduler, poster: platform };
}
