import type { SKRSContext2D } from "@napi-rs/canvas";
import { type Box, emptyNote, roundRect, text } from "../draw.js";
import { percent } from "../text.js";
import { THEME } from "../theme.js";
import type { StatsSummary } from "./data.js";

/** One horizontal bar per area, 0–100%, the weakest in orange, names ellipsised to fit. */
export function drawMastery(ctx: SKRSContext2D, box: Box, s: StatsSummary): void {
  if (s.areas.length === 0) {
    emptyNote(ctx, box, "No areas studied yet");
    return;
  }
  // Rows share the height, up to a comfortable 28 px; the font follows the row.
  const row = Math.min(28, box.height / s.areas.length);
  const size = Math.max(10, Math.min(13, Math.floor(row * 0.62)));
  const nameWidth = Math.round(box.width * 0.42);
  const valueWidth = 40;
  const barX = box.x + nameWidth + 8;
  const barWidth = box.width - nameWidth - 8 - valueWidth;
  const barHeight = Math.max(4, Math.min(14, row * 0.56));

  for (const [i, a] of s.areas.entries()) {
    const cy = box.y + i * row + row / 2;
    text(ctx, a.title, box.x, cy, { size, baseline: "middle", maxWidth: nameWidth });
    const track = { x: barX, y: cy - barHeight / 2, width: barWidth, height: barHeight };
    roundRect(ctx, track, barHeight / 2);
    ctx.fillStyle = THEME.track;
    ctx.fill();
    if (a.mastery > 0) {
      roundRect(ctx, { ...track, width: Math.max(barHeight, barWidth * a.mastery) }, barHeight / 2);
      ctx.fillStyle = a === s.weakest && s.areas.length > 1 ? THEME.accuracy : THEME.points;
      ctx.fill();
    }
    text(ctx, `${percent(a.mastery)}%`, box.x + box.width, cy, {
      size,
      weight: "bold",
      align: "right",
      baseline: "middle",
    });
  }
}
