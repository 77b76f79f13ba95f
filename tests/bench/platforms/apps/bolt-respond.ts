/**
 * A Bolt app that does with a click what Studybot's Slack adapter does around its core:
 * acknowledges it, then posts a reply to its response_url through Bolt's `respond()`, so with
 * the client Studybot's replies go through (Bolt's default: the global fetch). The reply is one
 * Studybot sent for a click on the same post in the same round: both post the same bytes.
 */
import { readFileSync } from "node:fs";
import { listen, minimalBoltApp } from "./bolt.js";

const reply = JSON.parse(readFileSync(process.env.RESPONSE_FILE!, "utf8")) as Record<string, never>;
const app = minimalBoltApp();
app.action(/^v1:/, async ({ ack, respond }) => {
  await ack();
  await respond(reply);
});
await listen(app);
