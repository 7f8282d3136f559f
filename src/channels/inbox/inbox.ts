// The durable inbox and its concurrent dispatcher: one path for both platforms and both modes.
//   accept   stores the normalized update (unique per platform and update id) and returns: the
//            webhook is answered 200 / the poll confirmed only after this. Then it wakes the
//            dispatcher.
//   dispatch conversations (platform, chat, user) are handled concurrently, at most `concurrency`
//            at once; one conversation's updates strictly in arrival (seq) order: only its first
//            unfinished update is ever worked on, under that row's lock (src/db/inbox.ts), so
//            order holds across bot processes behind a load balancer too.
//   recover  a sweep (at start and every sweepMs) picks up rows left unfinished by a crash or by
//            another process; the attempt is counted before handling, so an update that kills the
//            process every time is set FAILED after maxAttempts instead of looping forever.
// Exactly once: one transaction holds the row lock, runs the engine on it (every write of the
// conversation: its state, the flows' rows, the delivery rows of notices) and stores the replies
// with the row set REPLYING. A crash before the commit undoes all of it (handled again later); a
// crash after it handles nothing again: the replies are sent from the stored row, each one's
// progress committed after it went out (a crash between a send and that commit repeats that one
// message: the window no sender to an outside platform can close). With several processes the
// row lock is also held while sending (`lockWhileSending`), so no two processes send one reply.
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../log.ts";
import { conversationOf, failInbound, lockFirstInbound, markHandled, markRepliesSent, peekInbound, pendingConversations, storeInbound, type InboxRow } from "../../db/inbox.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { ChannelAdapter, InboundEvent, InboundHandler, OutgoingMessage, Platform } from "../types.ts";

/** What handling an update inside the inbox's transaction produced. */
export interface Answer {
  replies: OutgoingMessage[];
  /** Work for after the commit (queueing the notices the transaction wrote). */
  afterCommit?: () => Promise<void>;
}

export interface InboxOptions {
  db: Db;
  log: Logger;
  /** Runs the engine for one event on the transaction `tx`; throws when handling failed. */
  answer: (tx: Db, event: InboundEvent) => Promise<Answer>;
  /** The replies when `answer` threw (its writes are rolled back). */
  failed: (event: InboundEvent) => OutgoingMessage[];
  /** Sends one reply (with retries); false stops the rest of this update's replies. */
  send: (adapter: ChannelAdapter, event: InboundEvent, reply: OutgoingMessage) => Promise<boolean>;
  adapters: () => readonly ChannelAdapter[];
  /** Conversations handled at once in this process. */
  concurrency: number;
  /**
   * Several bot processes share the database: hold the row lock while a reply is sent, so another
   * process cannot send it too. One process (the embedded database) sends without a transaction:
   * nobody else can, and PGlite runs one transaction at a time for all connections.
   */
  lockWhileSending: boolean;
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
/** A reply's send with its retries (429 waits included) stays well inside this. */
const SEND_TIMEOUT_MS = 5 * 60_000;

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

  /** Works through the conversation's unfinished updates, first to last. */
  async function run(conversation: string): Promise<void> {
    for (;;) {
      if (stopped) return;
      const first = await peekInbound(db, conversation);
      if (!first) return;
      const outcome = await step(first);
      if (outcome === "busy") {
        // Another process holds it (or it failed and waits): look again shortly; that process
        // handles our rows too unless it read the list before they were stored.
        setTimeout(() => schedule(conversation), LOCK_RETRY_MS).unref();
        return;
      }
      if (outcome === "later") {
        setTimeout(() => schedule(conversation), 1000 * Math.max(1, first.attempts)).unref();
        return;
      }
    }
  }

  type Outcome = "progress" | "busy" | "later";

  /** One unit of work on the conversation's first unfinished update. */
  async function step(first: { seq: bigint; status: string; attempts: number }): Promise<Outcome> {
    if (first.status === "PENDING" && first.attempts > maxAttempts) {
      const row = await inTransaction(db, async (tx) => {
        const locked = await lockFirstInbound(tx, first.seq);
        if (locked) await failInbound(tx, first.seq, "too many attempts", now());
        return locked;
      });
      if (!row) return "busy";
      log.error({ platform: row.event.platform, updateId: row.event.updateId, attempts: first.attempts }, "inbox: update given up after repeated failures");
      options.onFailed?.(row.event.platform);
      return "progress";
    }
    if (first.status === "PENDING") return handle(first.seq);
    return sendNext(first.seq);
  }

  /** The engine, its writes and the replies in one transaction with the row set REPLYING. */
  async function handle(seq: bigint): Promise<Outcome> {
    let afterCommit: (() => Promise<void>) | undefined;
    let failure: unknown;
    // null: locked by another process; "moved": someone finished this step meanwhile.
    let handled: InboxRow | "moved" | null = null;
    try {
      handled = await inTransaction(db, async (tx) => {
        const row = await lockFirstInbound(tx, seq);
        if (!row || row.status !== "PENDING") return row && "moved";
        const answer = await options.answer(tx, row.event);
        afterCommit = answer.afterCommit;
        await markHandled(tx, seq, answer.replies, now());
        return row;
      });
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined) {
      // Rolled back: nothing of it happened. The member is told, once, in a transaction of its own.
      handled = await inTransaction(db, async (tx) => {
        const row = await lockFirstInbound(tx, seq);
        if (!row || row.status !== "PENDING") return row && "moved";
        log.error({ err: failure, platform: row.event.platform, updateId: row.event.updateId }, "inbox: handling failed");
        await markHandled(tx, seq, options.failed(row.event), now(), String(failure));
        return row;
      });
    }
    if (!handled) return "busy";
    if (handled === "moved") return "progress";
    if (afterCommit) await afterCommit().catch((error: unknown) => log.warn({ err: error }, "inbox: after-commit work failed"));
    options.onHandled?.(handled.event);
    return "progress";
  }

  /** Sends the next unsent reply of a handled update and records it. */
  async function sendNext(seq: bigint): Promise<Outcome> {
    const sendOne = async (tx: Db): Promise<Outcome> => {
      const row = await lockFirstInbound(tx, seq);
      if (!row) return "busy";
      if (row.status !== "REPLYING") return "progress";
      const adapter = adapterFor(row.event.platform);
      if (!adapter) {
        log.warn({ platform: row.event.platform }, "inbox: no adapter for a stored update; its replies wait");
        return "later";
      }
      const reply = row.replies[row.repliesSent];
      // A reply that could not go out (blocked, or failed after its retries) ends the update's replies.
      const sent = reply ? await options.send(adapter, row.event, reply) : false;
      const upTo = sent ? row.repliesSent + 1 : row.replies.length;
      await markRepliesSent(tx, seq, row.repliesSent, upTo, row.replies.length);
      return "progress";
    };
    return options.lockWhileSending ? inTransaction(db, sendOne, { timeoutMs: SEND_TIMEOUT_MS }) : sendOne(db);
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

