import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { RequestEvent } from "../core/studybot.js";
import type { TickReport } from "../scheduler/daily-scheduler.js";
import type { PlatformStatus } from "./platforms.js";

/**
 * Prometheus metrics: interactions, reply latency, channel posts, scheduler lag, database size,
 * and which platforms (and Discord shards) are connected.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly interactions = new Counter({
    name: "studybot_interactions_total",
    help: "Requests handled, by platform, command and outcome (ok, user_error, failed).",
    labelNames: ["platform", "command", "outcome"] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: "studybot_reply_seconds",
    help: "Time the core took to answer a request, by platform.",
    labelNames: ["platform"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly posts = new Counter({
    name: "studybot_channel_posts_total",
    help: "Channel posts by result: sent, failed (each failed attempt), revealed.",
    labelNames: ["result"] as const,
    registers: [this.registry],
  });

  constructor(options: {
    /** Bytes the database takes now (the SQLite file and WAL, or the PostgreSQL database). */
    databaseBytes: () => Promise<number>;
    lastTickAt: () => Date | undefined;
    now: () => Date;
    /** The running platforms, as /healthz checks them (read at each scrape: they start later). */
    platforms?: () => readonly PlatformStatus[];
  }) {
    collectDefaultMetrics({ register: this.registry, prefix: "studybot_" });
    platformConnectedGauge(this.registry, options.platforms ?? (() => []));
    new Gauge({
      name: "studybot_scheduler_lag_seconds",
      help: "Seconds since the scheduler last finished a tick (about 60 or less when healthy).",
      registers: [this.registry],
      collect() {
        const last = options.lastTickAt();
        this.set(last ? (options.now().getTime() - last.getTime()) / 1000 : -1);
      },
    });
    new Gauge({
      name: "studybot_database_bytes",
      help: "Bytes the database takes: the SQLite file and its write-ahead log, or the PostgreSQL database.",
      registers: [this.registry],
      async collect() {
        this.set(await options.databaseBytes().catch(() => -1));
      },
    });
  }

  request(event: RequestEvent): void {
    this.interactions.inc({
      platform: event.platform,
      command: event.command,
      outcome: event.outcome,
    });
    this.latency.observe({ platform: event.platform }, event.ms / 1000);
  }

  tick(report: TickReport): void {
    if (report.sent > 0) this.posts.inc({ result: "sent" }, report.sent);
    if (report.failed > 0) this.posts.inc({ result: "failed" }, report.failed);
    if (report.revealed > 0) this.posts.inc({ result: "revealed" }, report.revealed);
  }
}

/**
 * 1 per connected platform or shard, 0 per one that is down: from the same statuses as /healthz,
 * so an alert on `studybot_platform_connected == 0` names the shard that dropped.
 */
function platformConnectedGauge(registry: Registry, platforms: () => readonly PlatformStatus[]) {
  return new Gauge({
    name: "studybot_platform_connected",
    help: "Whether a platform (label shard: one of its Discord shards) is connected: 1 or 0.",
    labelNames: ["platform", "shard"] as const,
    registers: [registry],
    collect() {
      // Only the platforms running now: a series from an earlier scrape must not linger.
      this.reset();
      for (const status of platforms()) {
        const shard = status.part === undefined ? {} : { shard: status.part };
        this.set({ platform: status.platform, ...shard }, status.connected() ? 1 : 0);
      }
    },
  });
}
