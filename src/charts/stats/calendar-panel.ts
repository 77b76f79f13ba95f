import type { SKRSContext2D } from "@napi-rs/canvas";
import { type Box, roundRect, text } from "../draw.js";
import { plural } from "../text.js";
import { THEME } from "../theme.js";
import type { StatsSummary } from "./data.js";

const WEEKDAYS = ["Mon", "", "Wed", "", "Fri", "", "Sun"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The last weeks as a grid (a column a week, Monday on top), days studied filled; the streak. */
export function drawCalendar(ctx: SKRSContext2D, box: Box, s: StatsSummary): void {
  const side = 170;
  const labels = 34;
  const weeks = s.calendar.length;
  const cell = Math.floor(Math.min((box.width - side - labels) / weeks, (box.height - 22) / 7));
  const gap = Math.max(2, Math.round(cell * 0.16));
  const x0 = box.x + labels;
  const y0 = box.y + 20;

  for (const [row, name] of WEEKDAYS.entries()) {
    if (name) {
      text(ctx, name, box.x, y0 + row * cell + cell / 2, {
        size: 11,
        color: THEME.muted,
        baseline: "middle",
      });
    }
  }
  let lastMonth = -1;
  for (const [w, week] of s.calendar.entries()) {
    const month = Number(week[0]!.day.slice(5, 7)) - 1;
    if (month !== lastMonth) {
      text(ctx, MONTHS[month] ?? "", x0 + w * cell, box.y + 10, { size: 11, color: THEME.muted });
      lastMonth = month;
    }
    for (const [row, d] of week.entries()) {
      const square = {
        x: x0 + w * cell + gap / 2,
        y: y0 + row * cell + gap / 2,
        width: cell - gap,
        height: cell - gap,
      };
      roundRect(ctx, square, 3);
      if (d.future) {
        ctx.strokeStyle = THEME.grid;
        ctx.lineWidth = 1;
        ctx.stroke();
        continue;
      }
      ctx.fillStyle = d.studied ? THEME.studied : THEME.notStudied;
      ctx.fill();
      if (d.day === s.today) {
        ctx.strokeStyle = THEME.text;
        ctx.lineWidth = 2;
        ctx.stroke();
      }
    }
  }

  const sx = x0 + weeks * cell + 24;
  const cy = box.y + box.height / 2;
  text(ctx, String(s.streak), sx, cy - 8, { size: 44, weight: "bold", color: THEME.points });
  text(ctx, "day streak", sx, cy + 16, {
    size: 14,
    weight: "bold",
    maxWidth: box.x + box.width - sx,
  });
  text(ctx, `${plural(s.daysStudied, "day")} studied`, sx, cy + 38, {
    size: 12,
    color: THEME.muted,
    maxWidth: box.x + box.width - sx,
  });
  text(ctx, "in the last 30 days", sx, cy + 54, {
    size: 12,
    color: THEME.muted,
    maxWidth: box.x + box.width - sx,
  });
}
