/**
 * A Web API client that posts channel messages on the bench's word, as Studybot's scheduler and
 * live rounds do: a WebClient pointed at the fake Slack, through Studybot's lean fetch
 * (FETCH=lean) or the global fetch the Web API client uses by default (FETCH=global). The bench
 * POSTs /burst {count, inFlight} to it; it answers with each call's latency once all are done.
 */
import { createServer } from "node:http";
import { WebClient } from "@slack/web-api";
import { leanFetch } from "../../../../src/adapters/slack/lean-fetch.js";

const env = process.env;
const client = new WebClient(env.SLACK_BOT_TOKEN!, {
  slackApiUrl: env.SLACK_API_URL!,
  retryConfig: { retries: 0 },
  ...(env.FETCH === "lean" ? { fetch: leanFetch } : {}),
});
const message = {
  channel: "C1",
  text: "Daily question: which AWS service records the API calls made in an account?",
  blocks: JSON.parse(env.POST_BLOCKS ?? "[]") as [],
};

async function burst(count: number, inFlight: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const started = performance.now();
      await client.chat.postMessage(message);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return latencies;
}

const server = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk: Buffer) => {
    body += String(chunk);
  });
  req.on("end", async () => {
    const { count, inFlight } = JSON.parse(body) as { count: number; inFlight: number };
    const latenciesMs = await burst(count, inFlight);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ latenciesMs }));
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" ? address?.port : address}\n`);
});
