import { describe, expect, it } from "vitest";
import { COMMAND_WORDS } from "../../../src/core/commands.js";
import { UserError } from "../../../src/core/errors.js";
import { parseCommand } from "../../../src/core/parse.js";
import { suggestCommand } from "../../../src/core/suggest.js";
import { stripMarkers } from "../../../src/core/user-text.js";
import { allText, ctx, makeBot } from "../../helpers/bot.js";

/** What the parser says of a line: the command, or the message it refuses it with. */
function parsed(line: string): string {
  try {
    return parseCommand(line).name;
  } catch (error) {
    if (error instanceof UserError) return stripMarkers(error.message);
    throw error;
  }
}

describe("the one command table", () => {
  it("is what the parser knows: every word and alias is a command, not an unknown one", () => {
    for (const command of COMMAND_WORDS) {
      for (const word of [command.word, ...command.aliases]) {
        expect(parsed(word), word).not.toMatch(/I don't know the command/);
        if (command.bare) expect(parseCommand(word), word).toEqual(command.bare);
      }
    }
    expect(parsed("frobnicate")).toMatch(/I don't know the command/);
  });

  it("is what suggestions are close to", () => {
    for (const { word } of COMMAND_WORDS.filter((c) => c.word.length >= 5)) {
      const typo = `${word.slice(0, -1)}x`; // one slip at the end
      expect(suggestCommand(typo), typo).toBe(word);
    }
  });

  it("is what help lists, each with its usage, typed ones only where people type", async () => {
    const { bot } = makeBot();
    const typed = allText(await bot.runText(ctx("alice"), "help"));
    const clicked = allText(await bot.runText(ctx("alice", { typedAnswers: false }), "help"));
    for (const command of COMMAND_WORDS) {
      const line = command.usage ? `${command.word} ${command.usage}` : command.word;
      expect(typed, line).toContain(`\`${line}\``);
      if (command.typedOnly) expect(clicked, line).not.toContain(`\`${line}\``);
      else expect(clicked, line).toContain(`\`${line}\``);
    }
    expect(clicked).toContain("`session`");
  });
});
