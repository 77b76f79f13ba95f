import type { ChartRequest } from "../core/chart-data.js";
import type { ChartCache } from "./cache.js";
import type { ChartImage } from "./draw.js";

/** A rendered picture as the adapters send it: the PNG, its size, its alt text and a file name. */
export interface RenderedChart extends ChartImage {
  /** "stats.png", "answers.png", "leaderboard.png": what the platform shows as the file. */
  name: string;
}

type Renderers = typeof import("./index.js");
let renderers: Promise<Renderers> | undefined;
let cache: ChartCache | undefined;

/**
 * Renders a view's picture, or null when it cannot (the native canvas failed to load, a render
 * threw): the view's text is whole without it. The canvas and its font load on the first
 * picture, not at start-up; pictures with a key are cached (bounded by count and bytes).
 */
export async function renderChart(
  request: ChartRequest,
  onError?: (error: unknown) => void,
): Promise<RenderedChart | null> {
  try {
    renderers ??= import("./index.js");
    const charts = await renderers;
    cache ??= new charts.ChartCache();
    const draw = (): Promise<ChartImage> => {
      switch (request.kind) {
        case "stats":
          return charts.renderStatsChart(request.data);
        case "answers":
          return charts.renderAnswerChart(request.data);
        case "leaderboard":
          return charts.renderLeaderboardCard(request.data);
      }
    };
    const image = request.key ? await cache.getOrRender(request.key, draw) : await draw();
    return { ...image, name: `${request.kind}.png` };
  } catch (error) {
    // Forget a failed load, so a later picture tries again.
    renderers = undefined;
    onError?.(error);
    return null;
  }
}
