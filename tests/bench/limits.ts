import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { openDatabase } from "../../src/store/open.js";

/** The machine's own limit for a write: single-row autocommit inserts with our SQLite settings. */
export function bareInsertRate(dir: string, rows = 50_000): number {
  const db = openDatabase(join(dir, "bare.db"));
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT)");
  const insert = db.prepare("INSERT INTO t (a, b) VALUES (?, ?)");
  for (let i = 0; i < 2000; i++) insert.run(i, "warm-up");
  const started = performance.now();
  for (let i = 0; i < rows; i++) insert.run(i, "row");
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return rows / seconds;
}

/** The machine's own limit for a request: a bare Node HTTP server on loopback, keep-alive clients. */
export async function bareHttpRate(requests = 20_000, concurrency = 32): Promise<number> {
  const server = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const get = () =>
    new Promise<void>((resolve, reject) => {
      request({ host: "127.0.0.1", port, agent, path: "/" }, (res) => {
        res.resume();
        res.on("end", resolve);
      })
        .on("error", reject)
        .end();
    });
  let sent = 0;
  const worker = async () => {
    while (sent < requests) {
      sent++;
      await get();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  server.close();
  return requests / seconds;
}
