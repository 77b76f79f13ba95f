import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const FORBIDDEN =
  /from\s+["'](discord\.js|@slack\/[^"']+|better-sqlite3|pg|@napi-rs\/canvas|node:https?|https?|ws)["']/;
const OUTER = /from\s+["'](\.\.\/)+(adapters|store|scheduler|app|charts)\//;

/** Charts take plain data (the shapes in core/chart-data.ts, as types) and use nothing else. */
const FORBIDDEN_IN_CHARTS =
  /from\s+["']((discord\.js|@slack\/[^"']+|better-sqlite3|pg)|(\.\.\/)+(adapters|store|scheduler|app)\/|(\.\.\/)+core\/(?!chart-data\.js))["']?/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("architecture", () => {
  it("src/core imports no platform SDK, database driver, HTTP or outer layer", () => {
    const offenders = files("src/core").flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => FORBIDDEN.test(line) || OUTER.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
    expect(files("src/core").length).toBeGreaterThan(10);
  });

  it("keeps charts free of platforms, stores and the core: plain data in, pictures out", () => {
    const offenders = files("src/charts").flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .filter(
          (line) =>
            FORBIDDEN_IN_CHARTS.test(line) ||
            (/core\/chart-data\.js/.test(line) && !/^import type /.test(line.trim())),
        )
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it("keeps SQL inside src/store", () => {
    const sqlOutside = files("src")
      .filter((f) => !f.startsWith(join("src", "store")))
      .filter((f) =>
        /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b/.test(readFileSync(f, "utf8")),
      );
    expect(sqlOutside).toEqual([]);
  });

  it("lets adapters import the core, never each other", () => {
    const platforms = readdirSync(join("src", "adapters"));
    const offenders = platforms.flatMap((platform) =>
      files(join("src", "adapters", platform)).flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .filter((line) => {
            const target = /(?:from|import)\s+["'](\.[^"']+)["']/.exec(line)?.[1];
            if (!target) return false;
            const resolved = resolve(dirname(file), target);
            const adapters = resolve("src", "adapters");
            const own = resolve(adapters, platform);
            return resolved.startsWith(adapters) && !resolved.startsWith(own);
          })
          .map((line) => `${file}: ${line.trim()}`),
      ),
    );
    expect(offenders).toEqual([]);
    expect(platforms).toEqual(expect.arrayContaining(["console", "discord", "slack"]));
  });
});
