import { describe, expect, it } from "vitest";
import { nextRunAfter } from "../../../src/core/daily.js";
import {
  canonicalTimeZone,
  localDay,
  parseTimeOfDay,
  zonedInstant,
} from "../../../src/core/time.js";

describe("zonedInstant", () => {
  it.each([
    ["an ordinary day", "2026-06-01", "09:00", "Asia/Kolkata", "2026-06-01T03:30:00.000Z"],
    [
      "Berlin spring-forward gap: the next valid minute",
      "2026-03-29",
      "02:30",
      "Europe/Berlin",
      "2026-03-29T01:00:00.000Z",
    ],
    [
      "Berlin fall-back overlap: the first one",
      "2026-10-25",
      "02:30",
      "Europe/Berlin",
      "2026-10-25T00:30:00.000Z",
    ],
    [
      "New York spring-forward gap",
      "2026-03-08",
      "02:30",
      "America/New_York",
      "2026-03-08T07:00:00.000Z",
    ],
    [
      "New York fall-back overlap",
      "2026-11-01",
      "01:30",
      "America/New_York",
      "2026-11-01T05:30:00.000Z",
    ],
  ])("%s", (_name, day, time, zone, expected) => {
    expect(zonedInstant(day, time, zone).toISOString()).toBe(expected);
  });
});

describe("nextRunAfter", () => {
  it("posts once on each local day across both clock changes", () => {
    for (const [zone, from, to] of [
      ["Europe/Berlin", "2026-03-27T00:00:00Z", "2026-03-31T00:00:00Z"],
      ["Europe/Berlin", "2026-10-23T00:00:00Z", "2026-10-27T00:00:00Z"],
      ["America/New_York", "2026-03-06T00:00:00Z", "2026-03-10T00:00:00Z"],
      ["America/New_York", "2026-10-30T00:00:00Z", "2026-11-03T00:00:00Z"],
    ] as const) {
      const schedule = {
        time: "02:30",
        timezone: zone,
        days: [0, 1, 2, 3, 4, 5, 6] as (0 | 1 | 2 | 3 | 4 | 5 | 6)[],
      };
      const days: string[] = [];
      let at = new Date(from);
      while (true) {
        at = nextRunAfter(schedule, at);
        if (at >= new Date(to)) break;
        days.push(localDay(at, zone));
      }
      expect(new Set(days).size, zone).toBe(days.length);
      expect(days.length, `${zone} ${from}`).toBe(4);
    }
  });

  it("skips days the schedule does not post on", () => {
    const weekdays = {
      time: "09:00",
      timezone: "UTC",
      days: [1, 2, 3, 4, 5] as (1 | 2 | 3 | 4 | 5)[],
    };
    // Friday 10:00 -> Monday 09:00
    expect(nextRunAfter(weekdays, new Date("2026-11-27T10:00:00Z")).toISOString()).toBe(
      "2026-11-30T09:00:00.000Z",
    );
  });
});

describe("parsing times and zones", () => {
  it("reads 24-hour times and IANA zones in any case", () => {
    expect(parseTimeOfDay("7:05")).toBe("07:05");
    expect(parseTimeOfDay("24:00")).toBeNull();
    expect(parseTimeOfDay("12:60")).toBeNull();
    expect(parseTimeOfDay("noon")).toBeNull();
    expect(canonicalTimeZone("america/new_york")).toBe("America/New_York");
    expect(canonicalTimeZone("Mars/Base")).toBeNull();
    expect(canonicalTimeZone("x".repeat(10_000))).toBeNull();
  });
});
