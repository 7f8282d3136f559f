// The committed migrations on a brand-new real PostgreSQL database and on the embedded PGlite
// (served on a local port, as `npm start` does), through the same `prisma migrate deploy`.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDeploy } from "../../src/db/migrate.ts";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../src/db/embedded.ts";
import { createDb, type Db } from "../../src/db/client.ts";
import { adminQuery, urlFor } from "../support/pg-admin.ts";

const migrationsDir = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
const migrationNames = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** Tables the migrations create (CREATE TABLE minus DROP TABLE, in order). */
function tablesFromMigrations(): string[] {
  const tables = new Set<string>();
  for (const name of migrationNames) {
    const sql = readFileSync(join(migrationsDir, name, "migration.sql"), "utf8");
    for (const m of sql.matchAll(/(CREATE|DROP) TABLE (?:IF (?:NOT )?EXISTS )?"(\w+)"/g)) {
      if (m[1] === "CREATE") tables.add(m[2]!);
      else tables.delete(m[2]!);
    }
  }
  return [...tables].sort();
}

// docs/database.md: the data model every later feature relies on.
const CORE_TABLES = [
  "Unit",
  "Member",
  "UnitAccess",
  "Identity",
  "InviteCode",
  "Theme",
  "Registration",
  "CommitmentItem",
  "CollectiveCommitment",
  "MeetingRule",
  "Meeting",
  "Assessment",
  "Review",
  "Exemplar",
  "Broadcast",
  "Delivery",
  "ConversationState",
  "ProcessedUpdate",
  "AuditLog",
];

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function publicTables(url: string): Promise<string[]> {
  return withClient(url, async (c) => {
    const r = await c.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    return r.rows.map((row) => row.table_name);
  });
}

async function appliedMigrations(url: string): Promise<{ name: string; finished: boolean; rolledBack: boolean }[]> {
  return withClient(url, async (c) => {
    const r = await c.query<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      'SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    return r.rows.map((row) => ({ name: row.migration_name, finished: row.finished_at !== null, rolledBack: row.rolled_back_at !== null }));
  });
}

function expectAllApplied(applied: { name: string; finished: boolean; rolledBack: boolean }[]): void {
  expect(applied.map((a) => a.name)).toEqual(migrationNames);
  expect(applied.every((a) => a.finished && !a.rolledBack)).toBe(true);
}

it("has migrations, and they create the tables of the data model (docs/database.md)", () => {
  expect(migrationNames.length).toBeGreaterThan(0);
  expect(tablesFromMigrations()).toEqual(expect.arrayContaining(CORE_TABLES));
});

describe("PostgreSQL", () => {
  const name = `chibo_t_mig_${randomBytes(5).toString("hex")}`;
  const url = urlFor(name);
  afterAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it("migrates a brand-new database, and a second run is a no-op", async () => {
    await adminQuery(`CREATE DATABASE ${name}`);
    expect(await publicTables(url)).toEqual([]);

    const first = await migrateDeploy(url);
    expect(first).toMatch(/All migrations have been successfully applied|migrations have been successfully applied/);
    const tables = await publicTables(url);
    expect(tables).toEqual(expect.arrayContaining([...tablesFromMigrations(), "_prisma_migrations"]));
    expect(tables).toEqual(expect.arrayContaining(CORE_TABLES));
    expectAllApplied(await appliedMigrations(url));

    const second = await migrateDeploy(url);
    expect(second).toMatch(/No pending migrations to apply/);
    expectAllApplied(await appliedMigrations(url));
    expect(await publicTables(url)).toEqual(tables);
  }, 60_000);
});

describe("embedded PGlite", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chibo-pglite-"));
  let embedded: EmbeddedPostgres | undefined;
  let db: Db | undefined;
  afterAll(async () => {
    await db?.$disconnect();
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("migrates and serves Prisma on a local port", async () => {
    embedded = await startEmbeddedPostgres({ dataDir, port: 0 });
    expect(embedded.owned).toBe(true);
    const port = Number(new URL(embedded.url).port);
    expect(port).toBeGreaterThan(0);

    await migrateDeploy(embedded.url);
    expect(await publicTables(embedded.url)).toEqual(expect.arrayContaining([...tablesFromMigrations(), "_prisma_migrations"]));
    expectAllApplied(await appliedMigrations(embedded.url));

    // Smoke test of the app's own path: a Prisma client through adapter-pg on PGlite.
    db = createDb(embedded.url, { poolSize: 2, namedStatements: false });
    const unit = await db.unit.create({ data: { name: "Chi bộ PGlite", kind: "CELL" } });
    await db.member.create({ data: { unitId: unit.id, fullName: "Nguyễn Văn Hùng", searchName: "nguyen van hung", role: "SECRETARY" } });
    const read = await db.unit.findUniqueOrThrow({ where: { name: "Chi bộ PGlite" }, include: { members: true } });
    expect(read.id).toBe(unit.id);
    expect(read.members.map((m) => m.fullName)).toEqual(["Nguyễn Văn Hùng"]);
    // (Restarting on the same data directory is covered by start-stop.test.ts.)
  }, 90_000);
});
