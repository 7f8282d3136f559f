// Handling one inbound event, shared by every platform: the conversation engine answers, the
// replies go straight back (with 429/5xx handling). A reply that finds the user has blocked the
// bot marks the identity unreachable. Platform updates reach this through the durable inbox
// (src/channels/inbox); the local chat calls createInboundHandler directly.
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { claimUpdate } from "../db/updates.ts";
import { markUnreachable } from "../db/identities.ts";
import { msg } from "../messages/common.ts";
import { channelMsg } from "../messages/channels.ts";
import { withRetry, type RetryOptions } from "./retry.ts";
import { ChannelError, type ChannelAdapter, type InboundEvent, type InboundHandler, type OutgoingMessage } from "./types.ts";

export interface Engine {
  handle(event: InboundEvent): Promise<OutgoingMessage[]>;
}

export interface HandleDeps {
  db: Db;
  engine: Engine;
  log: Logger;
  retry?: RetryOptions;
}

/** Engine, then replies. Never throws for the engine's or the platform's failures (they are answered or logged). */
export async function handleEvent(deps: HandleDeps, adapter: ChannelAdapter, event: InboundEvent): Promise<void> {
  const { db, engine, log } = deps;
  let replies: OutgoingMessage[];
  if (event.kind === "voice") {
    // No speech recognition: say so instead of leaving the member waiting.
    replies = [{ kind: "text", text: channelMsg.voiceNotRead() }];
  } else {
    try {
      replies = await engine.handle(event);
    } catch (error) {
      log.error({ err: error, platform: event.platform, updateId: event.updateId }, "conversation failed");
      replies = [{ kind: "text", text: msg.error() }];
    }
  }
  for (const reply of replies) {
    try {
      await withRetry(() => adapter.send(event.chatId, reply), deps.retry);
    } catch (error) {
      if (error instanceof ChannelError && error.kind === "BLOCKED") {
        await markUnreachable(db, event.platform, event.chatId, new Date());
        break;
      }
      log.error({ err: error, platform: event.platform }, "reply could not be sent");
      break;
    }
  }
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
