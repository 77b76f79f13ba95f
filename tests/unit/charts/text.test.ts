import { createCanvas } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { font, registerFonts } from "../../../src/charts/fonts.js";
import { clampText, ellipsize, formatDay, plain } from "../../../src/charts/text.js";

describe("plain", () => {
  it("makes one safe line: no control, direction or marker characters", () => {
    expect(plain("\uE000Ana\uE001\n\u202Eb\u0007c\t d  ")).toBe("Ana bc d");
  });

  it("keeps markup as typed: canvas text is never interpreted", () => {
    expect(plain("**x** <@1> `y`")).toBe("**x** <@1> `y`");
  });
});

describe("ellipsize", () => {
  registerFonts();
  const ctx = createCanvas(10, 10).getContext("2d");
  ctx.font = font(14);

  it("leaves text that fits alone", () => {
    expect(ellipsize(ctx, "Short", 200)).toBe("Short");
  });

  it("cuts text that does not fit to the width, ending in an ellipsis", () => {
    const long = "A very long name ".repeat(10);
    const cut = ellipsize(ctx, long, 150);
    expect(cut.endsWith("…")).toBe(true);
    expect(ctx.measureText(cut).width).toBeLessThanOrEqual(150);
    // As long as fits, give or take a character.
    expect(ctx.measureText(cut).width).toBeGreaterThan(150 - ctx.measureText("MM").width);
  });

  it("never cuts inside an emoji", () => {
    const cut = ellipsize(ctx, "👩‍👩‍👧‍👦".repeat(30), 60);
    expect(cut.endsWith("…")).toBe(true);
    expect(cut.replace(/(👩‍👩‍👧‍👦)+…$/u, "")).toBe("");
  });
});

describe("clampText", () => {
  it("cuts at a sentence or a word, within the limit", () => {
    expect(clampText("First sentence here. Then more words", 30)).toBe("First sentence here.");
    expect(clampText("alpha beta gamma delta", 15)).toBe("alpha beta…");
    expect(clampText("short", 15)).toBe("short");
  });

  it("never splits a surrogate pair", () => {
    const cut = clampText("🎉".repeat(20), 9);
    expect(cut.length).toBeLessThanOrEqual(9);
    expect(cut).toBe("🎉🎉🎉🎉…");
  });
});

describe("formatDay", () => {
  it("names a UTC day", () => {
    expect(formatDay("2024-12-04")).toBe("Dec 4");
  });
});
