// The bot role's inbound path for tests: platform adapters → durable inbox → concurrent dispatcher
// → engine and replies, exactly as src/app.ts wires it.
import { createDb, type Db } from "../../src/db/client.ts";
import { poolSizeFor } from "../../src/runtime/database.ts";
import type { Engine } from "../../src/channels/dispatcher.ts";
import { inboxHandling } from "../../src/channels/dispatcher.ts";
import { createInbox, type Inbox } from "../../src/channels/inbox/inbox.ts";
import type { ChannelAdapter, InboundEvent } from "../../src/channels/types.ts";
import type { EngineServices } from "../../src/conversations/types.ts";
import { silentLogger } from "../../src/log.ts";

export function startInbound(options: {
  db: Db;
  engine: Engine;
  adapters: ChannelAdapter[];
  concurrency?: number;
  sweepMs?: number;
  services?: EngineServices;
  /** Handle on a pool of the app's size for `concurrency` (the test's own pool is small). */
  dbUrl?: string;
}): Inbox {
  const concurrency = options.concurrency ?? 32;
  const own = options.dbUrl ? createDb(options.dbUrl, { poolSize: poolSizeFor({ INBOUND_CONCURRENCY: concurrency }, false) }) : undefined;
  const db = own ?? options.db;
  const inbox = createInbox({
    db,
    log: silentLogger,
    ...inboxHandling({
      db,
      engine: options.engine,
      log: silentLogger,
      retry: { baseDelayMs: 10, maxDelayMs: 20 },
      ...(options.services?.delivery ? { delivery: options.services.delivery } : {}),
    }),
    adapters: () => options.adapters,
    concurrency,
    sweepMs: options.sweepMs ?? 500,
  });
  inbox.start();
  if (!own) return inbox;
  return {
    ...inbox,
    async stop() {
      await inbox.stop();
      await own.$disconnect();
    },
  };
}

let updates = 0;
/** A private Telegram text message from `user`, with an update id no other event of the run has. */
export function telegramText(user: number, text: string, prefix = "test"): InboundEvent {
  updates += 1;
  return {
    platform: "TELEGRAM",
    updateId: `${prefix}-${updates}`,
    kind: "message",
    userId: String(user),
    chatId: String(user),
    chatType: "private",
    text,
    at: new Date(),
  };
}
