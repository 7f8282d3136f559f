// One transaction that code written for a whole client can run inside. Prisma's interactive
// transactions do not nest (a transaction client has no $transaction), yet repositories open their
// own `db.$transaction(...)` for their multi-row writes. `joinable(tx)` is the transaction client
// seen as a Db whose $transaction joins the outer transaction: a callback runs on the same client,
// an array of queries runs in order on it. The outer transaction's commit or rollback covers all.
import { openTracked, registerTx, type Db } from "./client.ts";

type TxClient = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function joinable(tx: TxClient): Db {
  const bound = new Map<string | symbol, unknown>();
  const joined: Db = new Proxy(tx, {
    get(target, property) {
      if (property === "$transaction") {
        return async (work: unknown) => {
          if (typeof work === "function") return (work as (client: Db) => Promise<unknown>)(joined);
          // Queries of an array form are lazy until awaited: awaiting them in order runs them in order.
          const results: unknown[] = [];
          for (const query of work as Promise<unknown>[]) results.push(await query);
          return results;
        };
      }
      // The client's own methods run with the client itself as `this`: called on the proxy, every
      // property Prisma reads inside a query went through this trap and Prisma's own (the inbound
      // benchmark's throughput rose by a quarter to three quarters without it).
      if (bound.has(property)) return bound.get(property);
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== "function") return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      bound.set(property, method);
      return method;
    },
  }) as Db;
  return joined;
}

/**
 * Runs `work` in one interactive transaction on `db`, seen through joinable. `db` may itself be a
 * joined transaction: the work then joins it instead of opening a second one. `genericPlans`: its
 * statements are planned once per connection, not for each execution; `pipelined`: its statements
 * go out without waiting for each other's answers, and hotSqlUnawaited's without being waited for
 * (see client.ts).
 */
export async function inTransaction<T>(
  db: Db,
  work: (tx: Db) => Promise<T>,
  options: { timeoutMs?: number; genericPlans?: boolean; pipelined?: boolean } = {},
): Promise<T> {
  return openTracked(
    db,
    (tracked) =>
      db.$transaction(
        (tx) => {
          const joined = joinable(tx);
          registerTx(joined, tracked);
          return work(joined);
        },
        { timeout: options.timeoutMs ?? 30_000, maxWait: 30_000 },
      ),
    { genericPlans: options.genericPlans === true, pipelined: options.pipelined === true },
  );
}
