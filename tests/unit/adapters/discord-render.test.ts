import { describe, expect, it } from "vitest";
import { DISCORD_LIMITS as L } from "../../../src/adapters/discord/limits.js";
import { renderDiscord } from "../../../src/adapters/discord/render.js";
import type { View } from "../../../src/core/views.js";

describe("the Discord renderer", () => {
  it("keeps every limit the builders do not check, cutting instead of failing", () => {
    const long = "y".repeat(20_000);
    const view: View = {
      ephemeral: false,
      tone: "info",
      title: long,
      text: long,
      fields: Array.from({ length: 40 }, (_, i) => ({ name: `${i}${long}`, value: long })),
      buttons: Array.from({ length: 40 }, (_, i) => ({
        label: long,
        actionId: `v1:q:${"t".repeat(200)}${i}`,
        command: "x",
      })),
      footer: long,
    };
    const message = renderDiscord(view);
    const embed = message.embeds[0]!;
    const total =
      (embed.title?.length ?? 0) +
      (embed.description?.length ?? 0) +
      (embed.footer?.text.length ?? 0) +
      (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(L.embedTotal);
    expect(embed.title!.length).toBeLessThanOrEqual(L.embedTitle);
    expect(embed.fields!.length).toBeLessThanOrEqual(L.embedFields);
    for (const f of embed.fields!) {
      expect(f.name.length).toBeLessThanOrEqual(L.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(L.fieldValue);
    }
    expect(message.components.length).toBeLessThanOrEqual(L.rows);
    for (const row of message.components) {
      expect(row.components.length).toBeLessThanOrEqual(L.buttonsPerRow);
      for (const c of row.components) {
        if ("custom_id" in c) expect(c.custom_id.length).toBeLessThanOrEqual(L.customId);
        if ("label" in c && c.label) expect(c.label.length).toBeLessThanOrEqual(L.buttonLabel);
      }
    }
    expect(message.flags).toBeUndefined();
  });

  it("asks single answers with buttons, Select TWO with a two-pick select, privately when asked", () => {
    const options = ["A", "B", "C", "D", "E"].map((letter) => ({
      letter,
      text: `option ${letter}`,
      actionId: `v1:a:ask:${letter}`,
    }));
    const single = renderDiscord({
      ephemeral: true,
      tone: "info",
      text: "Q",
      question: { askId: "ask", kind: "single", picks: 1, options: options.slice(0, 4) },
    });
    expect(single.flags).toBe(64);
    expect(
      single.components[0]!.components.map((c) => ("custom_id" in c ? c.custom_id : "")),
    ).toEqual(["v1:a:ask:A", "v1:a:ask:B", "v1:a:ask:C", "v1:a:ask:D"]);
    const multi = renderDiscord({
      ephemeral: true,
      tone: "info",
      text: "Q",
      question: { askId: "ask", kind: "multi", picks: 2, options, submitActionId: "v1:s:ask" },
    });
    const select = multi.components[0]!.components[0]!;
    expect(select).toMatchObject({ type: 3, custom_id: "v1:s:ask", min_values: 2, max_values: 2 });
  });
});
