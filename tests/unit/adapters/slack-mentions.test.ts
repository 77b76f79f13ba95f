import { describe, expect, it } from "vitest";
import { mentionsAsIds } from "../../../src/adapters/slack/slack-app.js";

describe("Slack mentions", () => {
  it("become the member ids the core knows people by", () => {
    expect(mentionsAsIds("stats <@U0123ABC>")).toBe("stats U0123ABC");
    expect(mentionsAsIds("stats <@W9XYZ|bob>")).toBe("stats W9XYZ");
    // Channel and special mentions are not people: left as they are.
    expect(mentionsAsIds("lookup <!channel> <#C1|general>")).toBe(
      "lookup <!channel> <#C1|general>",
    );
  });
});
