import type { SKRSContext2D } from "@napi-rs/canvas";
import {
  type ChartImage,
  checkMark,
  emptyNote,
  finish,
  roundRect,
  surface,
  text,
} from "../draw.js";
import { percent, plural } from "../text.js";
import { THEME } from "../theme.js";
import { answerAlt } from "./alt.js";
import { type AnswerBar, type AnswerChartData, summarizeAnswers } from "./data.js";

export const ANSWER_WIDTH = 800;
const HEADER = 60;
const ROW = 60;
const LEFT = 20;
const TEXT_X = 68;
const NUMBERS_WIDTH = 150;

/** The PNG's height for this many options: 60 for the heading, 60 a row (at least one). */
export function answerChartHeight(options: number): number {
  return HEADER + ROW * Math.max(1, options);
}

/**
 * A bar per option: how many of the people who answered picked it. Right options are green,
 * carry a check mark and the word "right", so the answer is not told by colour alone.
 */
export async function renderAnswerChart(data: AnswerChartData): Promise<ChartImage> {
  const s = summarizeAnswers(data);
  const height = answerChartHeight(s.options.length);
  const { canvas, ctx } = surface(ANSWER_WIDTH, height);
  roundRect(ctx, { x: 8, y: 8, width: ANSWER_WIDTH - 16, height: height - 16 }, 12);
  ctx.fillStyle = THEME.panel;
  ctx.fill();

  const total = s.answered === 0 ? "No answers" : plural(s.answered, "answer");
  const totalWidth = text(ctx, total, ANSWER_WIDTH - LEFT, 40, {
    size: 14,
    color: THEME.muted,
    align: "right",
  });
  text(ctx, s.title || "How the channel answered", LEFT, 40, {
    size: 18,
    weight: "bold",
    maxWidth: ANSWER_WIDTH - 2 * LEFT - totalWidth - 16,
  });

  if (s.options.length === 0) {
    emptyNote(ctx, { x: 0, y: HEADER, width: ANSWER_WIDTH, height: ROW - 8 }, "No options to show");
  }
  for (const [i, option] of s.options.entries()) drawRow(ctx, HEADER + i * ROW, option);
  return finish(canvas, answerAlt(s));
}

function drawRow(ctx: SKRSContext2D, y: number, o: AnswerBar): void {
  const colour = o.correct ? THEME.right : THEME.wrong;
  // The letter in a badge.
  ctx.beginPath();
  ctx.arc(LEFT + 16, y + 28, 16, 0, Math.PI * 2);
  ctx.fillStyle = colour;
  ctx.fill();
  text(ctx, o.letter, LEFT + 16, y + 29, {
    size: 15,
    weight: "bold",
    color: "#ffffff",
    align: "center",
    baseline: "middle",
  });

  const barWidth = ANSWER_WIDTH - TEXT_X - NUMBERS_WIDTH - LEFT;
  text(ctx, o.text || "(no text)", TEXT_X, y + 20, {
    size: 14,
    weight: o.correct ? "bold" : "normal",
    maxWidth: barWidth,
  });
  const track = { x: TEXT_X, y: y + 30, width: barWidth, height: 16 };
  roundRect(ctx, track, 8);
  ctx.fillStyle = o.correct ? THEME.rightSoft : THEME.track;
  ctx.fill();
  if (o.count > 0) {
    roundRect(ctx, { ...track, width: Math.max(16, barWidth * o.share) }, 8);
    ctx.fillStyle = colour;
    ctx.fill();
  }

  const right = ANSWER_WIDTH - LEFT;
  text(ctx, `${o.count} (${percent(o.share)}%)`, right, y + 26, {
    size: 15,
    weight: "bold",
    align: "right",
  });
  if (o.correct) {
    const labelWidth = text(ctx, "right", right, y + 46, {
      size: 13,
      weight: "bold",
      color: THEME.right,
      align: "right",
    });
    checkMark(ctx, right - labelWidth - 18, y + 35, 13, THEME.right);
  }
}
