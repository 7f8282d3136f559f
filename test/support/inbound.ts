// The bot role's inbound path for tests: platform adapters → durable inbox → concurrent dispatcher
// → engine and replies, exactly as src/app.ts wires it.
import type { Db } from "../../src/db/client.ts";
import type { Engine } from "../../src/channels/dispatcher.ts";
import { handleEvent } from "../../src/channels/dispatcher.ts";
import { createInbox, type Inbox } from "../../src/channels/inbox/inbox.ts";
import type { LockSession } from "../../src/db/locks.ts";
import type { ChannelAdapter } from "../../src/channels/types.ts";
import { silentLogger } from "../../src/log.ts";

export function startInbound(options: {
  db: Db;
  engine: Engine;
  adapters: ChannelAdapter[];
  concurrency?: number;
  locks?: LockSession;
  sweepMs?: number;
}): Inbox {
  const inbox = createInbox({
    db: options.db,
    log: silentLogger,
    handle: (adapter, event) => handleEvent({ db: options.db, engine: options.engine, log: silentLogger, retry: { baseDelayMs: 10, maxDelayMs: 20 } }, adapter, event),
    adapters: () => options.adapters,
    concurrency: options.concurrency ?? 32,
    ...(options.locks ? { locks: options.locks } : {}),
    sweepMs: options.sweepMs ?? 500,
  });
  inbox.start();
  return inbox;
}
