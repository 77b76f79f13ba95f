import { chmodSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * When the tests run as root, some of what they start runs as another user: the bot as
 * `nobody` (so read-only files are read-only), PostgreSQL as `postgres` (it refuses root). That
 * user must reach the checkout (dist/cli.js, the PostgreSQL binaries in node_modules), and a
 * clone in a private temporary folder (mktemp -d makes them 0700) would hide it. Each folder
 * above the checkout that others cannot enter gets search permission for others only (no
 * listing, no reading, no writing). Nothing changes when the tests do not run as root.
 */
export function letOthersReachTheCheckout(): void {
  if (process.getuid?.() !== 0) return;
  let dir = resolve(process.cwd());
  for (;;) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}
