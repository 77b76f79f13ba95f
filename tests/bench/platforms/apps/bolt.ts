/**
 * What the two minimal Bolt apps share, and nothing more: the App and receiver Studybot uses
 * (HTTPReceiver on /slack/events, a bot token, the Web API pointed at the fake), with logging
 * off. Unlike Studybot's, this receiver checks the signature itself: a minimal app has no
 * front of its own to do it.
 */
import type { Server } from "node:http";
import { App, HTTPReceiver, type Logger, LogLevel } from "@slack/bolt";

const off = () => {};
const silent: Logger = {
  debug: off,
  info: off,
  warn: off,
  error: off,
  setLevel: off,
  getLevel: () => LogLevel.ERROR,
  setName: off,
};

export function minimalBoltApp(): App {
  const env = process.env;
  const receiver = new HTTPReceiver({
    signingSecret: env.SLACK_SIGNING_SECRET!,
    endpoints: "/slack/events",
    logger: silent,
  });
  return new App({
    token: env.SLACK_BOT_TOKEN!,
    receiver,
    logger: silent,
    clientOptions: { slackApiUrl: env.SLACK_API_URL! },
  });
}

/** Listens on a port of 127.0.0.1 the system picks, and tells the bench which. */
export async function listen(app: App): Promise<void> {
  const server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" ? address?.port : address}\n`);
}
