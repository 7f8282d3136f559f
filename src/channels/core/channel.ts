// The channel core: one poll loop, one resumable send and one webhook authentication for every
// platform, driven by the platform's policy (policy.ts). A received update is normalized, cleaned
// of control characters and handed to the handler (which stores it in the inbox); anything that
// does not normalise is answered 200, logged and counted, never retried by the platform.
import { setTimeout as sleep } from "node:timers/promises";
import { backoffDelay } from "../retry.ts";
import type { AdapterLogger, ChannelAdapter, ChannelObserver, ExclusiveLock, HeldLock, InboundEvent, InboundHandler, WebhookRequest } from "../types.ts";
import type { Normalized, PlatformParts } from "./platform.ts";
import { createResumableSender } from "./resumable-send.ts";
import { cleanEvent } from "./sanitize.ts";
import { createSecretCheck } from "./webhook-auth.ts";

export interface ChannelOptions {
  parts: PlatformParts;
  /** Receive by webhook instead of long polling. */
  webhook?: { url: string; secret: string; path: string };
  pollTimeoutSeconds?: number;
  logger?: AdapterLogger;
  observer?: ChannelObserver;
  /** Enforces one poller per token across processes (Telegram and Zalo both refuse two). */
  exclusive?: ExclusiveLock;
  /** Name of that lock: the platform and a digest of the token. */
  pollLockName?: string;
  /** How often a process that found the poll lock taken tries again. */
  pollLockRetryMs?: number;
}

const silent: AdapterLogger = { info() {}, warn() {}, error() {} };
const STORE_RETRY_MAX_MS = 10_000;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createChannel(options: ChannelOptions): ChannelAdapter {
  const { parts } = options;
  const policy = parts.policy;
  const platform = policy.platform;
  const log = options.logger ?? silent;
  const pollSeconds = options.pollTimeoutSeconds ?? policy.pollTimeoutSeconds;
  const webhook = options.webhook;
  const authenticate = webhook ? createSecretCheck(policy.secretHeader, webhook.secret) : undefined;
  const toChannelError = (error: unknown) => {
    const err = parts.toChannelError(error);
    if (err.kind === "RATE_LIMITED") options.observer?.rateLimited(platform);
    return err;
  };
  const send = createResumableSender({ resumeWindowMs: policy.resumeWindowMs, plan: parts.plan.bind(parts), toChannelError });

  let handler: InboundHandler | null = null;
  let poller: { controller: AbortController; done: Promise<void> } | null = null;
  const inflight = new Set<Promise<unknown>>();

  function track(work: Promise<unknown>): void {
    inflight.add(work);
    void work.finally(() => inflight.delete(work));
  }

  function normalize(raw: unknown): Normalized {
    try {
      return parts.normalize(raw);
    } catch (error) {
      return { kind: "malformed", reason: `normalize failed: ${message(error)}` };
    }
  }

  /** Normalizes and stores one update; false when it was dropped (malformed or ignored). */
  async function accept(raw: unknown, source: "poll" | "webhook"): Promise<boolean> {
    return acceptNormalized(normalize(raw), source);
  }

  /** Logs and counts an update that is not stored (malformed or ignored). */
  function drop(normalized: Exclude<Normalized, { kind: "event" }>, source: "poll" | "webhook"): void {
    const level = normalized.kind === "malformed" ? "warn" : "info";
    log[level]({ source, reason: normalized.reason }, `${platform.toLowerCase()}: update ${normalized.kind}, dropped`);
    options.observer?.rejected(platform, normalized.kind);
  }

  function acknowledge(normalized: Normalized): void {
    if (normalized.kind === "event" && normalized.afterAccept) {
      track(normalized.afterAccept().catch((error: unknown) => log.warn({ err: message(error) }, "after-accept call failed")));
    }
  }

  async function acceptNormalized(normalized: Normalized, source: "poll" | "webhook"): Promise<boolean> {
    if (normalized.kind !== "event") {
      drop(normalized, source);
      return false;
    }
    const current = handler;
    if (!current) throw new Error(`${platform} channel is not started`);
    try {
      await current(cleanEvent(normalized.event));
    } finally {
      // Even when storing failed: a button press is acknowledged at once either way (the spinner
      // stops); the redelivered update is stored and handled then.
      acknowledge(normalized);
    }
    return true;
  }

  async function takePollLock(signal: AbortSignal): Promise<HeldLock | null | "none"> {
    if (!options.exclusive || !options.pollLockName) return "none";
    let told = false;
    while (!signal.aborted) {
      try {
        const lock = await options.exclusive(options.pollLockName);
        if (lock) return lock;
        if (!told) log.warn({}, `${platform.toLowerCase()}: another process is polling this bot token; waiting (one poller per token)`);
        told = true;
      } catch (error) {
        log.warn({ err: message(error) }, "poll lock could not be taken; retrying");
      }
      await sleep(options.pollLockRetryMs ?? 5000, undefined, { signal }).catch(() => undefined);
    }
    return null;
  }

  /** Stores one polled update, retrying while the database is unavailable; false if stopped first. */
  async function storePolled(normalized: Normalized, signal: AbortSignal): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await acceptNormalized(normalized, "poll");
        return true;
      } catch (error) {
        if (signal.aborted) return false;
        const delayMs = backoffDelay(attempt, 200, STORE_RETRY_MAX_MS, Math.random);
        log.error({ err: message(error), delayMs }, `${platform.toLowerCase()}: a polled update could not be stored; retrying`);
        await sleep(delayMs, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /** Stores a polled batch with the handler's one statement, retrying while the database is unavailable. */
  async function storeBatch(batch: Normalized[], many: NonNullable<InboundHandler["many"]>, signal: AbortSignal): Promise<boolean> {
    const events: InboundEvent[] = [];
    for (const normalized of batch) {
      if (normalized.kind === "event") events.push(cleanEvent(normalized.event));
      else drop(normalized, "poll");
    }
    if (events.length === 0) return true;
    for (let attempt = 1; ; attempt++) {
      try {
        await many(events);
        return true;
      } catch (error) {
        if (signal.aborted) return false;
        const delayMs = backoffDelay(attempt, 200, STORE_RETRY_MAX_MS, Math.random);
        log.error({ err: message(error), delayMs }, `${platform.toLowerCase()}: polled updates could not be stored; retrying`);
        await sleep(delayMs, undefined, { signal }).catch(() => undefined);
      } finally {
        // As for one update: button presses are acknowledged at once, stored or not yet.
        if (attempt === 1) for (const normalized of batch) acknowledge(normalized);
      }
    }
  }

  /** Stores a polled batch one update at a time: one conversation in order, different ones at once. */
  async function storeEach(batch: Normalized[], signal: AbortSignal): Promise<boolean> {
    const groups = new Map<string, Normalized[]>();
    for (const normalized of batch) {
      const key = normalized.kind === "event" ? `${normalized.event.chatId}\u0000${normalized.event.userId}` : "";
      const group = groups.get(key);
      if (group) group.push(normalized);
      else groups.set(key, [normalized]);
    }
    const results = await Promise.all(
      [...groups.values()].map(async (group) => {
        for (const normalized of group) if (!(await storePolled(normalized, signal))) return false;
        return true;
      }),
    );
    return !results.includes(false);
  }

  async function pollLoop(signal: AbortSignal): Promise<void> {
    const lock = await takePollLock(signal);
    if (lock === null) return;
    let failures = 0;
    try {
      while (!signal.aborted) {
        const started = Date.now();
        let updates: unknown[];
        try {
          updates = await parts.fetchUpdates(pollSeconds, signal);
          failures = 0;
        } catch (error) {
          if (signal.aborted) break;
          failures += 1;
          const err = toChannelError(error);
          const delayMs =
            err.kind === "RATE_LIMITED"
              ? Math.max(1, err.retryAfterSeconds ?? policy.defaultRetryAfterSeconds) * 1000
              : backoffDelay(failures, policy.pollBackoffBaseMs, policy.pollBackoffMaxMs, Math.random);
          const level = err.kind === "PERMANENT" ? "error" : "warn";
          log[level]({ err: err.message, kind: err.kind, failures, delayMs }, `${platform.toLowerCase()}: getUpdates failed`);
          await sleep(delayMs, undefined, { signal }).catch(() => undefined);
          continue;
        }
        // A cell answering a reminder together arrives as one batch of many chats: stored with one
        // statement when the handler can, else one conversation in order, different ones at once.
        const batch = updates.map(normalize);
        const many = handler?.many;
        const stored = many ? await storeBatch(batch, many, signal) : await storeEach(batch, signal);
        if (!stored) break; // stopping: what was not stored is received again after a restart
        parts.commitFetched?.();
        const elapsed = Date.now() - started;
        if (updates.length > 0 && updates.length < policy.pollBatchLimit && elapsed < policy.busyPollIntervalMs) {
          await sleep(policy.busyPollIntervalMs - elapsed, undefined, { signal }).catch(() => undefined);
        } else if (updates.length === 0 && elapsed < policy.minEmptyPollMs) {
          await sleep(policy.minEmptyPollMs, undefined, { signal }).catch(() => undefined);
        }
      }
      await parts.confirm?.().catch((error: unknown) => log.warn({ err: message(error) }, "confirming polled updates failed"));
    } finally {
      if (lock !== "none") await lock.release().catch(() => undefined);
    }
  }

  const adapter: ChannelAdapter = {
    platform,
    send,

    async start(onEvent: InboundHandler): Promise<void> {
      if (handler) throw new Error(`${platform} channel already started`);
      await parts.prepare?.();
      if (webhook) {
        try {
          await parts.setWebhook(webhook.url, webhook.secret);
        } catch (error) {
          throw toChannelError(error);
        }
        handler = onEvent;
        log.info({ path: webhook.path }, `${platform.toLowerCase()}: webhook registered`);
        return;
      }
      // A webhook left from an earlier deployment disables getUpdates on both platforms.
      try {
        await parts.deleteWebhook();
      } catch (error) {
        const err = toChannelError(error);
        if (err.kind === "PERMANENT") throw err;
        log.warn({ err: err.message }, `${platform.toLowerCase()}: deleteWebhook before polling failed`);
      }
      handler = onEvent;
      const controller = new AbortController();
      const done = pollLoop(controller.signal).catch((error: unknown) => {
        log.error({ err: message(error) }, `${platform.toLowerCase()}: polling stopped unexpectedly`);
      });
      poller = { controller, done };
      log.info({ pollSeconds }, `${platform.toLowerCase()}: long polling started`);
    },

    async stop(): Promise<void> {
      const current = poller;
      poller = null;
      if (current) {
        current.controller.abort();
        await current.done;
      }
      await Promise.allSettled([...inflight]);
      handler = null;
    },
  };

  if (webhook && authenticate) {
    Object.assign(adapter, {
      webhookPath: webhook.path,
      webhookBodyLimit: policy.webhookBodyLimitBytes,
      authenticateWebhook: authenticate,
      async handleWebhook(request: WebhookRequest): Promise<number> {
        if (!authenticate(request.headers)) {
          log.warn({}, `${platform.toLowerCase()} webhook with a wrong or missing secret`);
          return 401;
        }
        // Not started (or stopping): the platform retries later.
        if (!handler) return 503;
        let raw: unknown;
        try {
          raw = parts.fromWebhook(request.body);
        } catch (error) {
          raw = { unreadable: message(error) };
        }
        try {
          await accept(raw, "webhook");
          return 200;
        } catch (error) {
          // Not stored (database down): only now is a redelivery wanted.
          log.error({ err: message(error) }, `${platform.toLowerCase()} webhook update could not be stored`);
          return 503;
        }
      },
    });
  }
  return adapter;
}
