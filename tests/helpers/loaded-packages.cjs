// Loaded with NODE_OPTIONS=--require into a bot under test: when the process exits, prints one
// JSON line on stderr naming every npm package it loaded (CommonJS, and ESM imports of CommonJS,
// which go through the same cache), so a test can check what a run never loads.
const Module = require("node:module");

process.on("exit", () => {
  const packages = new Set();
  for (const file of Object.keys(Module._cache)) {
    const found = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (found) packages.add(found[1]);
  }
  process.stderr.write(`${JSON.stringify({ loadedPackages: [...packages].sort() })}\n`);
});
