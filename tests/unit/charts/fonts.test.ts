import { GlobalFonts } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { FONT_FAMILY, font, registerFonts } from "../../../src/charts/fonts.js";

describe("registerFonts", () => {
  it("registers the shipped font's subsets in both weights, once", () => {
    const first = registerFonts();
    expect(first).toBe(14);
    expect(registerFonts()).toBe(first);
    const family = GlobalFonts.families.find((f) => f.family === FONT_FAMILY);
    expect(family?.styles.filter((s) => s.weight === 400)).toHaveLength(7);
    expect(family?.styles.filter((s) => s.weight === 700)).toHaveLength(7);
  });

  it("names our family first in every font string", () => {
    expect(font(13)).toBe('13px "Studybot Sans", sans-serif');
    expect(font(22, "bold")).toBe('bold 22px "Studybot Sans", sans-serif');
  });
});
