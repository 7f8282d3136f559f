// Sends one Delivery. Exactly-once comes from the row: a job that runs twice finds it claimed or
// sent and does nothing. Platform answers decide what happens next:
//  429       → the whole platform queue pauses for retry_after; the attempt is not used up.
//  BLOCKED   → identity unreachable; the member's other account is tried, else FAILED (no retry).
//  TRANSIENT → bounded retries with backoff and jitter (BullMQ attempts).
//  PERMANENT → FAILED, no retry.
import { DelayedError, RateLimitError, UnrecoverableError, type Job, type Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Db } from "../../src/db/client.ts";
import type { Logger } from "../../src/log.ts";
import { ChannelError, type ChannelAdapter, type OutgoingMessage, type Platform } from "../../src/channels/types.ts";
import { claimDelivery, getDelivery, markFailed, markSent, releaseDelivery, resolveTarget, retarget } from "../../src/db/deliveries.ts";
import { markUnreachable } from "../../src/db/identities.ts";
import { isDeliveryPlatform, type DeliveryJob } from "../queues.ts";
import { addDeliveryJob, type DeliveryQueues } from "./enqueue.ts";

export interface DeliveryProcessorDeps {
  db: Db;
  redis: Redis;
  prefix: string;
  log: Logger;
  adapter(platform: Platform): ChannelAdapter | undefined;
  queue: Queue<DeliveryJob>;
  queues: DeliveryQueues;
  now: () => Date;
  /** A claim older than this belongs to a worker that died mid-send. */
  staleClaimMs: number;
  perChatIntervalMs: number;
  groupPerMinute: number;
  onOutcome?: (platform: Platform, status: "SENT" | "FAILED" | "RATE_LIMITED" | "RETRY") => void;
}

/** 1 message a second per chat (Telegram's rule), 20 a minute per group: a Redis key per chat. */
async function chatSlotWait(deps: DeliveryProcessorDeps, platform: Platform, chatId: string, isGroup: boolean): Promise<number> {
  const key = `${deps.prefix}:chat-slot:${platform}:${chatId}`;
  if (isGroup) {
    const windowKey = `${key}:${Math.floor(deps.now().getTime() / 60_000)}`;
    const count = await deps.redis.incr(windowKey);
    if (count === 1) await deps.redis.pexpire(windowKey, 61_000);
    if (count > deps.groupPerMinute) return 60_000 - (deps.now().getTime() % 60_000);
  }
  const ok = await deps.redis.set(key, "1", "PX", deps.perChatIntervalMs, "NX");
  if (ok === "OK") return 0;
  const ttl = await deps.redis.pttl(key);
  return Math.max(ttl, 1);
}

export function createDeliveryProcessor(deps: DeliveryProcessorDeps) {
  return async (job: Job<DeliveryJob>, token?: string): Promise<string> => {
    const { db } = deps;
    const delivery = await getDelivery(db, job.data.deliveryId);
    if (!delivery || delivery.status === "SENT" || delivery.status === "FAILED" || delivery.status === "SKIPPED") return "nothing to do";
    if (!delivery.platform || !delivery.chatId || !isDeliveryPlatform(delivery.platform)) {
      await markFailed(db, delivery.id, "no platform account");
      return "failed: no account";
    }
    const adapter = deps.adapter(delivery.platform);
    if (!adapter) {
      // This process has no adapter for the platform (token missing): leave it for one that has.
      throw new UnrecoverableError(`no ${delivery.platform} adapter in this process`);
    }
    const isGroup = delivery.memberId === null;
    const wait = await chatSlotWait(deps, delivery.platform, delivery.chatId, isGroup);
    if (wait > 0) {
      await job.moveToDelayed(Date.now() + wait, token);
      throw new DelayedError();
    }
    if (!(await claimDelivery(db, delivery.id, deps.now(), deps.staleClaimMs))) return "claimed elsewhere";

    try {
      const result = await adapter.send(delivery.chatId, delivery.payload as unknown as OutgoingMessage);
      await markSent(db, delivery.id, result.messageId, deps.now());
      deps.onOutcome?.(delivery.platform, "SENT");
      return "sent";
    } catch (error) {
      const err = error instanceof ChannelError ? error : new ChannelError("TRANSIENT", error instanceof Error ? error.message : String(error));
      if (err.kind === "RATE_LIMITED") {
        await releaseDelivery(db, delivery.id, err.message, { refundAttempt: true });
        const ms = Math.max(1, err.retryAfterSeconds ?? 1) * 1000;
        deps.log.warn({ platform: delivery.platform, retryAfterMs: ms }, "platform rate limit: pausing the queue");
        deps.onOutcome?.(delivery.platform, "RATE_LIMITED");
        await deps.queue.rateLimit(ms);
        throw new RateLimitError();
      }
      if (err.kind === "BLOCKED") {
        if (delivery.identityId) {
          await db.identity.update({ where: { id: delivery.identityId }, data: { reachable: false, blockedAt: deps.now() } });
        } else {
          await markUnreachable(db, delivery.platform, delivery.chatId, deps.now());
        }
        const fallback = delivery.memberId ? await resolveTarget(db, delivery.memberId, delivery.identityId ? [delivery.identityId] : []) : null;
        if (fallback && isDeliveryPlatform(fallback.platform)) {
          await retarget(db, delivery.id, fallback);
          // A new job id: the running job still holds the plain one.
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
      await releaseDelivery(db, delivery.id, err.message);
      deps.onOutcome?.(delivery.platform, "RETRY");
      throw err;
    }
  };
}
