import { mkdirSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const APPS = ["bare-http", "bolt-ack", "bolt-respond", "discord-ok", "web-api-posts"] as const;
export type ComparisonApp = (typeof APPS)[number];

/**
 * The comparison apps as plain JavaScript in `dir`, run with `node <file>` exactly as Studybot
 * runs dist/cli.js: through tsx they would carry its loader (another thread, more memory, a
 * slower start), which Studybot does not. Libraries stay outside the bundle, loaded from the
 * project's node_modules (linked into `dir`), so each app loads the same package files as
 * Studybot does. Returns each app's file.
 */
export async function compileApps(dir: string): Promise<Record<ComparisonApp, string>> {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const out = join(dir, "apps");
  mkdirSync(out, { recursive: true });
  symlinkSync(resolve(here, "../../../node_modules"), join(out, "node_modules"), "dir");
  await build({
    entryPoints: APPS.map((name) => join(here, "apps", `${name}.ts`)),
    outdir: out,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
  });
  return Object.fromEntries(APPS.map((name) => [name, join(out, `${name}.mjs`)])) as Record<
    ComparisonApp,
    string
  >;
}
