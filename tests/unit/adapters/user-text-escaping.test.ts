import { describe, expect, it } from "vitest";
import { renderText } from "../../../src/adapters/console/render.js";
import { renderDiscord } from "../../../src/adapters/discord/render.js";
import { renderSlack } from "../../../src/adapters/slack/blocks.js";
import { USER_CLOSE, USER_OPEN, userText } from "../../../src/core/user-text.js";
import type { View } from "../../../src/core/views.js";

const NITRO = "[Claim Nitro](https://evil.example) @everyone <@123> <#9> <@&7>";
const SLACK = "<!channel> *bold* &amp; _it_ ~st~ `code` <https://evil.example|click>";
const MARKERS = /[\uE000\uE001]/;

/** A view with user text in every field a renderer reads, long enough to be cut anywhere. */
function everywhere(name: string, repeat = 1): View {
  const u = (extra = "") => userText(`${name.repeat(repeat)}${extra}`);
  return {
    ephemeral: false,
    tone: "info",
    title: `Stats: ${u()}`,
    text: `${u()} joined team **${u()}**. Did you mean \`lookup ${u()}\`?`,
    fields: [
      { name: `Team ${u()}`, value: `1. ${u()}`, inline: true },
      { name: "Right", value: `${u()}\n${u()}` },
    ],
    question: {
      askId: "ask1",
      kind: "multi",
      picks: 2,
      options: ["A", "B", "C"].map((letter) => ({
        letter,
        text: `${letter} ${u()}`,
        actionId: `v1:a:ask1:${letter}`,
      })),
      submitActionId: "v1:s:ask1",
    },
    buttons: [{ label: `Quiz ${u()}`, actionId: "v1:q:x", command: `quiz ${u()}` }],
    footer: `by ${u()} · \`review\``,
  };
}

describe("user text in rendered messages", () => {
  it("never leaves a marker in any field, cut or not, on any platform", () => {
    for (const name of [NITRO, SLACK]) {
      for (const repeat of [1, 80]) {
        const view = everywhere(name, repeat);
        const single = { ...view, question: { ...view.question!, kind: "single" as const } };
        for (const v of [view, single]) {
          expect(JSON.stringify(renderDiscord(v))).not.toMatch(MARKERS);
          expect(JSON.stringify(renderSlack(v))).not.toMatch(MARKERS);
          expect(renderText(v)).not.toMatch(MARKERS);
        }
      }
    }
    // Markers that pair with nothing (never made by userText) are dropped too.
    const stray: View = { ephemeral: true, tone: "info", text: `a${USER_CLOSE}b${USER_OPEN}c` };
    expect(renderDiscord(stray).embeds[0]!.description).toBe("abc");
    expect(JSON.stringify(renderSlack(stray))).not.toMatch(MARKERS);
  });

  it("escapes Discord markdown and mentions in user text, and keeps the core's own", () => {
    const message = renderDiscord(everywhere(NITRO));
    const embed = message.embeds[0]!;
    const escaped =
      "\\[Claim Nitro\\]\\(https://evil.example\\) @\u200beveryone \\<@123\\> \\<\\#9\\> \\<@&7\\>";
    expect(embed.title).toBe(`Stats: ${escaped}`);
    expect(embed.description).toContain(`${escaped} joined team **${escaped}**.`);
    // Inside the core's `code` nothing is read as markdown: the text stays as typed.
    expect(embed.description).toContain(`\`lookup ${NITRO}\``);
    expect(embed.fields![0]).toMatchObject({ name: `Team ${escaped}`, value: `1. ${escaped}` });
    // Footers and labels show no markdown: user text as it is, the core's backticks gone.
    expect(embed.footer!.text).toBe(`by ${NITRO} · review`);
    // No live link anywhere Discord reads markdown (outside the core's code spans).
    const markdown = [embed.title, embed.description!.replace(/`[^`]*`/g, "")];
    for (const f of embed.fields!) markdown.push(f.name, f.value);
    expect(markdown.join("\n")).not.toMatch(/(?<!\\)\[Claim Nitro(?<!\\)\]\(/);
    // And should escaping ever miss, nothing the bot sends may ping.
    expect(message.allowedMentions).toEqual({ parse: [] });
    expect(message.allowed_mentions).toEqual({ parse: [] });
  });

  it("escapes headings, lists, quotes, spoilers and formatting in Discord user text", () => {
    const line = (name: string) =>
      renderDiscord({ ephemeral: false, tone: "info", text: `${userText(name)} joined` }).embeds[0]!
        .description;
    expect(line("# Big")).toBe("\\# Big joined");
    expect(line("-# small")).toBe("\\-\\# small joined");
    expect(line("> quote")).toBe("\\> quote joined");
    expect(line("1. first")).toBe("1\\. first joined");
    expect(line("**b** _i_ ~~s~~ ||spoiler|| `c` \\")).toBe(
      "\\*\\*b\\*\\* \\_i\\_ \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| \\`c\\` \\\\ joined",
    );
    expect(line("@here and @Everyone")).toBe("@\u200bhere and @\u200bEveryone joined");
  });

  it("escapes Slack's & < > and mrkdwn in user text, and keeps the core's own", () => {
    const message = renderSlack(everywhere(SLACK));
    // Everything Slack reads as mrkdwn: the fallback text and every mrkdwn text object.
    const mrkdwn = [message.text];
    JSON.stringify(message.blocks, (_key, value: unknown) => {
      if (value && typeof value === "object" && "type" in value && value.type === "mrkdwn")
        mrkdwn.push(String("text" in value ? value.text : ""));
      return value;
    });
    const json = mrkdwn.join("\n");
    const escaped =
      "&lt;!channel&gt; ∗bold∗ &amp;amp; ˍitˍ ∼st∼ ˋcodeˋ &lt;https://evil.example|click&gt;";
    const section = message.blocks.find((b) => b.type === "section" && b.text);
    expect(section?.type === "section" && section.text?.text).toBe(
      `${escaped} joined team *${escaped}*. Did you mean \`lookup ${"&lt;!channel&gt; *bold* &amp;amp; _it_ ~st~ ˋcodeˋ &lt;https://evil.example|click&gt;"}\`?`,
    );
    expect(message.text).toBe(`Stats: ${escaped}`);
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<https://evil.example");
    // plain_text (header, buttons) shows text as it is: nothing to escape there.
    expect(message.blocks[0]).toMatchObject({ type: "header", text: { text: `Stats: ${SLACK}` } });
    const quote = renderSlack({ ephemeral: false, tone: "info", text: `${userText("> hi")} won` });
    expect(JSON.stringify(quote.blocks)).toContain('"\u200b&gt; hi won"');
  });

  it("shows user text exactly as typed in the console", () => {
    const out = renderText(everywhere("**Bob** `x`"));
    expect(out).toContain("Stats: **Bob** `x`");
    expect(out).toContain("**Bob** `x` joined team **Bob** `x`. Did you mean lookup **Bob** `x`?");
  });
});
