// Handling one inbound event, shared by every platform: the conversation engine answers, the
// replies go back (with 429/5xx handling). A reply that finds the user has blocked the bot marks
// the identity unreachable. Platform updates reach this through the durable inbox
// (src/channels/inbox, wired by inboxHandling); the local chat calls createInboundHandler directly.
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { claimUpdate } from "../db/updates.ts";
import { createDelivery } from "../db/deliveries.ts";
import type { Speaker } from "../db/conversations.ts";
import { isCommitteeRole } from "../domain/roles.ts";
import type { DeliveryPort } from "../usecases/notifier.ts";
import type { InboxOptions } from "./inbox/inbox.ts";
import { markUnreachable } from "../db/identities.ts";
import { msg } from "../messages/common.ts";
import { channelMsg } from "../messages/channels.ts";
import { withRetry, type RetryOptions } from "./retry.ts";
import { ChannelError, type ChannelAdapter, type InboundEvent, type InboundHandler, type OutgoingMessage } from "./types.ts";

/** Where one handling runs: the inbox's transaction, and a delivery port that queues after its commit. */
export interface HandlingScope {
  db: Db;
  delivery?: DeliveryPort;
  /** Who is talking and the chat's state, when loaded already (with others, in one statement). */
  speaker?: Speaker;
  /** What the flow it starts reads, read ahead with others (see Engine.readAhead). */
  ahead?: ReadonlyMap<string, unknown>;
}

export interface Engine {
  handle(event: InboundEvent, scope?: HandlingScope): Promise<OutgoingMessage[]>;
  /** For updates handled together: what their handlings will read, read at once, per update. */
  readAhead?(db: Db, items: ReadonlyArray<{ event: InboundEvent; speaker: Speaker }>): Promise<Array<ReadonlyMap<string, unknown> | undefined>>;
}

export interface HandleDeps {
  db: Db;
  engine: Engine;
  log: Logger;
  retry?: RetryOptions;
}

/** The replies to one event; throws when the engine fails. */
async function answerEvent(engine: Engine, event: InboundEvent, scope?: HandlingScope): Promise<OutgoingMessage[]> {
  // No speech recognition: say so instead of leaving the member waiting.
  if (event.kind === "voice") return [{ kind: "text", text: channelMsg.voiceNotRead() }];
  return engine.handle(event, scope);
}

function failureReplies(): OutgoingMessage[] {
  return [{ kind: "text", text: msg.error() }];
}

/** One reply with 429/5xx handling; false when it could not go out (the rest are not sent either). */
export async function sendReply(deps: HandleDeps, adapter: ChannelAdapter, event: InboundEvent, reply: OutgoingMessage): Promise<boolean> {
  try {
    await withRetry(() => adapter.send(event.chatId, reply), deps.retry);
    return true;
  } catch (error) {
    if (error instanceof ChannelError && error.kind === "BLOCKED") await markUnreachable(deps.db, event.platform, event.chatId, new Date());
    else deps.log.error({ err: error, platform: event.platform }, "reply could not be sent");
    return false;
  }
}

/** Engine, then replies. Never throws for the engine's or the platform's failures (they are answered or logged). */
export async function handleEvent(deps: HandleDeps, adapter: ChannelAdapter, event: InboundEvent): Promise<void> {
  let replies: OutgoingMessage[];
  try {
    replies = await answerEvent(deps.engine, event);
  } catch (error) {
    deps.log.error({ err: error, platform: event.platform, updateId: event.updateId }, "conversation failed");
    replies = failureReplies();
  }
  for (const reply of replies) if (!(await sendReply(deps, adapter, event, reply))) break;
}

/** Who is talking, read for a whole batch of updates before any of them was handled. */
export interface BatchRead {
  speaker: Speaker;
  /** What the handling's flow will read, read ahead with the batch's others; as true as `speaker`. */
  ahead?: ReadonlyMap<string, unknown>;
  /** stale: an earlier handling of the batch may have changed members or accounts; users: the platform users and members handled so far. */
  batch: { stale: boolean; users: Set<string> };
}

/**
 * The speaker read with the batch, while it is still what a read now would give: the handlings
 * before it in the batch (same transaction) changed no member or account. Only a committee
 * member's handling changes other members (roles, status, accounts); an unlinked person's links
 * only themselves, so their second chat in the batch reads anew. A member's own handling changes
 * their member row, so a second handling of the same member reads anew too, also when it comes
 * from their other platform (a different user id). Otherwise the engine reads it.
 */
export function batchSpeaker(event: InboundEvent, read: BatchRead | undefined): Speaker | undefined {
  if (!read) return undefined;
  const member = read.speaker.identity?.member;
  const keys = [`user:${event.platform}:${event.userId}`, ...(member ? [`member:${member.id}`] : [])];
  const usable = !read.batch.stale && !keys.some((key) => read.batch.users.has(key));
  for (const key of keys) read.batch.users.add(key);
  if (!usable || (member && isCommitteeRole(member.role))) read.batch.stale = true;
  return usable ? read.speaker : undefined;
}

/**
 * The inbox's side of handling (src/channels/inbox): the engine runs on the inbox's transaction,
 * and a notice a flow writes is a Delivery row of that transaction, queued only after the commit
 * (a rolled-back handling leaves no notice behind; one not queued is queued by the planner).
 */
export function inboxHandling(deps: HandleDeps & { delivery?: DeliveryPort }): Pick<InboxOptions, "prepare" | "answer" | "failed" | "send"> {
  return {
    async prepare(tx, locked) {
      const ahead = deps.engine.readAhead ? await deps.engine.readAhead(tx, locked) : [];
      const batch = { stale: false, users: new Set<string>() };
      return locked.map(({ speaker }, i): BatchRead => ({ speaker, batch, ...(ahead[i] ? { ahead: ahead[i] } : {}) }));
    },
    async answer(tx, event, prepared) {
      const queued: Array<() => Promise<unknown>> = [];
      const port = deps.delivery;
      const delivery: DeliveryPort | undefined = port && {
        async deliver(input) {
          const row = await createDelivery(tx, input);
          if (row.status === "PENDING") queued.push(() => port.deliver(input));
          return row;
        },
        ...(port.queueMany ? { queueMany: async (rows) => void queued.push(() => port.queueMany!(rows)) } : {}),
      };
      const read = prepared as BatchRead | undefined;
      const speaker = batchSpeaker(event, read);
      // What was read ahead holds exactly as long as the speaker read with it does.
      const ahead = speaker ? read?.ahead : undefined;
      const replies = await answerEvent(deps.engine, event, {
        db: tx,
        ...(delivery ? { delivery } : {}),
        ...(speaker ? { speaker } : {}),
        ...(ahead ? { ahead } : {}),
      });
      return { replies, afterCommit: async () => void (await Promise.all(queued.map((q) => q()))) };
    },
    failed: () => failureReplies(),
    send: (adapter, event, reply) => sendReply(deps, adapter, event, reply),
  };
}

/** The direct path (local chat): de-duplicate by update id, then handle at once. */
export function createInboundHandler(deps: HandleDeps & { adapter: ChannelAdapter; onHandled?: (event: InboundEvent) => void }): InboundHandler {
  return async (event) => {
    if (!(await claimUpdate(deps.db, event.platform, event.updateId))) {
      deps.log.debug({ platform: event.platform, updateId: event.updateId }, "duplicate update ignored");
      return;
    }
    await handleEvent(deps, deps.adapter, event);
    deps.onHandled?.(event);
  };
}
