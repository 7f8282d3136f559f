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
import {
  conversationOf,
  failInbound,
  lockFirstInbound,
  markHandled,
  markRepliesSent,
  peekInbound,
  pendingConversations,
  storeInbound,
  type InboxRow,
} from "../../db/inbox.ts";
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
/** A step's transaction may hold a reply's send with its retries (429 waits included): well inside this. */
const SEND_TIMEOUT_MS = 5 * 60_000;

export function createInbox(options: InboxOptions): Inbox {
  const { db, log } = options;
  const maxAttempts = options.maxAttempts ?? 3;
  const sweepMs = options.sweepMs ?? 2000;
  const now = options.now ?? (() => new Date());
  const queue: string[] = [];
  const queued = new Set<string>();
  const running = new Set<string>();
  const recovering = new Set<string>();
  /** Conversations that got a new row while running: look again when done. */
  const dirty = new Set<string>();
  const work = new Set<Promise<void>>();
  let stopped = true;
  let sweeper: NodeJS.Timeout | undefined;
  let idleWaiters: Array<() => void> = [];

  function adapterFor(platform: Platform): ChannelAdapter | undefined {
    return options.adapters().find((a) => a.platform === platform);
  }

  /** `recover`: found by the sweep, not by this process's accept (its attempt is counted first). */
  function schedule(conversation: string, recover = false): void {
    if (stopped) return;
    if (running.has(conversation) || queued.has(conversation)) {
      dirty.add(conversation);
      return;
    }
    if (recover) recovering.add(conversation);
    queued.add(conversation);
    queue.push(conversation);
    pump();
  }

  function pump(): void {
    while (!stopped && running.size < options.concurrency && queue.length > 0) {
      const conversation = queue.shift() as string;
      queued.delete(conversation);
      running.add(conversation);
      const job = run(conversation, recovering.delete(conversation))
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
  async function run(conversation: string, recover: boolean): Promise<void> {
    // Rows this process did not just store may have been left by a crash: the attempt is counted
    // (committed) before handling, so an update that kills the process every time is given up.
    // The hot path needs no such count: a crash there leaves the row to the next start's sweep.
    let replies: Pending | undefined;
    let count = recover;
    for (;;) {
      if (stopped) return;
      if (count && !(await peekInbound(db, conversation))) return;
      const outcome = replies && !options.lockWhileSending ? await sendUnlocked(replies) : await step(conversation);
      if (outcome === "idle") return;
      // Rows this process stored meanwhile marked the conversation dirty; rows another process
      // stored are found by the sweep (which recovers: goes on until nothing is left).
      if (outcome === "finished" && !recover && !dirty.delete(conversation)) return;
      count = outcome === "finished" && recover;
      if (outcome === "busy") {
        // Another process holds it: look again shortly; that process handles our rows too
        // unless it read the list before they were stored.
        setTimeout(() => schedule(conversation), LOCK_RETRY_MS).unref();
        return;
      }
      if (outcome === "later") {
        setTimeout(() => schedule(conversation), 1000).unref();
        return;
      }
      replies = typeof outcome === "object" ? outcome : undefined;
    }
  }

  /** A handled update whose replies are known in memory (sent without a lock by one process). */
  type Pending = { row: InboxRow };
  /** finished: that update is complete; progress: more to do on it or after it. */
  type Outcome = "progress" | "finished" | "busy" | "later" | "idle" | Pending;

  /** One transaction on the conversation's first unfinished update: handle it, or send a reply. */
  async function step(conversation: string): Promise<Outcome> {
    let afterCommit: (() => Promise<void>) | undefined;
    let handled: InboxRow | undefined;
    let failure: unknown;
    let outcome: Outcome;
    try {
      outcome = await inTransaction(
        db,
        async (tx) => {
          const row = await lockFirstInbound(tx, conversation);
          if (row === null) return "idle";
          if (row === "busy") return "busy";
          if (row.status === "REPLYING") return sendLocked(tx, row);
          if (row.attempts > maxAttempts) {
            await failInbound(tx, row.seq, "too many attempts", now());
            log.error({ platform: row.event.platform, updateId: row.event.updateId, attempts: row.attempts }, "inbox: update given up after repeated failures");
            options.onFailed?.(row.event.platform);
            return "finished";
          }
          const answer = await options.answer(tx, row.event);
          afterCommit = answer.afterCommit;
          await markHandled(tx, row.seq, answer.replies, now());
          handled = { ...row, status: "REPLYING", replies: answer.replies, repliesSent: 0 };
          return answer.replies.length > 0 ? { row: handled } : "finished";
        },
        { timeoutMs: SEND_TIMEOUT_MS },
      );
    } catch (error) {
      failure = error;
      handled = undefined;
      afterCommit = undefined;
      outcome = "progress";
    }
    if (failure !== undefined) {
      // Rolled back: nothing of it happened. The member is told, once, in a transaction of its own.
      outcome = await inTransaction(db, async (tx) => {
        const row = await lockFirstInbound(tx, conversation);
        if (row === null) return "idle";
        if (row === "busy" || row.status !== "PENDING") return "busy";
        log.error({ err: failure, platform: row.event.platform, updateId: row.event.updateId }, "inbox: handling failed");
        const replies = options.failed(row.event);
        await markHandled(tx, row.seq, replies, now(), failure instanceof Error ? failure.message : JSON.stringify(failure));
        handled = { ...row, status: "REPLYING", replies, repliesSent: 0 };
        return { row: handled };
      });
    }
    if (handled) {
      if (afterCommit) await afterCommit().catch((error: unknown) => log.warn({ err: error }, "inbox: after-commit work failed"));
      options.onHandled?.(handled.event);
    }
    // With several processes the reply is sent in a transaction holding the row (the next step).
    return typeof outcome === "object" && options.lockWhileSending ? "progress" : outcome;
  }

  /** Sends the next reply of a handled update; true when it went out. */
  async function sendReply(row: InboxRow): Promise<boolean | "no adapter"> {
    const adapter = adapterFor(row.event.platform);
    if (!adapter) {
      log.warn({ platform: row.event.platform }, "inbox: no adapter for a stored update; its replies wait");
      return "no adapter";
    }
    const reply = row.replies[row.repliesSent];
    // A reply that could not go out (blocked, or failed after its retries) ends the update's replies.
    return reply ? options.send(adapter, row.event, reply) : false;
  }

  /** Inside the step's transaction, which holds the row: nobody else can send it meanwhile. */
  async function sendLocked(tx: Db, row: InboxRow): Promise<Outcome> {
    const sent = await sendReply(row);
    if (sent === "no adapter") return "later";
    const upTo = sent ? row.repliesSent + 1 : row.replies.length;
    await markRepliesSent(tx, row.seq, row.repliesSent, upTo, row.replies.length);
    return upTo < row.replies.length ? "progress" : "finished";
  }

  /** One process only: nobody else sends, so no transaction is held over the platform's round trip. */
  async function sendUnlocked(pending: Pending): Promise<Outcome> {
    const { row } = pending;
    const sent = await sendReply(row);
    if (sent === "no adapter") return "later";
    const upTo = sent ? row.repliesSent + 1 : row.replies.length;
    if (!(await markRepliesSent(db, row.seq, row.repliesSent, upTo, row.replies.length))) return "progress";
    return upTo < row.replies.length ? { row: { ...row, repliesSent: upTo } } : "finished";
  }

  async function sweep(): Promise<void> {
    try {
      const platforms = options.adapters().map((a) => a.platform);
      for (const conversation of await pendingConversations(db, platforms, 1000)) schedule(conversation, true);
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
