// Admin connection to the test PostgreSQL server (127.0.0.1:5432, trust auth), for creating
// throwaway databases. TEST_PG_URL overrides it.
import pg from "pg";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const ADMIN_URL = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The template's name changes when any migration changes, so a stale template is never reused. */
export function templateName(): string {
  const dir = join(import.meta.dirname, "..", "..", "prisma", "migrations");
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith(".toml")) continue;
    hash.update(name);
    hash.update(readFileSync(join(dir, name, "migration.sql")));
  }
  return `chibo_tpl_${hash.digest("hex").slice(0, 12)}`;
}
