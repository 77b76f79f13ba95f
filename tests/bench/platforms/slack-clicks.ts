import { Agent, request } from "node:http";
import { signSlackRequest } from "../../../src/adapters/slack/verify.js";
import type { SlackClick } from "./posts.js";

/** Requests Slack has open at once in the burst: as in tests/load/slack-load.test.ts. */
export const SLACK_IN_FLIGHT = 48;

export interface SignedClick {
  body: string;
  headers: Record<string, string>;
}

/** Member `m` of team T1 clicking in channel C1, as Slack posts a block_actions click. */
function payload(click: SlackClick, member: number, responseUrl: string): string {
  return JSON.stringify({
    type: "block_actions",
    user: { id: `U${member}`, username: `m${member}`, name: `m${member}`, team_id: "T1" },
    team: { id: "T1", domain: "bench" },
    api_app_id: "A1",
    channel: { id: "C1", name: "general" },
    container: { type: "message", is_ephemeral: false },
    trigger_id: "t",
    response_url: responseUrl,
    actions: [
      { type: "button", action_id: click.actionId, block_id: "b", value: "x", action_ts: "1" },
    ],
    state: click.pickBlockId
      ? {
          values: {
            [click.pickBlockId]: {
              pick: {
                type: "checkboxes",
                selected_options: click.letters.map((value) => ({ value })),
              },
            },
          },
        }
      : { values: {} },
  });
}

/**
 * Every member's click, form-encoded and signed before the burst starts, so the bench's own
 * process spends the burst sending, not signing (it shares the machine with the target).
 */
export function signedClicks(
  click: SlackClick,
  members: readonly number[],
  secret: string,
  responseUrl: (id: string) => string,
): SignedClick[] {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return members.map((m) => {
    const body = new URLSearchParams({
      payload: payload(click, m, responseUrl(`m${m}`)),
    }).toString();
    return {
      body,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(Buffer.byteLength(body)),
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": signSlackRequest(secret, timestamp, body),
      },
    };
  });
}

export interface SlackBurst {
  /** Clicks answered 200. */
  acked: number;
  /** Send to the end of the HTTP response, of each 200, ms. */
  latenciesMs: number[];
  startedAt: number;
  lastAckAt: number;
}

function post(port: number, agent: Agent, click: SignedClick): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/slack/events",
        method: "POST",
        agent,
        headers: click.headers,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(click.body);
  });
}

/**
 * Sends the clicks `inFlight` at a time over kept-alive connections. node:http, not fetch:
 * fetch costs the sender about three times the CPU per request, and on two cores the sender's
 * CPU is taken from the target.
 */
export async function sendClicks(
  port: number,
  clicks: readonly SignedClick[],
  inFlight = SLACK_IN_FLIGHT,
): Promise<SlackBurst> {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const latenciesMs: number[] = [];
  let next = 0;
  let lastAckAt = 0;
  const worker = async () => {
    while (next < clicks.length) {
      const click = clicks[next++]!;
      const sent = performance.now();
      const status = await post(port, agent, click);
      if (status !== 200) continue;
      lastAckAt = performance.now();
      latenciesMs.push(lastAckAt - sent);
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  agent.destroy();
  return { acked: latenciesMs.length, latenciesMs, startedAt, lastAckAt };
}
