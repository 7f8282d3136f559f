// hotQuery inside inTransaction runs on the transaction's own pg connection: the same transaction
// as the Prisma statements around it (its writes commit and roll back with them), and never on a
// connection the transaction has given back to the pool.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, hotQuery, hotSql, Prisma, type Db } from "../../src/db/client.ts";
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
