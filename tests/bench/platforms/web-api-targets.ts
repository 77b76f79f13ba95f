import { FakeSlack } from "../../helpers/fake-slack.js";
import { readyOrStopped, startTarget } from "./child.js";
import type { ComparisonApp } from "./compile.js";
import type { Target } from "./session.js";
import { SLACK_IN_FLIGHT } from "./slack-clicks.js";
import type { StudybotSample } from "./studybot.js";

export const WEB_API_BURSTS = ["1st burst (fresh process)", "2nd burst (warm)"] as const;

/**
 * Channel posts through the Web API, as the scheduler and live rounds make them: a WebClient
 * posting Studybot's own daily post (its blocks, byte for byte) to a fake Slack, 48 in flight,
 * once through Studybot's lean fetch and once through the global fetch the client uses by
 * default. Their ratio is what the lean fetch saves per Web API call.
 */
export function webApiTargets(
  apps: Record<ComparisonApp, string>,
  scratch: string,
  sample: StudybotSample,
): Target[] {
  const posting = (name: string, client: "lean" | "global"): Target => ({
    name,
    platform: "slack",
    bursts: WEB_API_BURSTS,
    async start() {
      const blocks = sample.slack?.blocks;
      if (!blocks) throw new Error("Studybot on Slack must run first: its post is what is posted");
      const fake = await new FakeSlack().start();
      const target = startTarget(
        apps["web-api-posts"],
        {
          SLACK_BOT_TOKEN: "xoxb-bench",
          SLACK_API_URL: fake.apiUrl,
          FETCH: client,
          POST_BLOCKS: JSON.stringify(blocks),
        },
        scratch,
      );
      const port = Number((await readyOrStopped(target, target.line(/^listening (\d+)$/m)))[1]);
      return {
        pid: target.pid,
        async burst(_index, members) {
          const before = fake.callsOf("chat.postMessage").length;
          const started = performance.now();
          const res = await fetch(`http://127.0.0.1:${port}/burst`, {
            method: "POST",
            body: JSON.stringify({ count: members.length, inFlight: SLACK_IN_FLIGHT }),
          });
          const { latenciesMs } = (await res.json()) as { latenciesMs: number[] };
          const seconds = (performance.now() - started) / 1000;
          target.checkAlive();
          // Counted where they arrived: a post the client says it made but the fake never saw
          // is not a post.
          const arrived = fake.callsOf("chat.postMessage").length - before;
          return { answered: Math.min(arrived, latenciesMs.length), latenciesMs, seconds };
        },
        async stop() {
          await target.stop();
          await fake.stop();
        },
      };
    },
  });
  return [
    posting("Web API posts: lean fetch", "lean"),
    posting("Web API posts: global fetch", "global"),
  ];
}
