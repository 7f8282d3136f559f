// PostgreSQL session advisory locks on one dedicated connection. A lock is held until released or
// until the connection closes, so a crashed process releases everything it held: that is what
// makes them fit for "one handler per conversation" and "one poller per token" across processes.
// Session locks are re-entrant within the session, so callers serialise per name in process memory.
import pg from "pg";
import type { HeldLock } from "../channels/types.ts";
import { UTC_SESSION } from "./client.ts";

export interface LockSession {
  tryLock(name: string): Promise<HeldLock | null>;
  close(): Promise<void>;
}

export function openLockSession(connectionString: string, onError?: (error: Error) => void): LockSession {
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;

  async function session(): Promise<pg.Client> {
    if (client) return client;
    connecting ??= (async () => {
      const next = new pg.Client({ connectionString, options: UTC_SESSION });
      next.on("error", (error) => {
        // The session is gone and with it every lock it held; the next call opens a new one.
        if (client === next) client = null;
        onError?.(error);
      });
      await next.connect();
      client = next;
      return next;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  return {
    async tryLock(name) {
      const c = await session();
      const result = await c.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok", [name]);
      if (!result.rows[0]?.ok) return null;
      return {
        async release() {
          // A lost session already released it.
          if (client !== c) return;
          await c.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [name]);
        },
      };
    },
    async close() {
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
