import { messageOf } from "./errors.js";
import { PostError } from "./platform.js";
import type { View } from "./views.js";

/**
 * A request's views, in order: the first as the reply (or as the edit of a deferred one), the
 * rest as follow-ups. How each is sent is the platform's; the order and the split are not.
 */
export async function deliver(
  views: readonly View[],
  send: { first(view: View): Promise<unknown>; rest(view: View): Promise<unknown> },
): Promise<void> {
  const [first, ...rest] = views;
  if (!first) return;
  await send.first(first);
  for (const view of rest) await send.rest(view);
}

/**
 * A platform's refusal of a channel post as the scheduler's PostError: permanent when the
 * platform's code says retrying cannot help (the channel is gone, access was taken away).
 */
export function postErrorOf(
  error: unknown,
  code: string | number | undefined,
  permanentCodes: ReadonlySet<string | number>,
  permanentOtherwise = false,
): PostError {
  const message = messageOf(error);
  const permanent = permanentOtherwise || (code !== undefined && permanentCodes.has(code));
  return new PostError(
    code === undefined || message.includes(String(code)) ? message : `${message} (${code})`,
    permanent,
  );
}
