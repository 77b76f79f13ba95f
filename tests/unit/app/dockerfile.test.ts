import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** What can be checked of the image without a Docker engine: the Dockerfile's own promises. */
describe("the Dockerfile", () => {
  const text = readFileSync("Dockerfile", "utf8").replace(/\\\n/g, " ");
  const lines = text.split("\n").map((l) => l.trim());
  const stages = text.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1)!;

  it("builds in one stage and runs from a second, on a pinned Node 24 base (the active LTS)", () => {
    const froms = lines.filter((l) => l.startsWith("FROM "));
    expect(froms).toHaveLength(2);
    for (const from of froms)
      expect(from).toMatch(/^FROM node:24\.\d+\.\d+-[a-z]+-slim(@sha256:[0-9a-f]{64})?( AS \w+)?$/);
    expect(runtime).not.toMatch(/apt-get install|g\+\+|npm ci/);
  });

  it("copies only what exists in the repository", () => {
    const copies = lines.filter((l) => l.startsWith("COPY ") && !l.includes("--from="));
    expect(copies.length).toBeGreaterThan(3);
    for (const copy of copies) {
      const sources = copy.split(/\s+/).slice(1, -1);
      for (const source of sources) expect(existsSync(source), `${copy}: ${source}`).toBe(true);
    }
    for (const ignored of readFileSync(".dockerignore", "utf8").split("\n").filter(Boolean)) {
      expect(["src", "migrations", "content", "package.json", "package-lock.json"]).not.toContain(
        ignored,
      );
    }
  });

  it("starts what the build produces: studybot serve from dist/cli.js", () => {
    const build = JSON.parse(readFileSync("tsconfig.build.json", "utf8")) as {
      compilerOptions: { rootDir: string; outDir: string };
    };
    expect(build.compilerOptions).toMatchObject({ rootDir: "src", outDir: "dist" });
    expect(existsSync("src/cli.ts")).toBe(true);
    expect(runtime).toContain('ENTRYPOINT ["node", "dist/cli.js"]');
    expect(runtime).toContain('CMD ["serve"]');
    expect(runtime).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { bin: Record<string, string> };
    expect(pkg.bin.studybot).toBe("dist/cli.js");
  });

  it("runs as a non-root user, keeps the database on a volume, and has a health check", () => {
    const user = lines.filter((l) => l.startsWith("USER ")).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER (root|0)(:|$)/);
    expect(runtime).toMatch(/DATABASE_PATH=\/data\/studybot\.db/);
    expect(runtime).toMatch(/VOLUME \["\/data"\]/);
    expect(runtime).toMatch(/HEALTHCHECK .*CMD \["node", "dist\/cli.js", "health"\]/);
  });
});
