import type { SKRSContext2D } from "@napi-rs/canvas";
import { type Box, emptyNote, niceStep, text } from "../draw.js";
import { formatDay } from "../text.js";
import { THEME } from "../theme.js";
import type { StatsSummary } from "./data.js";

/** Points per day as bars on the left axis, accuracy as a line on the right one (0–100%). */
export function drawDaily(ctx: SKRSContext2D, box: Box, s: StatsSummary): void {
  legend(ctx, box);
  const plot = {
    x: box.x + 34,
    y: box.y + 26,
    width: box.width - 34 - 40,
    height: box.height - 50,
  };
  const top = niceStep(Math.max(...s.days.map((d) => d.points)), 4) * 4;
  gridAndAxes(ctx, plot, top);

  const slot = plot.width / s.days.length;
  const barWidth = Math.max(2, slot * 0.68);
  ctx.fillStyle = THEME.points;
  for (const [i, d] of s.days.entries()) {
    if (d.points === 0) continue;
    const h = Math.max(1, (d.points / top) * plot.height);
    ctx.fillRect(plot.x + i * slot + (slot - barWidth) / 2, plot.y + plot.height - h, barWidth, h);
  }
  accuracyLine(ctx, plot, s, slot);

  // Labels every 7 days, counted back from today so today is always labelled.
  for (let i = s.days.length - 1; i >= 0; i -= 7) {
    text(ctx, formatDay(s.days[i]!.day), plot.x + (i + 0.5) * slot, plot.y + plot.height + 16, {
      size: 11,
      color: THEME.muted,
      align: "center",
    });
  }
  if (s.answered === 0 && s.points === 0) {
    emptyNote(ctx, plot, "No answers in the last 30 days yet");
  }
}

function legend(ctx: SKRSContext2D, box: Box): void {
  const y = box.y + 8;
  let x = box.x + box.width;
  x -= text(ctx, "Accuracy", x, y, {
    size: 12,
    color: THEME.muted,
    align: "right",
    baseline: "middle",
  });
  ctx.strokeStyle = THEME.accuracy;
  ctx.lineWidth = 2.5;
  ctx.beginPath();
  ctx.moveTo(x - 26, y);
  ctx.lineTo(x - 8, y);
  ctx.stroke();
  x -= 40;
  x -= text(ctx, "Points", x, y, {
    size: 12,
    color: THEME.muted,
    align: "right",
    baseline: "middle",
  });
  ctx.fillStyle = THEME.points;
  ctx.fillRect(x - 20, y - 6, 12, 12);
}

function gridAndAxes(ctx: SKRSContext2D, plot: Box, top: number): void {
  ctx.lineWidth = 1;
  for (let step = 0; step <= 4; step++) {
    const y = Math.round(plot.y + plot.height - (step / 4) * plot.height) + 0.5;
    ctx.strokeStyle = step === 0 ? THEME.border : THEME.grid;
    ctx.beginPath();
    ctx.moveTo(plot.x, y);
    ctx.lineTo(plot.x + plot.width, y);
    ctx.stroke();
    const label = { size: 11, color: THEME.muted, baseline: "middle" as const };
    text(ctx, String((top * step) / 4), plot.x - 6, y, { ...label, align: "right" });
    text(ctx, `${step * 25}%`, plot.x + plot.width + 6, y, { ...label, color: THEME.accuracy });
  }
}

/** Dots on the days answered, joined only between days next to each other: no line over gaps. */
function accuracyLine(ctx: SKRSContext2D, plot: Box, s: StatsSummary, slot: number): void {
  const at = (i: number, share: number) => ({
    x: plot.x + (i + 0.5) * slot,
    y: plot.y + plot.height - share * plot.height,
  });
  ctx.strokeStyle = THEME.accuracy;
  ctx.fillStyle = THEME.accuracy;
  ctx.lineWidth = 2.5;
  ctx.lineJoin = "round";
  let previous: { x: number; y: number } | null = null;
  for (const [i, d] of s.days.entries()) {
    if (d.answered === 0) {
      previous = null;
      continue;
    }
    const point = at(i, d.correct / d.answered);
    if (previous) {
      ctx.beginPath();
      ctx.moveTo(previous.x, previous.y);
      ctx.lineTo(point.x, point.y);
      ctx.stroke();
    }
    // A white ring keeps the dot visible where it sits on a bar.
    ctx.beginPath();
    ctx.arc(point.x, point.y, 4, 0, Math.PI * 2);
    ctx.fill();
    ctx.strokeStyle = THEME.panel;
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.strokeStyle = THEME.accuracy;
    ctx.lineWidth = 2.5;
    previous = point;
  }
}
