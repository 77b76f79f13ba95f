import { type Canvas, createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { font, registerFonts } from "./fonts.js";
import { ellipsize } from "./text.js";
import { THEME } from "./theme.js";

/** A rendered chart: the PNG, its size in pixels and what it shows in words. */
export interface ChartImage {
  png: Buffer;
  width: number;
  height: number;
  /** Alt text for the image, at most 1000 characters. */
  alt: string;
}

/** A rectangle in canvas pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A canvas of this size filled with the background, fonts registered. */
export function surface(width: number, height: number): { canvas: Canvas; ctx: SKRSContext2D } {
  registerFonts();
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = THEME.background;
  ctx.fillRect(0, 0, width, height);
  return { canvas, ctx };
}

/**
 * Encodes the canvas as PNG. `encode` runs on libuv's thread pool, so the event loop is free
 * while the costliest step runs.
 */
export async function finish(canvas: Canvas, alt: string): Promise<ChartImage> {
  const png = await canvas.encode("png");
  return { png, width: canvas.width, height: canvas.height, alt };
}

export function roundRect(ctx: SKRSContext2D, box: Box, radius: number): void {
  const r = Math.max(0, Math.min(radius, box.width / 2, box.height / 2));
  ctx.beginPath();
  ctx.roundRect(box.x, box.y, box.width, box.height, r);
}

/** A white panel with a thin border and a title; returns the box left for its content. */
export function panel(ctx: SKRSContext2D, box: Box, title: string): Box {
  roundRect(ctx, box, 10);
  ctx.fillStyle = THEME.panel;
  ctx.fill();
  ctx.strokeStyle = THEME.border;
  ctx.lineWidth = 1;
  ctx.stroke();
  text(ctx, title, box.x + 16, box.y + 26, {
    size: 15,
    weight: "bold",
    maxWidth: box.width - 32,
  });
  return { x: box.x + 16, y: box.y + 40, width: box.width - 32, height: box.height - 52 };
}

export interface TextOptions {
  size?: number;
  weight?: "normal" | "bold";
  color?: string;
  align?: "left" | "center" | "right";
  baseline?: "alphabetic" | "middle" | "top" | "bottom";
  /** Wider text is ellipsised to fit. */
  maxWidth?: number;
}

/** Draws one line of text (ellipsised to `maxWidth`); returns the width it took. */
export function text(
  ctx: SKRSContext2D,
  value: string,
  x: number,
  y: number,
  options: TextOptions = {},
): number {
  ctx.font = font(options.size ?? 13, options.weight);
  ctx.fillStyle = options.color ?? THEME.text;
  ctx.textAlign = options.align ?? "left";
  ctx.textBaseline = options.baseline ?? "alphabetic";
  const shown = options.maxWidth === undefined ? value : ellipsize(ctx, value, options.maxWidth);
  ctx.fillText(shown, x, y);
  return ctx.measureText(shown).width;
}

/** A check mark drawn as a path, so it shows whatever glyphs the font has. */
export function checkMark(ctx: SKRSContext2D, x: number, y: number, size: number, color: string) {
  ctx.beginPath();
  ctx.moveTo(x, y + size * 0.55);
  ctx.lineTo(x + size * 0.38, y + size * 0.9);
  ctx.lineTo(x + size, y + size * 0.12);
  ctx.strokeStyle = color;
  ctx.lineWidth = Math.max(2, size / 5);
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.stroke();
}

/** A friendly message in the middle of a box, for a chart with nothing to show yet. */
export function emptyNote(ctx: SKRSContext2D, box: Box, message: string): void {
  text(ctx, message, box.x + box.width / 2, box.y + box.height / 2, {
    size: 14,
    color: THEME.muted,
    align: "center",
    baseline: "middle",
    maxWidth: box.width - 16,
  });
}

/** A round step (1, 2 or 5 times a power of ten, at least 1) that `ticks` times reaches `max`. */
export function niceStep(max: number, ticks = 1): number {
  const raw = max / ticks;
  if (!(raw > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
}
