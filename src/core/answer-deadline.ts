/**
 * Platforms want an answer within 3 s (Discord's interaction token, Slack's ack). A request
 * normally answers in milliseconds, but one that writes can wait for another process's lock: give
 * it this long, then acknowledge ("deferred") and deliver the answer when it is ready.
 */
export const ANSWER_DEADLINE_MS = 2000;

/**
 * Resolves with `work`'s result. When it is not ready within `ms`, `late` runs first (the
 * platform's deferral), once; `deferred` says whether it did.
 */
export async function beforeDeadline<T>(
  work: Promise<T>,
  late: () => Promise<void>,
  ms = ANSWER_DEADLINE_MS,
): Promise<{ value: T; deferred: boolean }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), ms);
  });
  const first = await Promise.race([work.then((value) => ({ value })), timeout]);
  clearTimeout(timer);
  if (first !== "late") return { value: first.value, deferred: false };
  await late();
  return { value: await work, deferred: true };
}
