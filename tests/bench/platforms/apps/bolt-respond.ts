/**
 * A Bolt app that does with a click what Studybot's Slack adapter does around its core:
 * acknowledges it, then posts a reply to its response_url through the same HTTP client as
 * Studybot's replies (src/adapters/slack/response-url.ts, on http-post.ts: node:http, kept-alive
 * connections).
 * The reply is one Studybot sent for a click on the same post in the same round: both post the
 * same bytes.
 */
import { readFileSync } from "node:fs";
import { postToResponseUrl } from "../../../../src/adapters/slack/response-url.js";
import { listen, minimalBoltApp } from "./bolt.js";

const reply = JSON.parse(readFileSync(process.env.RESPONSE_FILE!, "utf8")) as Record<string, never>;
const app = minimalBoltApp();
app.action(/^v1:/, async ({ ack, body }) => {
  await ack();
  await postToResponseUrl((body as { response_url: string }).response_url, reply);
});
await listen(app);
