import { existsSync, statSync } from "node:fs";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { RequestEvent } from "../core/studybot.js";
import type { TickReport } from "../scheduler/daily-scheduler.js";

/** Prometheus metrics: interactions, reply latency, channel posts, scheduler lag, database size. */
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
    databasePath: string;
    lastTickAt: () => Date | undefined;
    now: () => Date;
  }) {
    collectDefaultMetrics({ register: this.registry, prefix: "studybot_" });
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
      help: "Size of the SQLite database file and its write-ahead log.",
      registers: [this.registry],
      collect() {
        const size = (file: string) => (existsSync(file) ? statSync(file).size : 0);
        this.set(size(options.databasePath) + size(`${options.databasePath}-wal`));
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
