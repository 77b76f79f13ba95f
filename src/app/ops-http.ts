import type { IncomingMessage, ServerResponse } from "node:http";
import type { HealthReport } from "./health.js";
import type { Metrics } from "./metrics.js";

/**
 * Answers /healthz and /metrics. Returns false for any other path, so it can share a server
 * (Slack's receiver) or stand alone.
 */
export function opsHandler(sources: { health: () => Promise<HealthReport>; metrics: Metrics }) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" || (path !== "/healthz" && path !== "/metrics")) return false;
    if (path === "/healthz") {
      sources.health().then(
        (report) => {
          const reasons = Object.entries(report.checks)
            .filter(([, c]) => !c.ok)
            .map(([name, c]) => `${name}: ${c.detail}`);
          res.writeHead(report.ok ? 200 : 503, { "content-type": "application/json" });
          res.end(
            JSON.stringify({
              status: report.ok ? "ok" : "unhealthy",
              ...(reasons.length ? { reason: reasons.join("; ") } : {}),
              checks: report.checks,
            }),
          );
        },
        (error: unknown) => {
          res.writeHead(503, { "content-type": "application/json" });
          res.end(JSON.stringify({ status: "unhealthy", reason: String(error) }));
        },
      );
      return true;
    }
    sources.metrics.registry.metrics().then(
      (text) => {
        res.writeHead(200, { "content-type": sources.metrics.registry.contentType });
        res.end(text);
      },
      (error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(error));
      },
    );
    return true;
  };
}
