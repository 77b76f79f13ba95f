import type { SKRSContext2D } from "@napi-rs/canvas";
import { type ChartImage, emptyNote, finish, roundRect, surface, text } from "../draw.js";
import { plural } from "../text.js";
import { THEME } from "../theme.js";
import { leaderboardAlt } from "./alt.js";
import { type LeaderboardCardData, type LeaderboardRow, summarizeLeaderboard } from "./data.js";

export const LEADERBOARD_WIDTH = 800;
const HEADER = 76;
const ROW = 52;
const FOOTER = 16;
const LEFT = 28;
const MEDALS = [THEME.gold, THEME.silver, THEME.bronze];

/** The PNG's height for this many rows (at least one, for the empty note). */
export function leaderboardCardHeight(rows: number): number {
  return HEADER + ROW * Math.max(1, rows) + FOOTER;
}

/** The top ten as a card: rank, name and points a row, the first three in medal colours. */
export async function renderLeaderboardCard(data: LeaderboardCardData): Promise<ChartImage> {
  const s = summarizeLeaderboard(data);
  const height = leaderboardCardHeight(s.rows.length);
  const { canvas, ctx } = surface(LEADERBOARD_WIDTH, height);
  roundRect(ctx, { x: 8, y: 8, width: LEADERBOARD_WIDTH - 16, height: height - 16 }, 14);
  ctx.fillStyle = THEME.panel;
  ctx.fill();
  text(ctx, s.title, LEFT, 50, {
    size: 22,
    weight: "bold",
    maxWidth: LEADERBOARD_WIDTH - 2 * LEFT,
  });
  if (s.rows.length === 0) {
    emptyNote(
      ctx,
      { x: 0, y: HEADER, width: LEADERBOARD_WIDTH, height: ROW },
      "Nobody has points in this period yet.",
    );
  }
  for (const [i, row] of s.rows.entries()) drawRow(ctx, HEADER + i * ROW, i, row);
  return finish(canvas, leaderboardAlt(s));
}

function drawRow(ctx: SKRSContext2D, y: number, index: number, r: LeaderboardRow): void {
  if (index % 2 === 0) {
    roundRect(ctx, { x: 16, y: y + 2, width: LEADERBOARD_WIDTH - 32, height: ROW - 4 }, 8);
    ctx.fillStyle = THEME.background;
    ctx.fill();
  }
  const cy = y + ROW / 2;
  const medal = MEDALS[r.rank - 1];
  ctx.beginPath();
  ctx.arc(LEFT + 18, cy, 17, 0, Math.PI * 2);
  ctx.fillStyle = medal ?? THEME.track;
  ctx.fill();
  text(ctx, String(r.rank), LEFT + 18, cy + 1, {
    size: r.rank > 99 ? 11 : 15,
    weight: "bold",
    color: medal ? "#ffffff" : THEME.text,
    align: "center",
    baseline: "middle",
    maxWidth: 32,
  });

  const right = LEADERBOARD_WIDTH - LEFT;
  const pointsWidth = text(ctx, `${r.points} pts`, right, cy, {
    size: 17,
    weight: "bold",
    align: "right",
    baseline: "middle",
  });
  const nameX = LEFT + 52;
  let nameRoom = right - pointsWidth - 24 - nameX;
  if (r.members !== null) {
    const size = plural(r.members, "member");
    const sizeWidth = text(ctx, size, right - pointsWidth - 24, cy, {
      size: 13,
      color: THEME.muted,
      align: "right",
      baseline: "middle",
    });
    nameRoom -= sizeWidth + 16;
  }
  text(ctx, r.name, nameX, cy, {
    size: 17,
    weight: r.rank <= 3 ? "bold" : "normal",
    baseline: "middle",
    maxWidth: nameRoom,
  });
}
