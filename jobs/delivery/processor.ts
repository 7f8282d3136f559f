// Sends one Delivery. Exactly-once comes from the row: a job that runs twice finds it claimed or
// sent and does nothing. Platform answers decide what happens next:
//  429       → the whole platform queue pauses for retry_after (every worker, also jobs already
//              fetched: they check the pause right before sending); the attempt is not used up.
//  BLOCKED   → identity unreachable; the member's other account is tried, else FAILED (no retry).
//  TRANSIENT → bounded retries with backoff and jitter (BullMQ attempts).
//  PERMANENT → FAILED, no retry.
//
// Order of a run: reserve the platform's next free instant and wait for it (see RESERVE_SCRIPT) →
// claim the row and read it (one UPDATE … RETURNING: PENDING → SENDING, atomic) →
// pass the gate (platform not paused, the chat's 1/s slot, a group's 20/min: one Redis script) →
// send → mark SENT. Two database round trips and two Redis calls per message. The gate comes after
// the claim so that the time between taking a chat slot and the request reaching the platform is
// as short as possible; a busy gate hands the claim back (refunding the attempt).
import { DelayedError, RateLimitError, UnrecoverableError, type Job, type Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Db } from "../../src/db/client.ts";
import type { Logger } from "../../src/log.ts";
import { ChannelError, type ChannelAdapter, type Platform } from "../../src/channels/types.ts";
import { claimForSending, getDelivery, markFailed, markSent, releaseDelivery, resolveTarget, retarget } from "../../src/db/deliveries.ts";
import { markIdentityBlocked, markUnreachable } from "../../src/db/identities.ts";
import { isDeliveryPlatform, type DeliveryJob, type DeliveryPlatform } from "../queues.ts";
import { addDeliveryJob, type DeliveryQueues } from "./enqueue.ts";

export interface DeliveryProcessorDeps {
  db: Db;
  redis: Redis;
  prefix: string;
  log: Logger;
  adapter(platform: Platform): ChannelAdapter | undefined;
  /** The platform whose queue this processor serves. */
  platform: DeliveryPlatform;
  queue: Queue<DeliveryJob>;
  queues: DeliveryQueues;
  now: () => Date;
  /**
   * A claim older than this belongs to a worker that died mid-send and may be taken over (the only
   * case a duplicate is possible). A run does not start a send once its claim is half this old, so
   * the longest send (the adapter's request time-out) must be shorter than half of it.
   */
  staleClaimMs: number;
  perChatIntervalMs: number;
  groupPerMinute: number;
  /** The platform's allowed rate (messages a second, all chats, workers and processes together). */
  ratePerSecond: number;
  onOutcome?: (platform: Platform, status: "SENT" | "FAILED" | "RATE_LIMITED" | "RETRY") => void;
}

/** Added to the per-chat interval: the platform measures arrivals, which jitter by tens of ms under load. */
export const CHAT_SLOT_MARGIN_MS = 100;

const FINAL = new Set(["SENT", "FAILED", "SKIPPED"]);

// KEYS: platform pause, chat slot, group window (sorted set). ARGV: slot ms, group per minute (0 =
// not a group), a unique member for the group window.
// Returns 0 (go, slot taken), > 0 (the chat is busy for that many ms), < 0 (the platform is paused
// for -n ms after a 429). Redis's clock is used, so every worker process agrees.
const GATE_SCRIPT = `
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then return -paused end
local slot = redis.call('PTTL', KEYS[2])
if slot > 0 then return slot end
local perMinute = tonumber(ARGV[2])
if perMinute > 0 then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 60000)
  if redis.call('ZCARD', KEYS[3]) >= perMinute then
    local oldest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
    return math.max(1, tonumber(oldest[2]) + 60000 - now)
  end
  redis.call('ZADD', KEYS[3], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[3], 61000)
end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
return 0
`;

// The platform's rate is kept here rather than by BullMQ's limiter, which counts jobs in fixed
// windows and lost, at every window's end, the time until the next fetch (a broadcast at 25/s on
// a busy machine ran at 0.83–0.86 of the rate). Each run first reserves the platform's next free
// instant (a GCRA: one theoretical arrival time per platform, moved on by 1/rate per reservation,
// shared by every worker and process) and waits for it before claiming its row, so sends are
// spaced evenly at the rate, no burst, and a row is never held claimed while it waits. A reservation whose run then finds its row
// sent, or its chat busy, is simply not used (rare: duplicate jobs, several messages to one chat).
// KEYS: platform pause, the platform's next free instant. ARGV: ms between two sends, how far
// ahead (ms) a run may reserve. Returns {0, ms}: go in ms; {1, ms}: the platform is reserved
// further ahead than allowed, try again in ms; {2, ms}: paused after a 429 for ms.
const RESERVE_SCRIPT = `
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then return {2, paused} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local at = tonumber(redis.call('GET', KEYS[2]) or '0')
if at < now then at = now end
local ahead = at - now
local limit = tonumber(ARGV[2])
if ahead > limit then return {1, math.ceil(ahead - limit)} end
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[2], string.format('%.3f', at + interval), 'PX', math.ceil(ahead + interval) + 1000)
return {0, math.floor(ahead)}
`;

/** How far ahead a run may reserve its platform instant; beyond, the job is delayed instead. */
export const MAX_RESERVE_AHEAD_MS = 2000;

// Never shortens a longer pause set by another worker's 429.
const PAUSE_SCRIPT = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 0
`;

export const platformPauseKey = (prefix: string, platform: Platform) => `${prefix}:platform-pause:${platform}`;
const platformNextKey = (prefix: string, platform: Platform) => `${prefix}:platform-next:${platform}`;
const chatSlotKey = (prefix: string, platform: Platform, chatId: string) => `${prefix}:chat-slot:${platform}:${chatId}`;

async function gate(deps: DeliveryProcessorDeps, platform: Platform, chatId: string, isGroup: boolean, member: string): Promise<number> {
  const slot = chatSlotKey(deps.prefix, platform, chatId);
  const result = await deps.redis.eval(
    GATE_SCRIPT,
    3,
    platformPauseKey(deps.prefix, platform),
    slot,
    `${slot}:minute`,
    String(deps.perChatIntervalMs + CHAT_SLOT_MARGIN_MS),
    String(isGroup ? deps.groupPerMinute : 0),
    member,
  );
  return Number(result);
}

/** Reserves the platform's next instant: {go: ms to wait}, {busy: ms} (reserved too far ahead) or {paused: ms}. */
export async function reservePlatformInstant(
  redis: Redis,
  prefix: string,
  platform: Platform,
  ratePerSecond: number,
): Promise<{ go: number } | { busy: number } | { paused: number }> {
  const [code, ms] = (await redis.eval(
    RESERVE_SCRIPT,
    2,
    platformPauseKey(prefix, platform),
    platformNextKey(prefix, platform),
    String(1000 / Math.max(1, ratePerSecond)),
    String(MAX_RESERVE_AHEAD_MS),
  )) as [number, number];
  return code === 0 ? { go: ms } : code === 1 ? { busy: ms } : { paused: ms };
}

/** Re-run the job at `at` (epoch ms) without using an attempt. */
async function delayJob(job: Job<DeliveryJob>, token: string | undefined, at: number): Promise<never> {
  await job.moveToDelayed(at, token);
  throw new DelayedError();
}

/** markSent after a send that went out: retried, because failing here would send it again. */
async function recordSent(deps: DeliveryProcessorDeps, id: string, messageId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await markSent(deps.db, id, messageId, deps.now());
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      deps.log.warn({ deliveryId: id, err: (error as Error).message, attempt }, "could not record a sent delivery; retrying");
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
}

export function createDeliveryProcessor(deps: DeliveryProcessorDeps) {
  /** Why a row could not be claimed, and what to do about it (the uncommon path). */
  async function notClaimed(job: Job<DeliveryJob>, token: string | undefined, id: string, now: Date): Promise<string> {
    const { db } = deps;
    const delivery = await getDelivery(db, id);
    if (!delivery || FINAL.has(delivery.status)) return "nothing to do";
    if (!delivery.platform || !delivery.chatId || !isDeliveryPlatform(delivery.platform)) {
      await markFailed(db, delivery.id, "no platform account");
      return "failed: no account";
    }
    // Re-targeted to the member's other account (blocked here): that platform's queue has a job.
    if (delivery.platform !== deps.platform) return `moved to ${delivery.platform}`;
    if (delivery.notBefore && delivery.notBefore > now) {
      return delayJob(job, token, Date.now() + (delivery.notBefore.getTime() - now.getTime()));
    }
    // Another run holds a fresh claim: the same message in another job, or a worker that died
    // mid-send. Look again once that claim would be stale: by then it is SENT, or it is taken over.
    if (delivery.status === "SENDING") {
      const claimedAt = delivery.claimedAt?.getTime() ?? now.getTime();
      return delayJob(job, token, Date.now() + Math.max(100, claimedAt + deps.staleClaimMs - deps.now().getTime() + 50));
    }
    // PENDING again: released between our two statements; simply try again shortly.
    return delayJob(job, token, Date.now() + 200);
  }

  return async (job: Job<DeliveryJob>, token?: string): Promise<string> => {
    const { db } = deps;
    const adapter = deps.adapter(deps.platform);
    // This process has no adapter for the platform (token missing): leave it for one that has (the
    // row stays PENDING; the planner queues it again).
    if (!adapter) throw new UnrecoverableError(`no ${deps.platform} adapter in this process`);
    const slot = await reservePlatformInstant(deps.redis, deps.prefix, deps.platform, deps.ratePerSecond);
    if ("paused" in slot) {
      await deps.queue.rateLimit(slot.paused);
      throw new RateLimitError();
    }
    if ("busy" in slot) return delayJob(job, token, Date.now() + slot.busy);
    if (slot.go > 0) await new Promise((r) => setTimeout(r, slot.go));
    const now = deps.now();
    // The hot path: one statement claims the row and reads what the send needs.
    const delivery = await claimForSending(db, job.data.deliveryId, deps.platform, now, deps.staleClaimMs);
    if (!delivery) return notClaimed(job, token, job.data.deliveryId, now);

    let wait: number;
    try {
      wait = await gate(deps, delivery.platform, delivery.chatId, delivery.memberId === null, `${delivery.id}:${job.id}:${Date.now()}`);
    } catch (error) {
      await releaseDelivery(db, delivery.id, delivery.lastError, { refundAttempt: true, claimedAt: now });
      throw error;
    }
    if (wait !== 0) {
      await releaseDelivery(db, delivery.id, delivery.lastError, { refundAttempt: true, claimedAt: now });
      if (wait < 0) {
        // Paused after a 429 seen by another run: back to the queue, and make sure the queue itself
        // is paused for the rest of that time (else this worker would fetch the job straight back).
        await deps.queue.rateLimit(-wait);
        throw new RateLimitError();
      }
      return delayJob(job, token, Date.now() + wait);
    }
    if (deps.now().getTime() - now.getTime() > deps.staleClaimMs / 2) {
      // Held up (Redis down and back, a stalled event loop): the claim is getting old enough to be
      // taken over while we send. Hand it back and start again rather than risk a second copy.
      await releaseDelivery(db, delivery.id, delivery.lastError, { refundAttempt: true, claimedAt: now });
      return delayJob(job, token, Date.now() + 100);
    }

    let messageId: string;
    try {
      messageId = (await adapter.send(delivery.chatId, delivery.payload)).messageId;
    } catch (error) {
      const err = error instanceof ChannelError ? error : new ChannelError("TRANSIENT", error instanceof Error ? error.message : String(error));
      if (err.kind === "RATE_LIMITED") {
        const ms = Math.max(1, err.retryAfterSeconds ?? 1) * 1000;
        // Pause first (every worker checks the key right before sending), then the queue itself.
        await deps.redis.eval(PAUSE_SCRIPT, 1, platformPauseKey(deps.prefix, delivery.platform), String(ms));
        await deps.queue.rateLimit(ms);
        await releaseDelivery(db, delivery.id, err.message, { refundAttempt: true, claimedAt: now });
        deps.log.warn({ platform: delivery.platform, retryAfterMs: ms }, "platform rate limit: pausing the queue");
        deps.onOutcome?.(delivery.platform, "RATE_LIMITED");
        throw new RateLimitError();
      }
      if (err.kind === "BLOCKED") {
        if (delivery.identityId) {
          await markIdentityBlocked(db, delivery.identityId, deps.now());
        } else {
          await markUnreachable(db, delivery.platform, delivery.chatId, deps.now());
        }
        const fallback = delivery.memberId ? await resolveTarget(db, delivery.memberId, delivery.identityId ? [delivery.identityId] : []) : null;
        if (fallback) {
          await retarget(db, delivery.id, fallback);
          // A new job id: the running job still holds the plain one. On LOCAL the row waits for the
          // member's terminal chat, which takes it (reach counts that chat as an account).
          if (isDeliveryPlatform(fallback.platform))
            await addDeliveryJob(deps.queues, delivery.id, fallback.platform, null, deps.now(), `-via-${fallback.identityId}`);
          return "blocked: sent via the other account";
        }
        await markFailed(db, delivery.id, `blocked: ${err.message}`);
        deps.onOutcome?.(delivery.platform, "FAILED");
        throw new UnrecoverableError(`blocked: ${err.message}`);
      }
      if (err.kind === "PERMANENT") {
        await markFailed(db, delivery.id, err.message);
        deps.onOutcome?.(delivery.platform, "FAILED");
        throw new UnrecoverableError(err.message);
      }
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (lastAttempt) {
        await markFailed(db, delivery.id, err.message);
        deps.onOutcome?.(delivery.platform, "FAILED");
        throw new UnrecoverableError(err.message);
      }
      await releaseDelivery(db, delivery.id, err.message, { claimedAt: now });
      deps.onOutcome?.(delivery.platform, "RETRY");
      throw err;
    }
    // Sent: from here on nothing may hand the row back, or it would go out twice.
    await recordSent(deps, delivery.id, messageId);
    deps.onOutcome?.(delivery.platform, "SENT");
    return "sent";
  };
}
