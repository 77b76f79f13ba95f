import type { Clock } from "../../core/clock.js";

/**
 * The console's clock under `--fast`: it starts at the real time and moves only when told to
 * (a `wait` line), so a scripted session plays a live round in no time and the same way every run.
 */
export class VirtualClock {
  private at: number;

  constructor(start = Date.now()) {
    this.at = start;
  }

  readonly now: Clock = () => new Date(this.at);

  /** Moves on to `to` (never back); returns how many milliseconds it moved. */
  moveTo(to: Date): number {
    const moved = Math.max(0, to.getTime() - this.at);
    this.at += moved;
    return moved;
  }
}
