/** What a run measures of one target, and how the bench drives it: one fresh process a run. */

export type Platform = "slack" | "discord";

/** What one burst gave, seen from the bench's side. */
export interface BurstSample {
  /** Clicks answered (a 200 on Slack, an interaction callback on Discord). */
  answered: number;
  latenciesMs: number[];
  /** From the first click sent to the last one answered (and, if it replies, replied to). */
  seconds: number;
  /** Bytes the target posted to response_urls per answered click (Slack targets that reply). */
  responseBytes?: number;
}

/** A target started, ready for its bursts. */
export interface Session {
  pid: number;
  burst(index: number, members: readonly number[]): Promise<BurstSample>;
  /** Stops the target and its fake platform. */
  stop(): Promise<void>;
}

export interface Target {
  name: string;
  platform: Platform;
  /** The bursts each run sends, in order, each to new members. */
  bursts: readonly string[];
  start(): Promise<Session>;
}
