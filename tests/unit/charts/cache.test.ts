import { describe, expect, it } from "vitest";
import { ChartCache, type ChartImage } from "../../../src/charts/index.js";

/** A stand-in image of `bytes` PNG bytes (the cache never decodes it). */
function image(bytes: number, alt = ""): ChartImage {
  return { png: Buffer.alloc(bytes), width: 1, height: 1, alt };
}

describe("ChartCache", () => {
  it("keeps at most maxEntries, dropping the least recently used", () => {
    const cache = new ChartCache({ maxEntries: 2 });
    cache.set("a", image(1));
    cache.set("b", image(1));
    expect(cache.get("a")).toBeDefined(); // a is now newer than b
    cache.set("c", image(1));
    expect(cache.size).toBe(2);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeDefined();
    expect(cache.get("c")).toBeDefined();
  });

  it("keeps at most maxBytes, counting the PNG and the alt text", () => {
    const cache = new ChartCache({ maxEntries: 100, maxBytes: 100 });
    cache.set("a", image(40));
    cache.set("b", image(30, "0123456789"));
    expect(cache.bytes).toBe(80);
    cache.set("c", image(30)); // 110 bytes: the oldest goes
    expect(cache.bytes).toBe(70);
    expect(cache.get("a")).toBeUndefined();
    expect([cache.get("b"), cache.get("c")].every(Boolean)).toBe(true);
  });

  it("does not keep an image bigger than the whole budget, nor let it evict others", () => {
    const cache = new ChartCache({ maxBytes: 100 });
    cache.set("small", image(10));
    cache.set("huge", image(101));
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.get("small")).toBeDefined();
    expect(cache.bytes).toBe(10);
  });

  it("counts a replaced or deleted image's bytes once", () => {
    const cache = new ChartCache({ maxBytes: 100 });
    cache.set("a", image(50));
    cache.set("a", image(20));
    expect(cache.bytes).toBe(20);
    expect(cache.delete("a")).toBe(true);
    expect(cache.delete("a")).toBe(false);
    expect([cache.size, cache.bytes]).toEqual([0, 0]);
  });

  it("renders a key once, sharing a render already running", async () => {
    const cache = new ChartCache();
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return image(10);
    };
    const [first, second] = await Promise.all([
      cache.getOrRender("m1:2024-12-03", render),
      cache.getOrRender("m1:2024-12-03", render),
    ]);
    expect(first).toBe(second);
    expect(await cache.getOrRender("m1:2024-12-03", render)).toBe(first);
    expect(renders).toBe(1);
  });

  it("keeps no failed render, so the next call tries again", async () => {
    const cache = new ChartCache();
    await expect(
      cache.getOrRender("k", () => {
        throw new Error("canvas broke");
      }),
    ).rejects.toThrow("canvas broke");
    expect(cache.size).toBe(0);
    const again = await cache.getOrRender("k", async () => image(3));
    expect(again.png.length).toBe(3);
  });

  it("keeps nothing with a budget of zero entries", () => {
    const cache = new ChartCache({ maxEntries: 0 });
    cache.set("a", image(1));
    expect(cache.size).toBe(0);
  });
});
