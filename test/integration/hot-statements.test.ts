// hotQuery inside inTransaction runs on the transaction's own pg connection: the same transaction
// as the Prisma statements around it (its writes commit and roll back with them), and never on a
// connection the transaction has given back to the pool.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, hotQuery, hotSql, hotSqlUnawaited, Prisma, type Db } from "../../src/db/client.ts";
import { inTransaction } from "../../src/db/transaction.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let t: TestDb;
let db: Db;

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url, { poolSize: 4 });
  await hotQuery(db, `CREATE TABLE hot_probe (n int NOT NULL)`, []);
});
afterAll(async () => {
  await db?.$disconnect();
  await t?.drop();
});

const txid = `SELECT txid_current()::text AS "id", pg_backend_pid() AS "pid"`;

describe("hot statements in a transaction", () => {
  it("run in the transaction Prisma opened, on its connection", async () => {
    const seen = await inTransaction(db, async (tx) => {
      const [prisma] = await tx.$queryRawUnsafe<Array<{ id: string; pid: number }>>(txid);
      const [hot] = await hotQuery<{ id: string; pid: number }>(tx, txid, []);
      const [built] = await hotSql<{ id: string; pid: number }>(tx, Prisma.sql`SELECT txid_current()::text AS "id", pg_backend_pid() AS "pid"`);
      return { prisma, hot, built };
    });
    expect(seen.hot).toEqual(seen.prisma);
    expect(seen.built).toEqual(seen.prisma);
  });

  it("go to pg directly, not through Prisma (pg reads an int8 as text, Prisma as a bigint)", async () => {
    const [viaPg, viaPrisma] = await inTransaction(db, async (tx) => [
      (await hotQuery<{ n: unknown }>(tx, `SELECT 1::int8 AS n`, []))[0]!.n,
      (await tx.$queryRawUnsafe<Array<{ n: unknown }>>(`SELECT 1::int8 AS n`))[0]!.n,
    ]);
    expect(viaPg).toBe("1");
    expect(viaPrisma).toBe(1n);
  });

  it("write what the transaction's rollback takes back, and its commit keeps", async () => {
    await expect(
      inTransaction(db, async (tx) => {
        await hotQuery(tx, `INSERT INTO hot_probe (n) VALUES ($1)`, [1]);
        await tx.$executeRawUnsafe(`INSERT INTO hot_probe (n) VALUES (2)`);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await inTransaction(db, async (tx) => {
      await hotQuery(tx, `INSERT INTO hot_probe (n) VALUES ($1)`, [3]);
      // Seen by the transaction's Prisma statements before the commit.
      expect(await tx.$queryRawUnsafe(`SELECT n FROM hot_probe`)).toEqual([{ n: 3 }]);
    });
    expect(await hotQuery(db, `SELECT n FROM hot_probe ORDER BY n`, [])).toEqual([{ n: 3 }]);
  });

  it("many transactions at once each keep to their own connection", async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        inTransaction(db, async (tx) => {
          const [prisma] = await tx.$queryRawUnsafe<Array<{ id: string }>>(txid);
          await new Promise((r) => setTimeout(r, 5));
          const [hot] = await hotQuery<{ id: string }>(tx, txid, []);
          return [prisma!.id, hot!.id];
        }),
      ),
    );
    for (const [prisma, hot] of results) expect(hot).toBe(prisma);
    expect(new Set(results.map(([id]) => id)).size).toBe(12);
  });

  it("a transaction client kept past its commit no longer reaches the connection", async () => {
    let kept: Db | undefined;
    const inside = await inTransaction(db, async (tx) => {
      kept = tx;
      return (await hotQuery<{ id: string }>(tx, txid, []))[0]!.id;
    });
    // Prisma refuses a finished transaction; hotQuery must not run on the pooled connection either.
    await expect(hotQuery(kept!, txid, [])).rejects.toThrow();
    expect((await hotQuery<{ id: string }>(db, txid, []))[0]!.id).not.toBe(inside);
  });

  it("a transaction asked to plan generically does so for all its statements, and leaves its connection as it found it", async () => {
    const mode = `SELECT current_setting('plan_cache_mode') AS "mode", pg_backend_pid() AS "pid"`;
    const one = createDb(t.url, { poolSize: 1 });
    try {
      const inside = await inTransaction(
        one,
        async (tx) => ({
          prisma: (await tx.$queryRawUnsafe<Array<{ mode: string; pid: number }>>(mode))[0]!,
          hot: (await hotQuery<{ mode: string; pid: number }>(tx, mode, []))[0]!,
          // Still the transaction Prisma opened: its writes are its own until the commit.
          txid: (await hotQuery<{ id: string }>(tx, txid, []))[0]!.id,
        }),
        { genericPlans: true },
      );
      expect(inside.prisma.mode).toBe("force_generic_plan");
      expect(inside.hot).toEqual(inside.prisma);
      // The same pooled connection (the pool has one) afterwards, in a plain transaction and outside any.
      const plain = await inTransaction(one, async (tx) => (await hotQuery<{ mode: string; pid: number }>(tx, mode, []))[0]!);
      expect(plain).toEqual({ mode: "auto", pid: inside.hot.pid });
      expect((await hotQuery<{ mode: string; pid: number }>(one, mode, []))[0]).toEqual({ mode: "auto", pid: inside.hot.pid });
      // Rolled back, too, it leaves nothing behind.
      await expect(
        inTransaction(
          one,
          async (tx) => {
            await hotQuery(tx, `INSERT INTO hot_probe (n) VALUES (7)`, []);
            throw new Error("rolled back");
          },
          { genericPlans: true },
        ),
      ).rejects.toThrow("rolled back");
      expect((await hotQuery<{ mode: string }>(one, mode, []))[0]!.mode).toBe("auto");
      expect(await hotQuery(one, `SELECT 1 FROM hot_probe WHERE n = 7`, [])).toHaveLength(0);
    } finally {
      await one.$disconnect();
    }
  });
});

/** Counts the writes this process makes to any socket while `work` runs (nothing else writes meanwhile). */
async function socketWrites<T>(work: () => Promise<T>): Promise<{ result: T; writes: number }> {
  const proto = net.Socket.prototype as unknown as Record<"_write" | "_writev", (...args: unknown[]) => unknown>;
  const [write, writev] = [proto._write, proto._writev];
  let writes = 0;
  proto._write = function (this: unknown, ...args: unknown[]) {
    writes += 1;
    return write.apply(this, args);
  };
  proto._writev = function (this: unknown, ...args: unknown[]) {
    writes += 1;
    return writev.apply(this, args);
  };
  try {
    return { result: await work(), writes };
  } finally {
    proto._write = write;
    proto._writev = writev;
  }
}

describe("a pipelined transaction (the inbox's)", () => {
  const count = async (one: Db, n: number) => (await hotQuery<{ c: number }>(one, `SELECT count(*)::int AS c FROM hot_probe WHERE n = $1`, [n]))[0]!.c;
  const probe = (n: number) => Prisma.sql`INSERT INTO hot_probe (n) VALUES (${n})`;

  it("sends BEGIN with its first statement and an unawaited statement with the COMMIT: two writes instead of four", async () => {
    const one = createDb(t.url, { poolSize: 1 });
    try {
      const work = (tx: Db) => hotQuery(tx, `SELECT 1`, []).then(() => hotSqlUnawaited(tx, probe(41)));
      // Warm: the connection is open and the statements are prepared before counting.
      for (const pipelined of [false, true]) await inTransaction(one, work, { genericPlans: true, pipelined });
      const plain = await socketWrites(() => inTransaction(one, work, { genericPlans: true }));
      const pipelined = await socketWrites(() => inTransaction(one, work, { genericPlans: true, pipelined: true }));
      expect(plain.writes).toBe(4);
      expect(pipelined.writes).toBe(2);
      // Both committed their rows, the unawaited one's too.
      expect(await count(one, 41)).toBe(4);
    } finally {
      await one.$disconnect();
    }
  });

  it("fails its commit when an unawaited statement failed, and keeps nothing of the transaction", async () => {
    await expect(
      inTransaction(
        db,
        async (tx) => {
          await hotQuery(tx, `INSERT INTO hot_probe (n) VALUES (42)`, []);
          await hotSqlUnawaited(tx, Prisma.sql`INSERT INTO hot_probe (n) VALUES (1 / ${0}::int)`);
          return "committed";
        },
        { genericPlans: true, pipelined: true },
      ),
    ).rejects.toThrow(/division by zero/);
    expect(await count(db, 42)).toBe(0);
  });

  it("rolls an unawaited statement back with the rest when the work throws after it", async () => {
    await expect(
      inTransaction(
        db,
        async (tx) => {
          await hotSqlUnawaited(tx, probe(43));
          throw new Error("changed its mind");
        },
        { pipelined: true },
      ),
    ).rejects.toThrow("changed its mind");
    expect(await count(db, 43)).toBe(0);
  });

  it("gives its connection back as it found it (no pipeline, no generic plans, no transaction), and takes nothing more after a timeout", async () => {
    const one = createDb(t.url, { poolSize: 1 });
    const state = `SELECT current_setting('plan_cache_mode') AS "mode", pg_backend_pid() AS "pid", txid_current_if_assigned() IS NULL AS "idle"`;
    try {
      const inside = await inTransaction(one, async (tx) => (await hotQuery<{ pid: number }>(tx, state, []))[0]!, { genericPlans: true, pipelined: true });
      // A transaction that ran nothing sends nothing: neither BEGIN nor COMMIT goes out.
      const empty = await socketWrites(() => inTransaction(one, async () => "nothing", { genericPlans: true, pipelined: true }));
      expect(empty).toEqual({ result: "nothing", writes: 0 });
      // Timed out: Prisma rolls back while the work still runs; what the work sends after that must not
      // run outside the transaction (it would commit on its own).
      let late: Promise<unknown> | undefined;
      await expect(
        inTransaction(
          one,
          async (tx) => {
            await hotQuery(tx, `SELECT pg_sleep(0.6)`, []);
            late = hotQuery(tx, `INSERT INTO hot_probe (n) VALUES (44)`, []);
            await late;
          },
          { genericPlans: true, pipelined: true, timeoutMs: 150 },
        ),
      ).rejects.toThrow();
      await expect(late).rejects.toThrow();
      expect(await count(one, 44)).toBe(0);
      // Statements on it afterwards wait for each other as before: two at once on a plain transaction.
      const [a, b] = await inTransaction(one, (tx) => Promise.all([hotQuery<{ mode: string }>(tx, state, []), hotQuery(tx, `SELECT 2 AS n`, [])]));
      expect(b).toEqual([{ n: 2 }]);
      expect(a[0]!.mode).toBe("auto");
      expect((await hotQuery<{ mode: string; idle: boolean }>(one, state, []))[0]).toMatchObject({ mode: "auto", idle: true });
      expect(inside.pid).toBeGreaterThan(0);
    } finally {
      await one.$disconnect();
    }
  });
});
