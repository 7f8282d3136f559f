// Every way the platforms differ in receiving and sending, stated once with its reason. The core
// (poll loop, resumable send, webhook authentication) reads only this; adapters add normalize,
// the send steps and the API client, nothing else.
//
// What used to differ without a reason and is now the same for both:
//   - Resume window of a partly sent multi-part message: 15 minutes on both (Telegram had 3). The
//     window only has to outlive the retries that resend the same message: a reply's withRetry
//     (≤ 2 min of 429 waits) and the delivery queue's backoff (minutes). The key holds the chat and
//     the full content, so a later, deliberate repeat of the same text is never cut short after it.
//   - Jitter on poll back-off: on both. One poller per token, but several tokens (and the delivery
//     workers) share the platform's limits after an outage; jitter keeps them from returning together.
//   - Handler retries: on neither. The adapter only stores the update in the inbox; the dispatcher
//     retries a failed handling (same attempts for every platform, see src/channels/inbox).
import type { Platform } from "./../types.ts";

export interface ChannelPolicy {
  platform: Exclude<Platform, "LOCAL">;
  /** Header that carries the webhook secret (each platform names its own). */
  secretHeader: string;
  /** Long-poll wait per getUpdates call, seconds. */
  pollTimeoutSeconds: number;
  /** Whether getUpdates returns a batch (Telegram, confirmed by offset) or one update per call (Zalo). */
  pollReturnsBatch: boolean;
  /**
   * A poll that answers "nothing" faster than this is waited out before the next: Zalo answers an
   * empty poll with error 408 which a proxy may send at once, which would make a busy loop.
   * Telegram's empty answers come after the long-poll time, so 0.
   */
  minEmptyPollMs: number;
  /**
   * A poll that brought updates, but fewer than a full batch (`pollBatchLimit`), is followed by the
   * next no sooner than this after it began. Under load the updates then gather into fewer, larger
   * batches: each poll costs a request, a statement storing its batch and a handling transaction
   * for its conversations, so a poll taken the moment the last one was stored paid that for one or
   * two updates at a time (on the inbound benchmark's fake, with no round trip, 20 getUpdates for
   * 200 messages, against 5 for a bot that polls again only after answering). It never waits for
   * the handling. At Telegram's real round trip (100–200 ms from Vietnam) a poll takes longer than
   * this anyway. Zalo's getUpdates brings one update a call: 0 there, or it would cap the rate.
   */
  busyPollIntervalMs: number;
  /** How many updates one poll brings at most (Telegram's getUpdates limit when none is asked). */
  pollBatchLimit: number;
  /** Back-off of a failing poll: full jitter between base·2^n / 2 and base·2^n, capped. */
  pollBackoffBaseMs: number;
  pollBackoffMaxMs: number;
  /** Wait after a 429 that names no retry_after (Telegram always names one; Zalo never does). */
  defaultRetryAfterSeconds: number;
  /**
   * Wait after a 429 whose description says "Quota exceeded": Zalo's quota is not a burst limit, so
   * asking again after 1 s would only spend more of it. Telegram sends no such 429.
   */
  quotaRetryAfterSeconds: number;
  /** How long a partly sent multi-part message may be resumed by a retry (see above). */
  resumeWindowMs: number;
  /** Biggest webhook body accepted; real updates are a few kilobytes. */
  webhookBodyLimitBytes: number;
}

const SHARED = {
  resumeWindowMs: 15 * 60_000,
  pollBackoffBaseMs: 500,
  pollBackoffMaxMs: 30_000,
  pollTimeoutSeconds: 30,
  webhookBodyLimitBytes: 256 * 1024,
} as const;

export const TELEGRAM_POLICY: ChannelPolicy = {
  ...SHARED,
  platform: "TELEGRAM",
  secretHeader: "x-telegram-bot-api-secret-token",
  pollReturnsBatch: true,
  minEmptyPollMs: 0,
  busyPollIntervalMs: 20,
  pollBatchLimit: 100,
  defaultRetryAfterSeconds: 1,
  quotaRetryAfterSeconds: 1,
};

export const ZALO_POLICY: ChannelPolicy = {
  ...SHARED,
  platform: "ZALO",
  secretHeader: "x-bot-api-secret-token",
  pollReturnsBatch: false,
  minEmptyPollMs: 200,
  busyPollIntervalMs: 0,
  pollBatchLimit: 1,
  defaultRetryAfterSeconds: 1,
  quotaRetryAfterSeconds: 30,
};
