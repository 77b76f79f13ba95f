import { type ChartImage, finish, panel, surface, text } from "../draw.js";
import { formatDay } from "../text.js";
import { THEME } from "../theme.js";
import { statsAlt } from "./alt.js";
import { drawCalendar } from "./calendar-panel.js";
import { drawDaily } from "./daily-panel.js";
import { type StatsChartData, summarize } from "./data.js";
import { drawForecast } from "./forecast-panel.js";
import { drawMastery } from "./mastery-panel.js";

export const STATS_WIDTH = 1000;
export const STATS_HEIGHT = 700;

const MARGIN = 16;
const HEADER = 56;
const LEFT_WIDTH = 560;

/**
 * One member's progress as a 1000×700 PNG: points and accuracy per day, the study-day calendar
 * with the streak, the due forecast and mastery per area. Never throws on odd or empty data.
 */
export async function renderStatsChart(data: StatsChartData): Promise<ChartImage> {
  const s = summarize(data);
  const { canvas, ctx } = surface(STATS_WIDTH, STATS_HEIGHT);
  // A member with nothing yet still sees the four panels, each saying what will show there.
  const note = s.empty
    ? "Nothing yet: answer a few questions to fill this in."
    : `Up to ${formatDay(s.today)} (UTC)`;
  const noteWidth = text(ctx, note, STATS_WIDTH - MARGIN, 36, {
    size: 13,
    color: THEME.muted,
    align: "right",
  });
  const title = s.memberName ? `Stats: ${s.memberName}` : "Stats";
  text(ctx, title, MARGIN, 36, {
    size: 22,
    weight: "bold",
    maxWidth: STATS_WIDTH - 3 * MARGIN - noteWidth,
  });

  const top = HEADER;
  const height = STATS_HEIGHT - HEADER - MARGIN;
  const rightX = MARGIN + LEFT_WIDTH + MARGIN;
  const rightWidth = STATS_WIDTH - rightX - MARGIN;
  const dailyHeight = 340;
  const forecastHeight = 220;
  drawDaily(
    ctx,
    panel(ctx, { x: MARGIN, y: top, width: LEFT_WIDTH, height: dailyHeight }, "Last 30 days"),
    s,
  );
  drawCalendar(
    ctx,
    panel(
      ctx,
      {
        x: MARGIN,
        y: top + dailyHeight + MARGIN,
        width: LEFT_WIDTH,
        height: height - dailyHeight - MARGIN,
      },
      "Study days (12 weeks)",
    ),
    s,
  );
  drawForecast(
    ctx,
    panel(ctx, { x: rightX, y: top, width: rightWidth, height: forecastHeight }, "Reviews due"),
    s,
  );
  drawMastery(
    ctx,
    panel(
      ctx,
      {
        x: rightX,
        y: top + forecastHeight + MARGIN,
        width: rightWidth,
        height: height - forecastHeight - MARGIN,
      },
      "Mastery per area",
    ),
    s,
  );
  return finish(canvas, statsAlt(s));
}
