import type { SKRSContext2D } from "@napi-rs/canvas";
import { type Box, emptyNote, niceStep, text } from "../draw.js";
import { THEME } from "../theme.js";
import type { StatsSummary } from "./data.js";

const WEEKDAY_LETTERS = ["S", "M", "T", "W", "T", "F", "S"];

/** Cards due per day for the next 14 days, the count written over each bar. */
export function drawForecast(ctx: SKRSContext2D, box: Box, s: StatsSummary): void {
  const plot = { x: box.x, y: box.y + 16, width: box.width, height: box.height - 50 };
  const top = niceStep(Math.max(...s.forecast.map((f) => f.due)));
  const slot = plot.width / s.forecast.length;
  const barWidth = slot * 0.64;
  const base = plot.y + plot.height;

  ctx.strokeStyle = THEME.border;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(plot.x, base + 0.5);
  ctx.lineTo(plot.x + plot.width, base + 0.5);
  ctx.stroke();

  for (const [i, f] of s.forecast.entries()) {
    const cx = plot.x + (i + 0.5) * slot;
    if (f.due > 0) {
      const h = Math.max(2, (f.due / top) * plot.height);
      ctx.fillStyle = i === 0 ? THEME.accuracy : THEME.points;
      ctx.fillRect(cx - barWidth / 2, base - h, barWidth, h);
      text(ctx, String(f.due), cx, base - h - 4, { size: 11, align: "center", maxWidth: slot });
    }
    const date = new Date(`${f.day}T00:00:00Z`);
    const label = { size: 10, color: THEME.muted, align: "center" as const };
    text(ctx, WEEKDAY_LETTERS[date.getUTCDay()]!, cx, base + 14, label);
    text(ctx, String(date.getUTCDate()), cx, base + 27, label);
  }
  text(ctx, "Today in orange, then the next 13 days", plot.x, base + 42, {
    size: 10,
    color: THEME.muted,
  });
  if (s.dueTotal === 0) emptyNote(ctx, plot, "Nothing due in the next 14 days");
}
