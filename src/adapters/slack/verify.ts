import { createHmac, timingSafeEqual } from "node:crypto";

/** Slack signs with a timestamp; we refuse one more than five minutes off, in either direction. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** What Slack's signature looks like: version 0, then a hex SHA-256 HMAC. */
const SIGNATURE_FORMAT = /^v0=[0-9a-f]{64}$/;

/**
 * What can be checked from the headers alone: a timestamp within five minutes of now (either
 * way) and a signature of the right shape. The HTTP front runs this before it reads a body,
 * so a request that cannot be Slack's costs no memory.
 */
export function checkSlackHeaders(input: {
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds: number;
}): VerifyResult {
  const { timestamp, signature } = input;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: "missing or malformed timestamp" };
  if (Math.abs(input.nowSeconds - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: "timestamp too far from now" };
  }
  if (!signature || !SIGNATURE_FORMAT.test(signature))
    return { ok: false, reason: "missing or malformed signature" };
  return { ok: true };
}

/**
 * Checks Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`.
 * Bolt alone accepts timestamps from the future; a replayed or pre-signed request must not pass.
 */
export function verifySlackSignature(input: {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer | string;
  nowSeconds: number;
}): VerifyResult {
  const headers = checkSlackHeaders(input);
  if (!headers.ok) return headers;
  const timestamp = input.timestamp!;
  const signature = input.signature!;
  const expected = signSlackRequest(input.signingSecret, timestamp, input.body);
  const given = Buffer.from(signature);
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return { ok: false, reason: "signature mismatch" };
  }
  return { ok: true };
}

/** The signature Slack would send for this body at this timestamp. */
export function signSlackRequest(
  signingSecret: string,
  timestamp: string,
  body: Buffer | string,
): string {
  const hmac = createHmac("sha256", signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(body);
  return `v0=${hmac.digest("hex")}`;
}
