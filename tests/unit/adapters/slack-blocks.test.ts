import { describe, expect, it } from "vitest";
import { renderSlack } from "../../../src/adapters/slack/blocks.js";
import { SLACK_LIMITS } from "../../../src/adapters/slack/limits.js";
import type { View } from "../../../src/core/views.js";

describe("the Slack renderer", () => {
  it("truncates everything to Block Kit's limits instead of failing", () => {
    const long = "x".repeat(20_000);
    const view: View = {
      ephemeral: true,
      tone: "info",
      title: long,
      text: long,
      fields: Array.from({ length: 30 }, (_, i) => ({
        name: `f${i}`,
        value: long,
        inline: i % 2 === 0,
      })),
      buttons: Array.from({ length: 8 }, (_, i) => ({
        label: long,
        actionId: `v1:q:t${i}`,
        command: long,
      })),
      footer: long,
    };
    const message = renderSlack(view);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(JSON.stringify(message.blocks).length).toBeLessThanOrEqual(SLACK_LIMITS.totalChars);
    expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
    for (const block of message.blocks) {
      if (block.type === "header")
        expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
      if (block.type === "section" && block.text)
        expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      if (block.type === "section" && block.fields)
        expect(block.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
      if (block.type === "actions") {
        expect(block.elements.length).toBeLessThanOrEqual(5);
        for (const e of block.elements) {
          if (e.type === "button")
            expect(e.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
        }
      }
    }
  });

  it("renders single answers as letter buttons and Select TWO as checkboxes with a submit", () => {
    const options = ["A", "B", "C", "D", "E"].map((letter) => ({
      letter,
      text: `option ${letter}`,
      actionId: `v1:a:ask1:${letter}`,
    }));
    const single = renderSlack({
      ephemeral: true,
      tone: "info",
      text: "Q?",
      question: { askId: "ask1", kind: "single", picks: 1, options: options.slice(0, 4) },
    });
    const buttons = single.blocks.find((b) => b.type === "actions");
    expect(
      buttons?.type === "actions" &&
        buttons.elements.map((e) => (e.type === "button" ? e.action_id : "")),
    ).toEqual(["v1:a:ask1:A", "v1:a:ask1:B", "v1:a:ask1:C", "v1:a:ask1:D"]);
    const multi = renderSlack({
      ephemeral: true,
      tone: "info",
      text: "Q? (Select TWO.)",
      question: { askId: "ask1", kind: "multi", picks: 2, options, submitActionId: "v1:s:ask1" },
    });
    const kinds = multi.blocks.flatMap((b) =>
      b.type === "actions" ? b.elements.map((e) => e.type) : [],
    );
    expect(kinds).toEqual(["checkboxes", "button"]);
    expect(JSON.stringify(multi.blocks)).toContain('"block_id":"pick:ask1"');
  });

  it("turns **bold** into Slack's *bold*", () => {
    const message = renderSlack({ ephemeral: true, tone: "info", text: "**Blue** team" });
    expect(JSON.stringify(message.blocks)).toContain("*Blue* team");
  });
});
