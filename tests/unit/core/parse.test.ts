import { describe, expect, it } from "vitest";
import { decodeAction, encodeAction } from "../../../src/core/actions.js";
import { UserError } from "../../../src/core/errors.js";
import { parseCommand, parseDays } from "../../../src/core/parse.js";
import { stripMarkers } from "../../../src/core/user-text.js";

describe("the command grammar", () => {
  it.each([
    ["help", { name: "help" }],
    ["topics identity", { name: "topics", area: "identity" }],
    ["lookup  who patches the os ", { name: "lookup", term: "who patches the os" }],
    ["quiz", { name: "quiz" }],
    ["quiz 10", { name: "quiz", count: 10 }],
    ["quiz shield advanced 3", { name: "quiz", topic: "shield advanced", count: 3 }],
    ["review", { name: "review" }],
    ["b", { name: "answer", letters: "B" }],
    ["B, d", { name: "answer", letters: "BD" }],
    ["answer a c", { name: "answer", letters: "AC" }],
    ["leaderboard", { name: "leaderboard", period: "week", teams: false }],
    ["leaderboard all teams", { name: "leaderboard", period: "all", teams: true }],
    ["stats <@U123>", { name: "stats", user: "<@U123>" }],
    ["team join  Blue   Falcons", { name: "team-join", team: "Blue Falcons" }],
    ["team leave", { name: "team-leave" }],
    ["team list", { name: "team-list" }],
    [
      "setup 9:00 europe/berlin mon-fri shield kms",
      {
        name: "setup",
        time: "09:00",
        timezone: "Europe/Berlin",
        days: [1, 2, 3, 4, 5],
        topics: ["shield", "kms"],
      },
    ],
    [
      "setup 09:00 UTC monitoring",
      {
        name: "setup",
        time: "09:00",
        timezone: "UTC",
        days: [0, 1, 2, 3, 4, 5, 6],
        topics: ["monitoring"],
      },
    ],
    ["post-now", { name: "post-now" }],
  ])("%s", (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each([
    "dance",
    "quiz shield 0",
    "setup",
    "setup 09:00",
    "setup 9 UTC",
    "pause now",
    `lookup ${"x".repeat(201)}`,
    "x".repeat(10_000),
  ])("refuses %s with a UserError", (text) => {
    expect(() => parseCommand(text)).toThrow(UserError);
  });

  it("reads day lists", () => {
    expect(parseDays("weekends")).toEqual([0, 6]);
    expect(parseDays("fri-mon")).toEqual([0, 1, 5, 6]);
    expect(parseDays("mondays,wednesday")).toEqual([1, 3]);
    expect(parseDays("monitoring")).toBeNull();
  });
});

describe("action ids", () => {
  it("round-trip and stay within Discord's 100 characters", () => {
    for (const action of [
      { type: "answer", askId: "abc123", letters: "BD" },
      { type: "submit", askId: "abc123" },
      { type: "quiz", topicId: "shield-advanced" },
      { type: "lookup", topicId: "kms" },
    ] as const) {
      const id = encodeAction(action);
      expect(id.length).toBeLessThanOrEqual(100);
      expect(decodeAction(id)).toEqual(action);
    }
  });

  it.each([
    "",
    "v1",
    "v2:a:abc:A",
    "v1:a:abc:Z",
    "v1:a:ABC:A",
    "v1:q:../etc",
    "v1:s:abc:A",
    "v1:a:abc:A:B",
    "x".repeat(101),
  ])("rejects %s", (id) => {
    expect(decodeAction(id)).toBeNull();
  });
});

describe("unknown commands", () => {
  const hint = (text: string) => {
    try {
      parseCommand(text);
    } catch (error) {
      const { hint } = error as UserError;
      const text = typeof hint === "function" ? hint((text) => `\`${text}\``) : hint;
      // Read as a person would: without the markers around what they typed.
      return text && stripMarkers(text);
    }
    throw new Error(`${text} parsed`);
  };

  it.each([
    ["teams", "Did you mean `team list`?"],
    ["search ddos attacks", "Did you mean `lookup ddos attacks`?"],
    ["join Blue Falcons", "Did you mean `team join Blue Falcons`?"],
    ["leaderbord", "Did you mean `leaderboard`?"],
    ["qiuz", "Did you mean `quiz`?"],
    ["stast", "Did you mean `stats`?"],
    ["schedule", "Did you mean `status`?"],
    ["Reveiw", "Did you mean `review`?"],
  ])("suggests what %s probably meant", (text, expected) => {
    expect(hint(text)).toContain(expected);
  });

  it("points a letter that is no option at the options", () => {
    expect(hint("Z")).toContain("Answer with an option's letter");
  });

  it("offers the IANA names a misspelled time zone probably meant", () => {
    expect(hint("setup 09:00 berlin")).toBe(
      "Did you mean `Europe/Berlin`? Time zones are IANA names.",
    );
    expect(hint("setup 09:00 Mars/Phobos")).toContain("Use an IANA name");
  });

  it.each(["dance", "frobnicate", "xy", "quest"])("suggests nothing for %s", (text) => {
    expect(hint(text)).toBe("Try `help` for the list, or `lookup <term>` to find a topic.");
  });
});
