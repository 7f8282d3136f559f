// The durable inbox and its concurrent dispatcher: one path for both platforms and both modes.
//   accept   stores the normalized update (unique per platform and update id) and returns: the
//            webhook is answered 200 / the poll confirmed only after this. Then it wakes the
//            dispatcher.
//   dispatch conversations (platform, chat, user) are handled concurrently, at most `concurrency`
//            at once (while a conversation's replies go out it holds no slot); one
//            conversation's updates strictly in arrival (seq) order: only its first unfinished
//            update is ever worked on, under that row's lock (src/db/inbox.ts), so order holds
//            across bot processes behind a load balancer too.
//   recover  a sweep (at start and every sweepMs) picks up rows left unfinished by a crash or by
//            another process; the attempt is counted before handling, so an update that kills the
//            process every time is set FAILED after maxAttempts instead of looping forever. A crash
//            charges every recovered update in flight, so one charged before is handled with
//            nothing else in flight in this process: an update that only happened to be in flight
//            when another killed the process is charged once for it, never given up unhandled.
// Exactly once: one transaction holds the row lock, runs the engine on it (every write of the
// conversation: its state, the flows' rows, the delivery rows of notices) and stores the replies
// with the row set REPLYING and claimed by this process. A crash before the commit undoes all of
// it (handled again later); a crash after it handles nothing again. The replies are sent after the
// commit, holding no lock and no connection over the platform's round trip; each one's progress is
// committed after it went out (a crash between a send and that commit repeats that one message:
// the window no sender to an outside platform can close). The claim (src/db/inbox.ts) keeps other
// processes off the replies while this one sends; it is renewed meanwhile, and a crashed sender's
// claim lapses after `sendLeaseMs`, when whoever takes the conversation next sends the rest.
import { randomUUID } from "node:crypto";
import DataLoader from "dataloader";
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../log.ts";
import {
  claimReplies,
  conversationOf,
  failInbound,
  lockFirstInboundMany,
  markHandledMany,
  markRepliesSentMany,
  peekInbound,
  releaseClaims,
  pendingConversations,
  renewClaims,
  storeInbound,
  storeInboundMany,
  type InboxRow,
} from "../../db/inbox.ts";
import type { Speaker } from "../../db/conversations.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { ChannelAdapter, InboundEvent, InboundHandler, OutgoingMessage, Platform } from "../types.ts";

/** What prepare read for one event, handed back to answer as it was (the handling's own business). */
export type Prepared = object;

/** What handling an update inside the inbox's transaction produced. */
export interface Answer {
  replies: OutgoingMessage[];
  /** Work for after the commit (queueing the notices the transaction wrote). */
  afterCommit?: () => Promise<void>;
}

export interface InboxOptions {
  db: Db;
  log: Logger;
  /**
   * What the handlings of the updates handled together need, one entry per update, from who is
   * talking (read with the updates' lock, in the same statement) and what it loads for all of them
   * at once.
   */
  prepare?: (tx: Db, locked: ReadonlyArray<{ event: InboundEvent; speaker: Speaker }>) => Promise<Prepared[]>;
  /** Runs the engine for one event on the transaction `tx`; throws when handling failed. */
  answer: (tx: Db, event: InboundEvent, prepared?: Prepared) => Promise<Answer>;
  /** The replies when `answer` threw (its writes are rolled back). */
  failed: (event: InboundEvent) => OutgoingMessage[];
  /** Sends one reply (with retries); false stops the rest of this update's replies. */
  send: (adapter: ChannelAdapter, event: InboundEvent, reply: OutgoingMessage) => Promise<boolean>;
  adapters: () => readonly ChannelAdapter[];
  /**
   * Conversations handled at once in this process (their database work); conversations whose
   * replies are being sent do not count, up to 8 times as many in flight.
   */
  concurrency: number;
  /** At most this many conversations share one handling transaction (default 16). */
  batchSize?: number;
  /**
   * How long a claim lasts unless renewed (every third of it while the replies are being sent, or
   * while a counted update waits for a handling slot): a crashed process's replies wait that long
   * before another process, or its restart, sends them.
   */
  sendLeaseMs?: number;
  sweepMs?: number;
  /** How long sent replies wait to be recorded together (default 4 ms). */
  markWindowMs?: number;
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
/**
 * The handling transactions: lookups by key and by a batch's ids, planned once; BEGIN goes out with
 * the lock, the mark with the COMMIT (src/db/client.ts).
 */
const TX = { genericPlans: true, pipelined: true };
const SEND_LEASE_MS = 15_000;
const MARK_WINDOW_MS = 4;
/** Conversations in flight (handled or sending their replies) per handling slot. */
const IN_FLIGHT_PER_HANDLING = 8;

export function createInbox(options: InboxOptions): Inbox {
  const { db, log } = options;
  const maxAttempts = options.maxAttempts ?? 3;
  const sweepMs = options.sweepMs ?? 2000;
  const now = options.now ?? (() => new Date());
  const leaseMs = options.sendLeaseMs ?? SEND_LEASE_MS;
  /** This process as a sender of replies: a new one after every start of the process. */
  const sender = randomUUID();
  const claim = { sender, leaseMs };
  /** Replies being sent, and counted updates waiting for a handling slot: their claims are renewed. */
  const held = { sends: 0, counted: 0 };
  let renewer: NodeJS.Timeout | undefined;
  const queue: string[] = [];
  const queued = new Set<string>();
  const running = new Set<string>();
  const recovering = new Set<string>();
  /** Conversations that got a new row while running: look again when done. */
  const dirty = new Set<string>();
  const work = new Set<Promise<void>>();
  const handlings = handlingGate(options.concurrency);
  let stopped = true;
  let sweeper: NodeJS.Timeout | undefined;
  let idleWaiters: Array<() => void> = [];

  function adapterFor(platform: Platform): ChannelAdapter | undefined {
    return options.adapters().find((a) => a.platform === platform);
  }

  /**
   * `recover`: found by the sweep, not by this process's accept (its attempt is counted first). A
   * conversation this process is already running or has queued is not a recovered one: the sweep
   * sees this process's own unfinished rows too, every time it runs.
   */
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
    // The bound is on handlings (the gate); a conversation whose replies are on their way holds no
    // connection and needs no slot, or a slow platform would starve the database of work.
    while (!stopped && running.size < options.concurrency * IN_FLIGHT_PER_HANDLING && queue.length > 0) {
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
    let replies: InboxRow | undefined;
    let count = recover;
    for (;;) {
      if (stopped) return;
      let suspect = false;
      if (count) {
        const first = await peekInbound(db, conversation, false, claim);
        if (!first) return;
        if (first.held) {
          // Counted by another live process that is about to handle it.
          setTimeout(() => schedule(conversation, recover), LOCK_RETRY_MS).unref();
          return;
        }
        suspect = first.suspect;
      }
      // A recovered update may be the one that killed the process: handled alone, so that its
      // crashes count against it and not against the updates it would have shared a batch with;
      // one charged before waits until nothing else is in flight, and is counted only then.
      // A counted update's claim is renewed while it waits for a slot (see renewClaims).
      if (count) holdClaims("counted", +1);
      let outcome: Outcome;
      try {
        outcome = replies
          ? await sendNext(replies)
          : recover
            ? await handlings.hold(suspect, async () => {
                if (suspect) await peekInbound(db, conversation, true, claim);
                return step(conversation);
              })
            : await handlings.hold(false, () => steps.load(conversation));
      } finally {
        if (count) holdClaims("counted", -1);
      }
      if (outcome === "idle") return;
      // Rows this process stored meanwhile marked the conversation dirty; rows another process
      // stored are found by the sweep (which recovers: goes on until nothing is left).
      if (outcome === "finished" && !recover && !dirty.delete(conversation)) return;
      count = outcome === "finished" && recover;
      if (outcome === "busy") {
        // Another process holds it (handling, or sending its replies): look again shortly; that
        // process handles our rows too unless it read the list before they were stored.
        setTimeout(() => schedule(conversation, recover), LOCK_RETRY_MS).unref();
        return;
      }
      if (outcome === "later") {
        setTimeout(() => schedule(conversation, recover), 1000).unref();
        return;
      }
      replies = typeof outcome === "object" ? outcome : undefined;
    }
  }

  /** finished: that update is complete; progress: more to do on it or after it; a row: its replies to send. */
  type Outcome = "progress" | "finished" | "busy" | "later" | "idle" | InboxRow;
  /** An update handled in a transaction (its row as it is now, and when), and what follows the commit. */
  interface Handled {
    row: InboxRow;
    at: Date;
    afterCommit?: () => Promise<void>;
  }

  const markOf = (h: Handled) => ({ seq: h.row.seq, replies: h.row.replies, at: h.at });

  // Conversations stepped in the same tick share one transaction: one BEGIN, one statement locking
  // their first updates, one marking them handled, one COMMIT, instead of all four per message
  // (a cell answering a reminder together is many conversations at once).
  const steps = new DataLoader<string, Outcome>((conversations) => stepMany(conversations), {
    cache: false,
    maxBatchSize: options.batchSize ?? 16,
    // After this turn's I/O callbacks: updates stored by several webhook requests at once join too.
    batchScheduleFn: (callback) => setImmediate(callback),
  });

  /** What to do with a conversation's locked first update, inside the transaction `tx`. */
  async function onLocked(tx: Db, row: InboxRow | "busy" | undefined, handled: Handled[], prepared?: Prepared): Promise<Outcome> {
    if (row === undefined) return "idle";
    if (row === "busy") return "busy";
    if (row.status === "REPLYING") {
      if (row.claimedBy !== null && row.claimedBy !== sender) return "busy";
      await claimReplies(tx, row.seq, sender, leaseMs);
      return row;
    }
    if (row.attempts > maxAttempts) {
      await failInbound(tx, row.seq, "too many attempts", now());
      log.error({ platform: row.event.platform, updateId: row.event.updateId, attempts: row.attempts }, "inbox: update given up after repeated failures");
      options.onFailed?.(row.event.platform);
      return "finished";
    }
    const answer = await options.answer(tx, row.event, prepared);
    const mine: InboxRow = { ...row, status: "REPLYING", replies: answer.replies, repliesSent: 0, claimedBy: sender };
    handled.push({ row: mine, at: now(), ...(answer.afterCommit ? { afterCommit: answer.afterCommit } : {}) });
    return answer.replies.length > 0 ? mine : "finished";
  }

  /** After the commit: the notices the handlings wrote are queued. */
  async function committed(handled: readonly Handled[]): Promise<void> {
    for (const h of handled) {
      if (h.afterCommit) await h.afterCommit().catch((error: unknown) => log.warn({ err: error }, "inbox: after-commit work failed"));
      options.onHandled?.(h.row.event);
    }
  }

  /**
   * Handles the first unfinished update of each conversation in one transaction; throws (all of it
   * rolled back) when any handling failed.
   */
  async function handleTogether(conversations: readonly string[]): Promise<{ outcomes: Outcome[]; handled: Handled[] }> {
    return inTransaction(
      db,
      async (tx) => {
        const handled: Handled[] = [];
        const rows = await lockFirstInboundMany(tx, conversations, { speakers: options.prepare !== undefined });
        const toHandle = conversations.map((c) => rows.get(c)).filter((r): r is InboxRow => r !== undefined && r !== "busy" && r.status === "PENDING");
        // Read before any of them is handled; the handling decides whether its read still holds.
        const prepared =
          toHandle.length > 0 && options.prepare
            ? await options.prepare(
                tx,
                // Read with the lock (`speakers` is asked for whenever there is a prepare).
                toHandle.map((r) => ({ event: r.event, speaker: r.speaker! })),
              )
            : [];
        const preparedFor = new Map(toHandle.map((r, i) => [r.seq, prepared[i]]));
        const outcomes: Outcome[] = [];
        for (const conversation of conversations) {
          const row = rows.get(conversation);
          outcomes.push(await onLocked(tx, row, handled, row && row !== "busy" ? preparedFor.get(row.seq) : undefined));
        }
        await markHandledMany(tx, handled.map(markOf), claim);
        return { outcomes, handled };
      },
      TX,
    );
  }

  /** One transaction on the first unfinished update of each conversation. */
  async function stepMany(conversations: readonly string[]): Promise<Outcome[]> {
    if (conversations.length === 1) return [await step(conversations[0] as string)];
    let together: { outcomes: Outcome[]; handled: Handled[] };
    try {
      together = await handleTogether(conversations);
    } catch (error) {
      // A handling failed and took the shared transaction with it (nothing of the batch happened):
      // each conversation again in a transaction of its own, where a failure is its update's alone.
      log.debug({ err: error, conversations: conversations.length }, "inbox: a batch rolled back; handling its conversations one by one");
      return Promise.all(conversations.map((conversation) => step(conversation)));
    }
    await committed(together.handled);
    return together.outcomes;
  }

  /** One transaction on the conversation's first unfinished update: handle it, or claim its replies. */
  async function step(conversation: string): Promise<Outcome> {
    let handled: Handled[] = [];
    let failure: unknown;
    let outcome: Outcome = "progress";
    try {
      const alone = await handleTogether([conversation]);
      handled = alone.handled;
      outcome = alone.outcomes[0] ?? "idle";
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined) {
      // Rolled back: nothing of it happened. The member is told, once, in a transaction of its own.
      outcome = await inTransaction(
        db,
        async (tx) => {
          const row = (await lockFirstInboundMany(tx, [conversation])).get(conversation);
          if (row === undefined) return "idle";
          if (row === "busy" || row.status !== "PENDING") return "busy";
          log.error({ err: failure, platform: row.event.platform, updateId: row.event.updateId }, "inbox: handling failed");
          const replies = options.failed(row.event);
          const error = failure instanceof Error ? failure.message : JSON.stringify(failure);
          const mine: InboxRow = { ...row, status: "REPLYING", replies, repliesSent: 0, claimedBy: sender };
          const told: Handled = { row: mine, at: now() };
          handled = [told];
          await markHandledMany(tx, [{ ...markOf(told), error }], claim);
          return mine;
        },
        TX,
      );
    }
    await committed(handled);
    return outcome;
  }

  // Progress of replies sent within a few milliseconds of each other, by any conversation, is
  // recorded with one statement: the platform answers sends at scattered moments, so a same-tick
  // batch would hold one mark each. The wait delays only the mark (the reply is out); it widens the
  // crash window that repeats a sent reply by as much.
  const marks = new DataLoader<{ seq: bigint; from: number; sent: number; total: number }, boolean>(
    async (progress) => {
      const recorded = await markRepliesSentMany(db, progress, claim);
      return progress.map((p) => recorded.has(p.seq));
    },
    { cache: false, maxBatchSize: 100, batchScheduleFn: (callback) => setTimeout(callback, options.markWindowMs ?? MARK_WINDOW_MS) },
  );

  /**
   * Sends the next reply of a handled update this process holds the claim of: outside any
   * transaction, so neither a row lock nor a pooled connection waits on the platform.
   */
  async function sendNext(row: InboxRow): Promise<Outcome> {
    const adapter = adapterFor(row.event.platform);
    if (!adapter) {
      log.warn({ platform: row.event.platform }, "inbox: no adapter for a stored update; its replies wait");
      return "later";
    }
    const reply = row.replies[row.repliesSent];
    // A reply that could not go out (blocked, or failed after its retries) ends the update's replies.
    let sent = false;
    if (reply) {
      holdClaims("sends", +1);
      try {
        sent = await options.send(adapter, row.event, reply);
      } finally {
        holdClaims("sends", -1);
      }
    }
    const upTo = sent ? row.repliesSent + 1 : row.replies.length;
    const progress = { seq: row.seq, from: row.repliesSent, sent: upTo, total: row.replies.length };
    // Refused: this process's claim lapsed and another sender took the rest over.
    if (!(await marks.load(progress))) return "progress";
    return upTo < row.replies.length ? { ...row, repliesSent: upTo } : "finished";
  }

  /**
   * Renews this process's claims every third of the lease while any reply is being sent or a counted
   * update waits for a handling slot. A stopping process still finishes the replies it is sending
   * (another taking them over would send them twice) but leaves what it counted to another.
   */
  function holdClaims(kind: keyof typeof held, change: number): void {
    held[kind] += change;
    const holding = held.sends + held.counted > 0;
    if (holding && !renewer) {
      renewer = setInterval(() => {
        const counted = held.counted > 0 && !stopped;
        if (held.sends === 0 && !counted) return;
        renewClaims(db, sender, leaseMs, { counted }).catch((error: unknown) => log.warn({ err: error }, "inbox: renewing the claims failed"));
      }, leaseMs / 3);
      renewer.unref();
    } else if (!holding && renewer) {
      clearInterval(renewer);
      renewer = undefined;
    }
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
    accept: Object.assign(
      async (event: InboundEvent) => {
        if (await storeInbound(db, event)) schedule(conversationOf(event));
        else log.debug({ platform: event.platform, updateId: event.updateId }, "inbox: duplicate update ignored");
      },
      {
        async many(events: InboundEvent[]) {
          const stored = await storeInboundMany(db, events);
          if (stored.length < events.length) log.debug({ duplicates: events.length - stored.length }, "inbox: duplicate updates ignored");
          for (const event of stored) schedule(conversationOf(event));
        },
      },
    ),
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
      await releaseClaims(db, sender).catch((error: unknown) => log.warn({ err: error }, "inbox: releasing this process's claims at stop failed"));
    },
    idle() {
      if (running.size === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

/**
 * The handlings in flight in this process: any number together, or one alone (a recovered update
 * charged before: a crash while it runs is its own). One waiting to be alone goes before handlings
 * that come after it, so a steady stream of new updates cannot keep it waiting.
 */
function handlingGate(limit: number) {
  let together = 0;
  let alone = false;
  const waiting: Array<{ alone: boolean; go: () => void }> = [];
  function admit(): void {
    while (!alone && waiting.length > 0) {
      const next = waiting[0]!;
      if (next.alone ? together > 0 : together >= limit) return;
      waiting.shift();
      if (next.alone) alone = true;
      else together += 1;
      next.go();
    }
  }
  return {
    async hold<T>(only: boolean, work: () => Promise<T>): Promise<T> {
      if (alone || waiting.length > 0 || (only ? together > 0 : together >= limit)) await new Promise<void>((go) => waiting.push({ alone: only, go }));
      else if (only) alone = true;
      else together += 1;
      try {
        return await work();
      } finally {
        if (only) alone = false;
        else together -= 1;
        admit();
      }
    },
  };
}
