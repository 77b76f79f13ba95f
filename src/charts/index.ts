/**
 * PNG charts for the bot's views: a member's stats, how a channel answered, the leaderboard.
 * Platform-neutral and store-neutral: callers (the adapters, the app) pass plain data in and
 * get `{ png, width, height, alt }` back. src/core never imports this folder.
 */
export { answerAltText } from "./answers/alt.js";
export type { AnswerChartData } from "./answers/data.js";
export { ANSWER_WIDTH, answerChartHeight, renderAnswerChart } from "./answers/render.js";
export { LIMITS } from "./bounds.js";
export { ChartCache, type ChartCacheOptions } from "./cache.js";
export type { ChartImage } from "./draw.js";
export { registerFonts } from "./fonts.js";
export { leaderboardAltText } from "./leaderboard/alt.js";
export type { LeaderboardCardData } from "./leaderboard/data.js";
export {
  LEADERBOARD_WIDTH,
  leaderboardCardHeight,
  renderLeaderboardCard,
} from "./leaderboard/render.js";
export { statsAltText } from "./stats/alt.js";
export type { StatsChartData } from "./stats/data.js";
export { renderStatsChart, STATS_HEIGHT, STATS_WIDTH } from "./stats/render.js";
