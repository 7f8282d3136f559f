// The inbound path shared by every platform: de-duplicate the update, let the conversation engine
// handle it, send the replies straight back (with 429/5xx handling). A reply that finds the user
// has blocked the bot marks the identity unreachable.
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { claimUpdate } from "../db/updates.ts";
import { markUnreachable } from "../db/identities.ts";
import { msg } from "../messages/common.ts";
import { withRetry, type RetryOptions } from "./retry.ts";
import { ChannelError, type ChannelAdapter, type InboundEvent, type InboundHandler, type OutgoingMessage } from "./types.ts";

export interface Engine {
  handle(event: InboundEvent): Promise<OutgoingMessage[]>;
}

export function createInboundHandler(deps: {
  db: Db;
  engine: Engine;
  adapter: ChannelAdapter;
  log: Logger;
  retry?: RetryOptions;
  onHandled?: (event: InboundEvent) => void;
}): InboundHandler {
  const { db, engine, adapter, log } = deps;
  return async (event) => {
    if (!(await claimUpdate(db, event.platform, event.updateId))) {
      log.debug({ platform: event.platform, updateId: event.updateId }, "duplicate update ignored");
      return;
    }
    let replies: OutgoingMessage[];
    try {
      replies = await engine.handle(event);
    } catch (error) {
      log.error({ err: error, platform: event.platform, updateId: event.updateId }, "conversation failed");
      replies = [{ kind: "text", text: msg.error() }];
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
    deps.onHandled?.(event);
  };
}
