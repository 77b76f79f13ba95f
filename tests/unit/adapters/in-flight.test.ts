import { describe, expect, it } from "vitest";
import { beforeDeadline } from "../../../src/core/answer-deadline.js";
import { InFlight } from "../../../src/core/in-flight.js";

const resolvesAfter = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe("what every adapter shares", () => {
  it("drains the requests in flight, refusing new ones, within its limit", async () => {
    const inFlight = new InFlight();
    let finished = 0;
    void inFlight.track(resolvesAfter(30, "a").then(() => finished++));
    void inFlight.track(Promise.reject(new Error("failed")).catch(() => finished++));
    expect(inFlight.closed).toBe(false);
    await inFlight.drain(1000);
    expect(inFlight.closed).toBe(true);
    expect(finished).toBe(2);

    const stuck = new InFlight();
    void stuck.track(new Promise(() => {})); // never settles
    const started = performance.now();
    await stuck.drain(50);
    expect(performance.now() - started).toBeLessThan(1000); // gave up at its limit
  });

  it("defers only what misses the deadline, and still delivers it", async () => {
    let deferrals = 0;
    const late = async () => {
      deferrals++;
    };
    expect(await beforeDeadline(resolvesAfter(5, "quick"), late, 200)).toEqual({
      value: "quick",
      deferred: false,
    });
    expect(await beforeDeadline(resolvesAfter(100, "slow"), late, 20)).toEqual({
      value: "slow",
      deferred: true,
    });
    expect(deferrals).toBe(1);
  });
});
