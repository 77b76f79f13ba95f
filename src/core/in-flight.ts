/** How long a stop waits for requests in flight before it disconnects anyway. */
export const DRAIN_LIMIT_MS = 5000;

/**
 * The requests a platform adapter is answering now. A stop refuses new ones (`closed`) and lets
 * those in flight finish, up to a limit, so nobody is left with half an answer.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  /** True once a drain began: new requests are refused (the platform reports a failure). */
  closed = false;

  /** Tracks `work` until it settles; its failure is the caller's to handle. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Refuses new requests and waits for those in flight, at most `limitMs`. */
  async drain(limitMs = DRAIN_LIMIT_MS): Promise<void> {
    this.closed = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, limitMs);
      }),
    ]);
    clearTimeout(timer);
  }
}
