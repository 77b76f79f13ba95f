import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Library } from "../../../src/content/schema.js";
import { FakeSlack } from "../../helpers/fake-slack.js";
import { readyOrStopped, startTarget, type TargetProcess } from "./child.js";
import type { ComparisonApp } from "./compile.js";
import { type SlackClick, slackClickOf } from "./posts.js";
import type { Session, Target } from "./session.js";
import { sendClicks, signedClicks } from "./slack-clicks.js";
import { type StudybotSample, startStudybot } from "./studybot.js";
import { accepts, freePort, until } from "./wait.js";

const SECRET = "bench-signing-secret";
const TOKEN = "xoxb-bench";

/** Two bursts to new members: a process's first, then one warm (and twice the answers stored). */
export const SLACK_BURSTS = ["1st burst (fresh process)", "2nd burst (warm)"] as const;

interface Launched {
  process: TargetProcess;
  port: number;
  click(): SlackClick;
}

/**
 * A target behind a fake Slack of its own: `launch` starts it; each burst signs and sends the
 * clicks, and for a target that replies also waits for every reply to reach the fake.
 */
function slackTarget(
  name: string,
  replies: boolean,
  launch: (fake: FakeSlack) => Promise<Launched>,
  onReplies?: (bodies: Record<string, unknown>[]) => void,
): Target {
  return {
    name,
    platform: "slack",
    bursts: SLACK_BURSTS,
    async start(): Promise<Session> {
      const fake = await new FakeSlack().start();
      let launched: Launched;
      try {
        launched = await launch(fake);
      } catch (error) {
        await fake.stop();
        throw error;
      }
      const { process: target, port } = launched;
      return {
        pid: target.pid,
        async burst(_index, members) {
          const clicks = signedClicks(launched.click(), members, SECRET, (id) =>
            fake.responseUrl(id),
          );
          const before = fake.responses.length;
          const sent = await sendClicks(port, clicks);
          let end = sent.lastAckAt;
          if (replies) {
            await until(() => {
              target.checkAlive();
              return fake.responses.length - before >= sent.acked;
            }, `${name}'s replies`);
            end = performance.now(); // within the 5 ms the wait polls at
          }
          target.checkAlive();
          const bodies = fake.responses.slice(before).map((r) => r.body);
          onReplies?.(bodies);
          const bytes = bodies.reduce(
            (sum, body) => sum + Buffer.byteLength(JSON.stringify(body)),
            0,
          );
          return {
            answered: sent.acked,
            latenciesMs: sent.latenciesMs,
            seconds: (end - sent.startedAt) / 1000,
            ...(replies ? { responseBytes: bytes / Math.max(1, sent.acked) } : {}),
          };
        },
        async stop() {
          await target.stop();
          await fake.stop();
        },
      };
    },
  };
}

/** Studybot on Slack (HTTP mode, one workspace), then the three apps it is compared with. */
export function slackTargets(
  apps: Record<ComparisonApp, string>,
  scratch: string,
  library: Library,
  sample: StudybotSample,
): Target[] {
  const studybotClick = () => {
    if (!sample.slack)
      throw new Error("Studybot on Slack must run first: its post gives the click");
    return sample.slack.click;
  };
  /** A comparison app: told the fake's address, it prints the port it got from port 0. */
  const app =
    (file: string, env: () => Record<string, string> = () => ({})) =>
    async (fake: FakeSlack): Promise<Launched> => {
      const target = startTarget(
        file,
        {
          SLACK_BOT_TOKEN: TOKEN,
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: fake.apiUrl,
          ...env(),
        },
        scratch,
      );
      const port = Number((await readyOrStopped(target, target.line(/^listening (\d+)$/m)))[1]);
      return { process: target, port, click: studybotClick };
    };

  const studybot = slackTarget(
    "Studybot, Slack",
    true,
    async (fake) => {
      // Logging off, Studybot prints nothing, its port among it: it gets a free one.
      const port = await freePort();
      const target = await startStudybot(
        scratch,
        { platform: "slack", workspace: "T1", channel: "C1" },
        {
          SLACK_BOT_TOKEN: TOKEN,
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: fake.apiUrl,
          PORT: String(port),
        },
      );
      const ready = until(async () => {
        target.checkAlive();
        return fake.callsOf("chat.postMessage").length > 0 && (await accepts(port));
      }, "Studybot's daily post on Slack");
      await readyOrStopped(target, ready);
      const post = fake.callsOf("chat.postMessage")[0]!.args as Parameters<typeof slackClickOf>[0];
      sample.slack = { click: slackClickOf(post, library), blocks: post.blocks };
      return { process: target, port, click: studybotClick };
    },
    (bodies) => {
      if (sample.slack && bodies[0]) sample.slack.response = bodies[0];
    },
  );

  const replyFile = join(scratch, "studybot-reply.json");
  const studybotReply = () => {
    const response = sample.slack?.response;
    if (!response) throw new Error("Studybot on Slack must run first: it gives the reply");
    writeFileSync(replyFile, JSON.stringify(response));
    return { RESPONSE_FILE: replyFile };
  };
  return [
    studybot,
    slackTarget("Bolt: ack + respond()", true, app(apps["bolt-respond"], studybotReply)),
    slackTarget("Bolt: ack only", false, app(apps["bolt-ack"])),
    slackTarget("node:http + HMAC check", false, app(apps["bare-http"])),
  ];
}
