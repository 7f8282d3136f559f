// The durable inbox and its concurrent dispatcher: one path for both platforms and both modes.
//   accept   stores the normalized update (unique per platform and update id) and returns: the
//            webhook is answered 200 / the poll confirmed only after this. Then it wakes the
//            dispatcher.
//   dispatch conversations (platform, chat, user) are handled concurrently, at most `concurrency`
//            at once; one conversation's updates strictly in arrival (seq) order. Across
//            processes a PostgreSQL advisory lock per conversation is held while it is handled,
//            and the holder handles every pending row of it, so order holds with several bot
//            processes behind a load balancer.
//   recover  a sweep (at start and every sweepMs) picks up rows left pending by a crash or by
//            another process; the attempt is counted before handling, so an update that kills the
//            process every time is set FAILED after maxAttempts instead of looping forever.
// Marking: a row is set DONE right after its handling; a crash between the handling's effects and
// that mark re-handles it once more (at-least-once; the window is one UPDATE long). Nothing is lost.
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../log.ts";
import { conversationOf, finishInbound, pendingConversations, pendingOf, recordInboundError, startAttempt, storeInbound } from "../../db/inbox.ts";
import type { LockSession } from "../../db/locks.ts";
import type { ChannelAdapter, InboundEvent, InboundHandler, Platform } from "../types.ts";

export interface InboxOptions {
  db: Db;
  log: Logger;
  /** Handles one event (engine + replies); see handleEvent. */
  handle: (adapter: ChannelAdapter, event: InboundEvent) => Promise<void>;
  adapters: () => readonly ChannelAdapter[];
  /** Conversations handled at once in this process. */
  concurrency: number;
  /** Cross-process ordering; without it (embedded database: one process only) ordering is in memory. */
  locks?: LockSession;
  sweepMs?: number;
  maxAttempts?: number;
  onHandled?: (event: InboundEvent) => void;
  onFailed?: (platform: Platform) => void;
  now?: () => Date;
}

export interface Inbox {
  /** The adapters' InboundHandler: resolves once the update is stored. */
  accept: InboundHandler;
  start(): void;
  /** Stops taking new work and waits for the conversations being handled. */
  stop(): Promise<void>;
  /** Resolves when nothing is queued or running in this process (tests, benchmarks). */
  idle(): Promise<void>;
}

const LOCK_RETRY_MS = 50;
const BATCH = 20;

export function createInbox(options: InboxOptions): Inbox {
  const { db, log } = options;
  const maxAttempts = options.maxAttempts ?? 3;
  const sweepMs = options.sweepMs ?? 2000;
  const now = options.now ?? (() => new Date());
  const queue: string[] = [];
  const queued = new Set<string>();
  const running = new Set<string>();
  /** Conversations that got a new row while running: look again when done. */
  const dirty = new Set<string>();
  const work = new Set<Promise<void>>();
  let stopped = true;
  let sweeper: NodeJS.Timeout | undefined;
  let idleWaiters: Array<() => void> = [];

  function adapterFor(platform: Platform): ChannelAdapter | undefined {
    return options.adapters().find((a) => a.platform === platform);
  }

  function schedule(conversation: string): void {
    if (stopped) return;
    if (running.has(conversation)) {
      dirty.add(conversation);
      return;
    }
    if (queued.has(conversation)) return;
    queued.add(conversation);
    queue.push(conversation);
    pump();
  }

  function pump(): void {
    while (!stopped && running.size < options.concurrency && queue.length > 0) {
      const conversation = queue.shift() as string;
      queued.delete(conversation);
      running.add(conversation);
      const job = run(conversation)
        .catch((error: unknown) => log.error({ err: error, conversation }, "inbox: conversation handling failed"))
        .finally(() => {
          running.delete(conversation);
          work.delete(job);
          if (dirty.delete(conversation)) schedule(conversation);
          pump();
          if (running.size === 0 && queue.length === 0) {
            const waiters = idleWaiters;
            idleWaiters = [];
            for (const w of waiters) w();
          }
        });
      work.add(job);
    }
  }

  async function run(conversation: string): Promise<void> {
    const lock = options.locks ? await options.locks.tryLock(`inbox:${conversation}`) : null;
    if (options.locks && !lock) {
      // Another process is handling this conversation; it handles our rows too unless it read the
      // list before they were stored, so look again shortly.
      setTimeout(() => schedule(conversation), LOCK_RETRY_MS).unref();
      return;
    }
    try {
      for (;;) {
        const rows = await pendingOf(db, conversation, BATCH);
        for (const row of rows) {
          if (stopped) return;
          if (!(await handleRow(row))) {
            // Kept pending to keep the order; tried again after a pause.
            setTimeout(() => schedule(conversation), 1000 * Math.max(1, row.attempts)).unref();
            return;
          }
        }
        // Rows stored meanwhile in this process mark the conversation dirty (it runs again);
        // rows another process stored are found by the sweep.
        if (rows.length < BATCH) return;
      }
    } finally {
      await lock?.release().catch((error: unknown) => log.warn({ err: error }, "inbox: releasing a conversation lock failed"));
    }
  }

  /** True when the row is finished (DONE or FAILED); false to retry it later. */
  async function handleRow(row: { seq: bigint; event: InboundEvent; attempts: number }): Promise<boolean> {
    const { event } = row;
    if (row.attempts >= maxAttempts) {
      log.error({ platform: event.platform, updateId: event.updateId, attempts: row.attempts }, "inbox: update given up after repeated failures");
      await finishInbound(db, row.seq, { status: "FAILED", error: "too many attempts" }, now());
      options.onFailed?.(event.platform);
      return true;
    }
    const adapter = adapterFor(event.platform);
    if (!adapter) {
      log.warn({ platform: event.platform }, "inbox: no adapter for a stored update; left pending");
      return false;
    }
    if (!(await startAttempt(db, row.seq))) return true;
    try {
      await options.handle(adapter, event);
    } catch (error) {
      const attempts = row.attempts + 1;
      log.error({ err: error, platform: event.platform, updateId: event.updateId, attempts }, "inbox: handling failed");
      if (attempts >= maxAttempts) {
        await finishInbound(db, row.seq, { status: "FAILED", error: String(error) }, now());
        options.onFailed?.(event.platform);
        return true;
      }
      await recordInboundError(db, row.seq, String(error));
      row.attempts = attempts;
      return false;
    }
    await finishInbound(db, row.seq, { status: "DONE" }, now());
    options.onHandled?.(event);
    return true;
  }

  async function sweep(): Promise<void> {
    try {
      const platforms = options.adapters().map((a) => a.platform);
      for (const conversation of await pendingConversations(db, platforms, 1000)) schedule(conversation);
    } catch (error) {
      log.warn({ err: error }, "inbox: sweep failed");
    }
  }

  return {
    async accept(event) {
      if (await storeInbound(db, event)) schedule(conversationOf(event));
      else log.debug({ platform: event.platform, updateId: event.updateId }, "inbox: duplicate update ignored");
    },
    start() {
      if (!stopped) return;
      stopped = false;
      void sweep();
      sweeper = setInterval(() => void sweep(), sweepMs);
      sweeper.unref();
    },
    async stop() {
      stopped = true;
      if (sweeper) clearInterval(sweeper);
      queue.length = 0;
      queued.clear();
      await Promise.allSettled([...work]);
    },
    idle() {
      if (running.size === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

