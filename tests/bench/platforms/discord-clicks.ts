import { botMessage, type FakeDiscord, member } from "../../helpers/fake-discord.js";
import type { DiscordClick } from "./posts.js";
import { sleep, until } from "./wait.js";

/** All clicks in one go (the gateway sends them back to back), or spread at a steady rate. */
export type Pace = "all at once" | { perSecond: number };

export interface DiscordBurst {
  /** Interactions whose callback reached the fake. */
  answered: number;
  /** Dispatch on the gateway to the callback's arrival at the fake, ms. */
  latenciesMs: number[];
  startedAt: number;
  lastAckAt: number;
}

const memberId = (m: number) => String(600000000000000000n + BigInt(m));

/**
 * Dispatches each member's click on the fake gateway, at `pace`, and waits until every one has
 * been answered with an interaction callback (Discord's ack, and here also the reply).
 */
export async function dispatchClicks(
  fake: FakeDiscord,
  click: DiscordClick,
  members: readonly number[],
  pace: Pace,
): Promise<DiscordBurst> {
  const dispatched = new Map<string, number>();
  let cursor = fake.calls.length;
  const latenciesMs: number[] = [];
  let lastAckAt = 0;
  /** Reads the callbacks that arrived since last time (the fake records when each did). */
  const collect = () => {
    for (; cursor < fake.calls.length; cursor++) {
      const call = fake.calls[cursor]!;
      if (call.method !== "POST" || !call.path.startsWith("/interactions/")) continue;
      const sent = dispatched.get(call.path.split("/")[2]!);
      if (sent === undefined) continue;
      latenciesMs.push(call.at - sent);
      lastAckAt = Math.max(lastAckAt, call.at);
    }
    return latenciesMs.length >= members.length;
  };
  const send = (m: number) => {
    const sent = performance.now();
    const { id } = fake.interact({
      type: 3,
      member: member(memberId(m), `m${m}`),
      message: botMessage({ id: fake.nextId(), flags: 0 }),
      data: click,
    });
    dispatched.set(id, sent);
  };
  const startedAt = performance.now();
  if (pace === "all at once") {
    for (const m of members) send(m);
  } else {
    // Each click at its own time from the start, so a late timer is caught up, not carried on.
    const gap = 1000 / pace.perSecond;
    for (let i = 0; i < members.length; i++) {
      const wait = startedAt + i * gap - performance.now();
      if (wait >= 1) await sleep(wait);
      send(members[i]!);
    }
  }
  await until(collect, "the interaction callbacks", 60_000 + members.length * 10);
  return { answered: latenciesMs.length, latenciesMs, startedAt, lastAckAt };
}
