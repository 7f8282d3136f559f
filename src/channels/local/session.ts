// One terminal chat session: typed lines go to the conversation engine through the local channel,
// proactive messages addressed to the member are shown while the chat is open (and those since the
// last session when it opens), and an outage of the database is one line and a retry, never a
// crash: typed lines wait in order and are handled once the database answers again.
import type { Db } from "../../db/client.ts";
import { pingDb } from "../../db/client.ts";
import { takeLocalDeliveries } from "../../db/deliveries.ts";
import { lastLocalSessionEnd, localChatMember, proactiveMessagesSince, recordLocalSessionEnd } from "../../db/local-chat.ts";
import { formatDate, formatTime } from "../../domain/dates.ts";
import { renderLocal, type LocalChannel } from "./adapter.ts";
import { CHAT_TEXTS } from "../../messages/local-chat.ts";

export interface ChatSessionOptions {
  db: Db;
  local: LocalChannel;
  userId: string;
  zone: string;
  /** Prints one block of output (a bot message or a notice) for the person at the terminal. */
  print: (text: string) => void;
  pollMs?: number;
  now?: () => Date;
}

export class ChatSession {
  private readonly queue: string[] = [];
  private busy = false;
  private down = false;
  private cursor: Date | undefined;
  private readonly shown = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private member: { identityId: string; memberId: string; unitId: string } | null = null;
  private closed = false;

  constructor(private readonly o: ChatSessionOptions) {}

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  /** Shows what arrived since the last session, then watches for new messages. */
  async open(): Promise<void> {
    const opened = this.now();
    await this.retrying(async () => {
      this.member = await localChatMember(this.o.db, this.o.userId);
      const since = this.member ? await lastLocalSessionEnd(this.o.db, this.member.identityId) : null;
      this.cursor = since ?? opened;
      if (since) {
        const missed = await this.fetch();
        if (missed.length > 0) this.o.print(CHAT_TEXTS.missed(missed.length));
        for (const m of missed) this.show(m);
      }
      this.cursor = opened;
    });
    this.timer = setInterval(() => void this.tick(), this.o.pollMs ?? 2000);
  }

  /** A line the person typed: handled after the lines before it, retried through an outage. */
  async type(line: string): Promise<void> {
    this.queue.push(line);
    await this.drain();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.down) return;
    try {
      await this.drain();
      const member = this.member ?? (await localChatMember(this.o.db, this.o.userId));
      if (member) await recordLocalSessionEnd(this.o.db, member);
    } catch {
      // Closing during an outage: the next session shows a little more, nothing is lost.
    }
  }

  private async tick(): Promise<void> {
    if (this.busy || this.closed) return;
    await this.drain();
    if (this.busy || this.closed) return;
    this.busy = true;
    try {
      await this.retrying(async () => {
        this.member ??= await localChatMember(this.o.db, this.o.userId);
        for (const m of await this.fetch()) this.show(m);
      }, false);
    } finally {
      this.busy = false;
    }
  }

  private async fetch() {
    if (!this.member || !this.cursor) return [];
    // Rows addressed to this terminal (notices, dashboard login codes) are taken first: taking them marks them
    // sent, which scrubs the code from the database, so the text must come from the take itself.
    const taken = await takeLocalDeliveries(this.o.db, this.o.userId, this.now());
    const local = taken.map((d) => ({ id: d.id, createdAt: d.createdAt, purpose: "LOCAL", status: "SENT", message: d.message }));
    for (const d of local) this.shown.add(d.id);
    const rows = await proactiveMessagesSince(this.o.db, this.member.memberId, this.cursor);
    return [...local, ...rows.filter((r) => !this.shown.has(r.id))];
  }

  private show(m: Awaited<ReturnType<ChatSession["fetch"]>>[number]): void {
    this.shown.add(m.id);
    if (this.cursor === undefined || m.createdAt > this.cursor) this.cursor = m.createdAt;
    const when = `${formatDate(m.createdAt, this.o.zone)} ${formatTime(m.createdAt, this.o.zone)}`;
    this.o.print(`${CHAT_TEXTS.proactiveHeader(when, m.status)}\n${renderLocal(m.message)}`);
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length > 0) {
        const line = this.queue[0]!;
        const handled = await this.retrying(() => this.o.local.say(this.o.userId, line));
        // Still down while closing: the line was not handled, and stays unhandled rather than lost.
        if (handled === "down") break;
        this.queue.shift();
        if (handled === "failed") this.o.print(CHAT_TEXTS.failed);
        // Linking with a code happens through a typed line: pick up the member right away.
        if (!this.member) this.member = await localChatMember(this.o.db, this.o.userId).catch(() => null);
      }
    } finally {
      this.busy = false;
    }
  }

  /**
   * Runs work; while the database does not answer, says so once and tries again every second.
   * Another failure (a defect, not an outage) is reported and the line dropped: "failed".
   */
  private async retrying(work: () => Promise<void>, wait = true): Promise<"done" | "failed" | "down"> {
    for (;;) {
      try {
        await work();
        if (this.down) {
          this.down = false;
          this.o.print(CHAT_TEXTS.back);
        }
        return "done";
      } catch {
        if (await pingDb(this.o.db)) return "failed";
        if (!this.down) {
          this.down = true;
          this.o.print(CHAT_TEXTS.down);
        }
        if (!wait || this.closed) return "down";
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }
}
