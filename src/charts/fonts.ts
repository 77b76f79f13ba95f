import { createRequire } from "node:module";
import { GlobalFonts } from "@napi-rs/canvas";

/**
 * The one typeface the charts draw with, shipped through npm (@fontsource/noto-sans, SIL OFL
 * 1.1) because a slim container has no system fonts at all, and @napi-rs/canvas then draws
 * every letter as nothing. Fontsource splits the font into script subsets; registering each
 * under one family name lets Skia pick, glyph by glyph, the subset that has it.
 */
export const FONT_FAMILY = "Studybot Sans";

/** Latin with its extensions, Greek, Cyrillic and Vietnamese: what display names mostly use. */
const SUBSETS = [
  "latin",
  "latin-ext",
  "greek",
  "greek-ext",
  "cyrillic",
  "cyrillic-ext",
  "vietnamese",
];
const WEIGHTS = [400, 700] as const;

// Resolved through the package's exports from this module's own URL, so the same code finds the
// files from src/ under tsx and vitest and from dist/ under node.
const require = createRequire(import.meta.url);

let registered: number | undefined;

/**
 * Registers the font files once per process (the first render calls it); returns how many
 * registered. Zero means the package is missing: text then falls back to system fonts, where any.
 */
export function registerFonts(): number {
  if (registered !== undefined) return registered;
  registered = 0;
  for (const weight of WEIGHTS) {
    for (const subset of SUBSETS) {
      try {
        const path = require.resolve(
          `@fontsource/noto-sans/files/noto-sans-${subset}-${weight}-normal.woff2`,
        );
        if (GlobalFonts.registerFromPath(path, FONT_FAMILY)) registered++;
      } catch {
        // A missing subset costs its script's letters, not the chart.
      }
    }
  }
  return registered;
}

/** A CSS font string: our family first, then whatever the system has (CJK, emoji). */
export function font(size: number, weight: "normal" | "bold" = "normal"): string {
  return `${weight === "bold" ? "bold " : ""}${size}px "${FONT_FAMILY}", sans-serif`;
}
