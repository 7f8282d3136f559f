// Direct sends (replies inside a conversation) retry here; proactive messages go through the
// delivery queue, which has its own policy. 429 waits exactly retry_after and does not use up an
// attempt; BLOCKED and PERMANENT never retry; 5xx and time-outs retry with backoff and jitter.
import { setTimeout as sleep } from "node:timers/promises";
import { ChannelError } from "./types.ts";

export interface RetryOptions {
  /** Attempts for transient errors (5xx, time-outs, network). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Upper bound on the total time spent waiting for 429s. */
  maxRateLimitWaitMs?: number;
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
}

export function backoffDelay(attempt: number, base: number, max: number, random: () => number): number {
  // "Full jitter": spreads retries of many senders so they do not hit the platform together.
  const ceiling = Math.min(max, base * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 4;
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 8000;
  const wait = options.sleep ?? sleep;
  const random = options.random ?? Math.random;
  let rateLimitBudget = options.maxRateLimitWaitMs ?? 120_000;
  let attempt = 0;
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      const err = error instanceof ChannelError ? error : new ChannelError("TRANSIENT", String(error));
      if (err.kind === "RATE_LIMITED") {
        const ms = Math.max(1, err.retryAfterSeconds ?? 1) * 1000;
        rateLimitBudget -= ms;
        if (rateLimitBudget < 0) throw err;
        await wait(ms);
        continue;
      }
      if (err.kind !== "TRANSIENT") throw err;
      attempt += 1;
      if (attempt >= maxAttempts) throw err;
      await wait(backoffDelay(attempt, base, max, random));
    }
  }
}
