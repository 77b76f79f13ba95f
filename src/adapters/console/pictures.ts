import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderChart } from "../../charts/request.js";
import type { View } from "../../core/views.js";

/** Where the console writes pictures: a terminal shows none, so they go to files. */
export const PICTURES_DIR = join(tmpdir(), "studybot-pictures");
let written = 0;

/**
 * The line that tells where a view's picture was written, with what it shows in words; empty
 * when the view has none or it cannot be drawn (the text says it all anyway).
 */
export async function pictureLine(view: View, dir = PICTURES_DIR): Promise<string> {
  if (!view.image) return "";
  const chart = await renderChart(view.image);
  if (!chart) return "";
  mkdirSync(dir, { recursive: true });
  written += 1;
  const file = join(dir, `${chart.name.replace(/\.png$/, "")}-${process.pid}-${written}.png`);
  writeFileSync(file, chart.png);
  return `🖼️  Picture: ${file}\n   ${chart.alt}`;
}
