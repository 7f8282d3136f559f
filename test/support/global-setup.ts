// Runs once before the test files: makes a migrated template database on the real PostgreSQL so
// each test file can get a fresh database in milliseconds (CREATE DATABASE … TEMPLATE …).
import { migrateDeploy } from "../../src/db/migrate.ts";
import { adminQuery, templateName, urlFor } from "./pg-admin.ts";

export default async function setup(): Promise<void> {
  const name = templateName();
  const exists = await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${name}'`);
  if (exists.rowCount === 0) {
    await adminQuery(`CREATE DATABASE ${name}_building`);
    await migrateDeploy(urlFor(`${name}_building`));
    // Rename only when complete, so a killed run never leaves a half-built template behind.
    await adminQuery(`ALTER DATABASE ${name}_building RENAME TO ${name}`).catch(async (error) => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name}_building`);
      throw error;
    });
  }
  // Leftovers of earlier runs that were killed before their afterAll.
  const stale = await adminQuery(
    `SELECT datname FROM pg_database WHERE datname LIKE 'chibo_t_%' AND datname NOT IN (SELECT datname FROM pg_stat_activity WHERE datname IS NOT NULL)`,
  );
  for (const row of stale.rows as { datname: string }[]) {
    await adminQuery(`DROP DATABASE IF EXISTS "${row.datname}"`).catch(() => {});
  }
}
