// The columns are `timestamp` without a zone holding UTC; what the database writes itself (column
// defaults, now() in raw SQL) is turned into one in the session's zone. A server or database set
// to Vietnam's zone must not put those rows 7 hours ahead, on PostgreSQL or on the embedded PGlite.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, hotQuery, type Db } from "../../src/db/client.ts";
import { startEmbeddedPostgres } from "../../src/db/embedded.ts";
import { storeInbound } from "../../src/db/inbox.ts";
import { adminQuery } from "../support/pg-admin.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const ZONE = "Asia/Ho_Chi_Minh";

/** A plain connection's zone: proves the setup moved it off UTC, so the checks below can fail. */
async function plainZone(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ TimeZone: string }>("SHOW TimeZone")).rows[0]!.TimeZone;
  } finally {
    await client.end();
  }
}

/** A row written by a column default, read back as text and taken as UTC (pg would read it as local time). */
async function defaultNow(db: Db): Promise<Date> {
  await hotQuery(db, `CREATE TABLE IF NOT EXISTS zone_probe (at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP)`, []);
  const rows = await hotQuery<{ at: string }>(db, `INSERT INTO zone_probe DEFAULT VALUES RETURNING at::text AS at`, []);
  return new Date(`${rows[0]!.at.replace(" ", "T")}Z`);
}

function expectNow(at: Date) {
  expect(Math.abs(at.getTime() - Date.now())).toBeLessThan(10_000);
}

describe("a PostgreSQL database whose default zone is Vietnam's", () => {
  let t: TestDb;
  let db: Db;
  beforeAll(async () => {
    t = await createTestDb();
    await adminQuery(`ALTER DATABASE ${new URL(t.url).pathname.slice(1)} SET timezone TO '${ZONE}'`);
    db = createDb(t.url, { poolSize: 2 });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await t?.drop();
  });

  it("stores an update's receivedAt (a column default) and a raw now() in UTC", async () => {
    expect(await plainZone(t.url)).toBe(ZONE);
    const event = {
      platform: "TELEGRAM",
      updateId: "tz-1",
      kind: "message",
      userId: "1",
      chatId: "1",
      chatType: "private",
      text: "hi",
      at: new Date(),
    } as const;
    expect(await storeInbound(db, event)).toBe(true);
    const row = await db.inboundUpdate.findFirstOrThrow({ where: { updateId: "tz-1" } });
    expectNow(row.receivedAt);
    expectNow(await defaultNow(db));
  });
});

describe("the embedded database with Vietnam's zone in its configuration", () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "chibo-tz-"));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // Two starts of the embedded database (initdb, then a restart), each several seconds alone and
  // several times that beside a full test run on two cores: past the default 30 s once in CI.
  it("still writes now() in UTC", { timeout: 90_000 }, async () => {
    const first = await startEmbeddedPostgres({ dataDir, port: 0 });
    try {
      const admin = new pg.Client({ connectionString: first.url });
      await admin.connect();
      await admin.query(`ALTER SYSTEM SET timezone TO '${ZONE}'`);
      await admin.end();
    } finally {
      await first.stop();
    }
    const embedded = await startEmbeddedPostgres({ dataDir, port: 0 });
    const db = createDb(embedded.url, { poolSize: 2, namedStatements: false });
    try {
      expectNow(await defaultNow(db));
    } finally {
      await db.$disconnect();
      await embedded.stop();
    }
  });
});
