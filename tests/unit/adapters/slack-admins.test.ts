import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AdminCache } from "../../../src/adapters/slack/admins.js";
import { FakeSlack } from "../../helpers/fake-slack.js";

/** The admin check runs before Slack is answered: one quick try, or a clear failure. */
describe("the Slack admin check", () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await new FakeSlack().start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  const attempts = () => fake.calls.filter((c) => c.method.startsWith("users.info")).length;

  it("asks users.info with the request's token and caches the answer", async () => {
    fake.admins.add("UADMIN");
    const admins = new AdminCache({ apiUrl: fake.apiUrl });
    expect(await admins.isAdmin("xoxb-team", "T1", "UADMIN")).toBe(true);
    expect(await admins.isAdmin("xoxb-team", "T1", "UADMIN")).toBe(true);
    expect(await admins.isAdmin("xoxb-team", "T1", "U2")).toBe(false);
    expect(fake.callsOf("users.info").map((c) => [c.args.user, c.args.token])).toEqual([
      ["UADMIN", "xoxb-team"],
      ["U2", "xoxb-team"],
    ]);
  });

  it.each([
    ["a 500", 500],
    ["a 429", 429],
  ])("gives up after one try on %s, without retrying or waiting", async (_, status) => {
    fake.fail("users.info", [status, status, status]);
    const admins = new AdminCache({ apiUrl: fake.apiUrl });
    const started = performance.now();
    await expect(admins.isAdmin("xoxb", "T1", "U1")).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(3000); // Slack's deadline for the ack
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a retry would have come by now
    expect(attempts()).toBe(1);
  });

  it("gives up on a slow users.info at its timeout", async () => {
    fake.delay("users.info", 5000);
    const admins = new AdminCache({ apiUrl: fake.apiUrl, timeoutMs: 300 });
    await expect(admins.isAdmin("xoxb", "T1", "U1")).rejects.toThrow();
    expect(attempts()).toBe(1);
  });
});
