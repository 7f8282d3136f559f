// Runs once before the test files: makes a migrated template database on the real PostgreSQL so
// each test file can get a fresh database in milliseconds (CREATE DATABASE … TEMPLATE …).
import pg from "pg";
import { migrateDeploy } from "../../src/db/migrate.ts";
import { ADMIN_URL, adminQuery, templateName, urlFor } from "./pg-admin.ts";

export default async function setup(): Promise<void> {
  await ensureTemplateDb();
}

/** Builds the migrated template database unless it exists (also used by the benchmarks). */
export async function ensureTemplateDb(): Promise<void> {
  const name = templateName();
  // Several test runs may start together (two terminals, CI): one builds, the others wait.
  const lock = new pg.Client({ connectionString: ADMIN_URL });
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock(724311)");
    const exists = await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${name}'`);
    if (exists.rowCount === 0) {
      await adminQuery(`DROP DATABASE IF EXISTS ${name}_building WITH (FORCE)`);
      await adminQuery(`CREATE DATABASE ${name}_building`);
      await migrateDeploy(urlFor(`${name}_building`));
      // Renamed only when complete, so a killed run never leaves a half-built template behind.
      await adminQuery(`ALTER DATABASE ${name}_building RENAME TO ${name}`);
    }
    // Leftovers of earlier runs that were killed before their afterAll (older than an hour). The
    // underscores are escaped: a bare "_" matches any character, so 'chibo_t_%' also matched the
    // template ("chibo_tpl_…"), which was then dropped right after being found, failing every file.
    const stale = await adminQuery(
      `SELECT datname FROM pg_database d WHERE datname LIKE 'chibo\\_t\\_%'
         AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)
         AND (pg_stat_file('base/' || d.oid || '/PG_VERSION')).modification < now() - interval '1 hour'`,
    ).catch(() => ({ rows: [] as { datname: string }[] }));
    for (const row of stale.rows as { datname: string }[]) {
      await adminQuery(`DROP DATABASE IF EXISTS "${row.datname}"`).catch(() => {});
    }
  } finally {
    await lock.query("SELECT pg_advisory_unlock(724311)").catch(() => {});
    await lock.end();
  }
}
