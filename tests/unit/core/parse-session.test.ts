import { describe, expect, it } from "vitest";
import type { Command } from "../../../src/core/commands.js";
import { UserError } from "../../../src/core/errors.js";
import { checkCommand, parseCommand } from "../../../src/core/parse.js";
import { stripMarkers } from "../../../src/core/user-text.js";

/** The UserError a call throws, read as a person would: message and hint, without markers. */
function refusal(run: () => unknown): { message: string; hint: string } {
  try {
    run();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const { hint } = error;
    const text = typeof hint === "function" ? hint((t) => `\`${t}\``) : (hint ?? "");
    return { message: stripMarkers(error.message), hint: stripMarkers(text) };
  }
  throw new Error("it was accepted");
}

describe("answers", () => {
  it.each<[string, Command]>([
    ["A", { name: "answer", letters: "A" }],
    ["b d", { name: "answer", letters: "BD" }],
    ["B,D", { name: "answer", letters: "BD" }],
    ["answer B D", { name: "answer", letters: "BD" }],
    ["answer b,d", { name: "answer", letters: "BD" }],
    ["ANSWER c", { name: "answer", letters: "C" }],
    ["b f", { name: "answer", letters: "BF" }],
    ["true", { name: "answer", letters: "", truth: true }],
    ["FALSE", { name: "answer", letters: "", truth: false }],
    ["t", { name: "answer", letters: "", truth: true }],
    ["T", { name: "answer", letters: "", truth: true }],
    // A lone f is false, in any case: people type it for false, and no question has an F.
    ["f", { name: "answer", letters: "", truth: false }],
    ["F", { name: "answer", letters: "", truth: false }],
    ["answer true", { name: "answer", letters: "", truth: true }],
    ["answer False", { name: "answer", letters: "", truth: false }],
    ["answer t", { name: "answer", letters: "", truth: true }],
    // After `answer`, f is the letter: the one way to pick an option F.
    ["answer F", { name: "answer", letters: "F" }],
    ["answer f", { name: "answer", letters: "F" }],
  ])("%s", (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it("says how to answer when `answer` has nothing after it", () => {
    const { message, hint } = refusal(() => parseCommand("answer"));
    expect(message).toBe("Answer with what?");
    expect(hint).toContain("`answer B`");
    expect(hint).toContain("`true`");
  });

  it("refuses what is no option after `answer`", () => {
    expect(refusal(() => parseCommand("answer maybe")).message).toBe(
      '"maybe" is not an option letter.',
    );
    expect(refusal(() => parseCommand("answer z")).hint).toContain("`answer B`");
  });

  it("points a letter that is no option at the options and at true/false", () => {
    expect(refusal(() => parseCommand("z")).hint).toContain("`true` or `false`");
  });
});

describe("the question of the day", () => {
  it.each<[string, Command]>([
    ["daily B", { name: "daily-answer", letters: "B" }],
    ["Daily b, d", { name: "daily-answer", letters: "BD" }],
    ["daily f", { name: "daily-answer", letters: "F" }],
  ])("%s", (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each(["daily", "daily true", "daily xyz"])("refuses %s and says how", (text) => {
    expect(refusal(() => parseCommand(text)).hint).toContain("`daily B`");
  });

  it("checks letters from native options too", () => {
    expect(checkCommand({ name: "daily-answer", letters: "b" })).toEqual({
      name: "daily-answer",
      letters: "B",
    });
    expect(() => checkCommand({ name: "daily-answer", letters: "" })).toThrow(UserError);
  });
});

describe("session controls", () => {
  it.each<[string, Command]>([
    ["repeat", { name: "repeat" }],
    ["again", { name: "repeat" }],
    ["Show", { name: "repeat" }],
    ["skip", { name: "skip" }],
    ["quit", { name: "quit" }],
    ["stop", { name: "quit" }],
    ["END", { name: "quit" }],
    ["retry", { name: "retry" }],
  ])("%s", (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it("refuses arguments", () => {
    expect(refusal(() => parseCommand("skip 3"))).toEqual({
      message: "`skip` takes no arguments.",
      hint: "Try `skip`.",
    });
  });
});

describe("review", () => {
  it.each<[string, Command]>([
    ["review", { name: "review" }],
    ["review 5", { name: "review", count: 5 }],
    ["review shield", { name: "review", topic: "shield" }],
    ["review shield 5", { name: "review", topic: "shield", count: 5 }],
    ["review kms keys 3", { name: "review", topic: "kms keys", count: 3 }],
    ["review new", { name: "review", fresh: true }],
    ["review NEW 5", { name: "review", count: 5, fresh: true }],
    ["review new kms 3", { name: "review", topic: "kms", count: 3, fresh: true }],
    ["review 007", { name: "review", count: 7 }],
  ])("%s", (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});

describe("exam", () => {
  it.each<[string, Command]>([
    ["exam", { name: "exam" }],
    ["exam 20", { name: "exam", count: 20 }],
    ["exam 20 30", { name: "exam", count: 20, minutes: 30 }],
    ["exam 20 30m", { name: "exam", count: 20, minutes: 30 }],
    ["exam 20 30min", { name: "exam", count: 20, minutes: 30 }],
    ["exam 65 90 minutes", { name: "exam", count: 65, minutes: 90 }],
    ["exam 45m", { name: "exam", minutes: 45 }],
    ["exam 45m 10", { name: "exam", count: 10, minutes: 45 }],
    ["exam 1 180", { name: "exam", count: 1, minutes: 180 }],
  ])("%s", (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each(["exam kms", "exam 20 30 40", "exam 20 30s"])("refuses %s with the usage", (text) => {
    expect(refusal(() => parseCommand(text)).hint).toContain("`exam 20 30`");
  });
});

describe("counts", () => {
  const quiz = "The number of questions must be a whole number from 1 to 20.";
  const exam = "The number of questions must be a whole number from 1 to 65.";
  const minutes = "The time must be a whole number of minutes from 1 to 180.";

  it.each([
    ["quiz kms 1.5", quiz, "Try `quiz kms 5`."],
    ["quiz -1", quiz, "Try `quiz 5`."],
    ["quiz 1e9", quiz, "Try `quiz 5`."],
    ["quiz kms 1,5", quiz, "Try `quiz kms 5`."],
    ["quiz shield 0", quiz, "Try `quiz shield 5`."],
    ["quiz 21", quiz, "Try `quiz 5`."],
    ["review 0", quiz, "Try `review 5`."],
    ["review 21", quiz, "Try `review 5`."],
    ["review new -3", quiz, "Try `review new 5`."],
    ["review shield 2.5", quiz, "Try `review shield 5`."],
    ["exam 0", exam, "Try `exam 20`."],
    ["exam 66", exam, "Try `exam 20`."],
    ["exam 1.5", exam, "Try `exam 20`."],
    ["exam 20 0", minutes, "Try `exam 20 30` (20 questions in 30 minutes)."],
    ["exam 20 181", minutes, "Try `exam 20 30` (20 questions in 30 minutes)."],
    ["exam 20 1.5m", minutes, "Try `exam 20 30` (20 questions in 30 minutes)."],
  ])("refuses %s with the range", (text, message, hint) => {
    expect(refusal(() => parseCommand(text))).toEqual({ message, hint });
  });

  it("reads a word as a topic, never as a count", () => {
    expect(parseCommand("quiz s3")).toEqual({ name: "quiz", topic: "s3" });
    expect(parseCommand("review shield")).toEqual({ name: "review", topic: "shield" });
  });

  it.each<[Command, string]>([
    [{ name: "quiz", count: 0 }, quiz],
    [{ name: "quiz", topic: "kms", count: 500 }, quiz],
    [{ name: "review", count: 1.5 }, quiz],
    [{ name: "review", count: 21, fresh: true }, quiz],
    [{ name: "exam", count: 66 }, exam],
    [{ name: "exam", count: 0 }, exam],
    [{ name: "exam", count: 20, minutes: 0 }, minutes],
    [{ name: "exam", minutes: 181 }, minutes],
  ])("checks native options: %j", (command, message) => {
    expect(refusal(() => checkCommand(command)).message).toBe(message);
  });

  it("passes native options in range", () => {
    for (const command of [
      { name: "quiz", topic: "kms", count: 20 },
      { name: "review", topic: "shield", count: 1, fresh: true },
      { name: "exam", count: 65, minutes: 180 },
      { name: "exam" },
    ] satisfies Command[]) {
      expect(checkCommand(command)).toEqual(command);
    }
  });

  it("names the topic typed in the suggested command, marked as typed", () => {
    const error = refusal(() => parseCommand("quiz shield advanced 1.5"));
    expect(error.hint).toBe("Try `quiz shield advanced 5`.");
  });
});

describe("suggestions for the new words", () => {
  const hint = (text: string) => refusal(() => parseCommand(text)).hint;

  it.each([
    ["reveiw", "Did you mean `review`?"],
    ["exma", "Did you mean `exam`?"],
    ["skp", "Did you mean `skip`?"],
    ["retyr", "Did you mean `retry`?"],
    ["repaet", "Did you mean `repeat`?"],
    ["anser b", "Did you mean `answer b`?"],
    ["dialy c", "Did you mean `daily c`?"],
    ["exit", "Did you mean `quit`?"],
    ["next", "Did you mean `skip`?"],
  ])("%s", (text, expected) => {
    expect(hint(text)).toContain(expected);
  });

  it.each(["constructor", "__proto__", "constructor x"])(
    "finds no synonym on Object's prototype for %s",
    (text) => {
      expect(hint(text)).toBe("Try `help` for the list, or `lookup <term>` to find a topic.");
    },
  );
});
