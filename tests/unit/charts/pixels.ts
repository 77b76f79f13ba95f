import { createCanvas, loadImage } from "@napi-rs/canvas";
import { expect } from "vitest";

/** Test helpers: read a PNG back the way a viewer would, and look at its pixels. */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, after checking the signature and the chunk's place. */
export function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(SIGNATURE)).toBe(true);
  expect(png.toString("latin1", 12, 16)).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Decodes the PNG itself (not the canvas that drew it) into RGBA pixels. */
export async function decode(png: Buffer): Promise<Pixels> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  return {
    width: image.width,
    height: image.height,
    data: ctx.getImageData(0, 0, image.width, image.height).data,
  };
}

export function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function at(p: Pixels, x: number, y: number): [number, number, number] {
  const i = (y * p.width + x) * 4;
  return [p.data[i]!, p.data[i + 1]!, p.data[i + 2]!];
}

function distance(a: readonly number[], b: readonly number[]): number {
  return Math.max(Math.abs(a[0]! - b[0]!), Math.abs(a[1]! - b[1]!), Math.abs(a[2]! - b[2]!));
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

function* points(p: Pixels, r: Region = { x: 0, y: 0, width: p.width, height: p.height }) {
  for (let y = Math.max(0, r.y); y < Math.min(p.height, r.y + r.height); y++) {
    for (let x = Math.max(0, r.x); x < Math.min(p.width, r.x + r.width); x++) yield { x, y };
  }
}

export function distinctColours(p: Pixels): number {
  const seen = new Set<number>();
  for (let i = 0; i < p.data.length; i += 4) {
    seen.add((p.data[i]! << 16) | (p.data[i + 1]! << 8) | p.data[i + 2]!);
  }
  return seen.size;
}

/** The share of pixels in a region further than `tolerance` from a colour (0..1). */
export function shareUnlike(p: Pixels, hex: string, region?: Region, tolerance = 8): number {
  const target = rgb(hex);
  let all = 0;
  let unlike = 0;
  for (const { x, y } of points(p, region)) {
    all++;
    if (distance(at(p, x, y), target) > tolerance) unlike++;
  }
  return all === 0 ? 0 : unlike / all;
}

/** How many pixels in a region are within `tolerance` of a colour. */
export function countNear(p: Pixels, hex: string, region?: Region, tolerance = 24): number {
  const target = rgb(hex);
  let n = 0;
  for (const { x, y } of points(p, region)) if (distance(at(p, x, y), target) <= tolerance) n++;
  return n;
}

/** Pixels of a region far from its background colour: where text or marks were drawn. */
export function ink(p: Pixels, region: Region, background: string, tolerance = 40): number {
  const bg = rgb(background);
  let n = 0;
  for (const { x, y } of points(p, region)) if (distance(at(p, x, y), bg) > tolerance) n++;
  return n;
}

/**
 * The horizontal stretches of a region that hold ink, as [start, end) columns; stretches
 * closer than `join` pixels merge (the gaps between letters and words).
 */
export function inkSpans(
  p: Pixels,
  region: Region,
  background: string,
  join = 10,
): [number, number][] {
  const spans: [number, number][] = [];
  for (let x = region.x; x < region.x + region.width; x++) {
    if (ink(p, { x, y: region.y, width: 1, height: region.height }, background) === 0) continue;
    const last = spans.at(-1);
    if (last && x - last[1] < join) last[1] = x + 1;
    else spans.push([x, x + 1]);
  }
  return spans;
}

/** Runs of consecutive rows in a region that hold at least one pixel near one of the colours. */
export function rowRuns(p: Pixels, hexes: string[], region: Region, tolerance = 24): number {
  const targets = hexes.map(rgb);
  let runs = 0;
  let inRun = false;
  for (let y = region.y; y < region.y + region.height; y++) {
    let hit = false;
    for (let x = region.x; x < region.x + region.width && !hit; x++) {
      const c = at(p, x, y);
      hit = targets.some((t) => distance(c, t) <= tolerance);
    }
    if (hit && !inRun) runs++;
    inRun = hit;
  }
  return runs;
}
