// Applies the committed migrations with Prisma's own `migrate deploy`, run by the Prisma 6.19 CLI
// (the `prisma-migrate` package: its JavaScript schema engine works offline, Prisma 7's native one
// cannot be downloaded here), so the embedded and production databases share one migration history.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import pg from "pg";
import { createRequire } from "node:module";
import { childProcessEnv } from "../config.ts";
import { migrateConfig, migrationsDir, projectRoot } from "../runtime/paths.ts";

const DONE = /All migrations have been successfully applied|No pending migrations to apply/;

export class MigrationError extends Error {}

/** The committed migrations, oldest first (directory names, as Prisma records them). */
export function committedMigrations(dir = migrationsDir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/**
 * The committed migrations the database has not applied yet. Reads Prisma's own bookkeeping table
 * with one query, so a process can tell in milliseconds whether it needs the (slow) Prisma CLI.
 */
export async function pendingMigrations(databaseUrl: string, dir = migrationsDir): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Asked without an error on a database that was never migrated (no bookkeeping table yet).
    const table = await client.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS t`);
    if (!table.rows[0]?.t) return committedMigrations(dir);
    const result = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const applied = new Set(result.rows.map((r) => r.migration_name));
    return committedMigrations(dir).filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}

export async function migrateDeploy(databaseUrl: string): Promise<string> {
  const require = createRequire(import.meta.url);
  const cli = require.resolve("prisma-migrate/build/index.js");
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy", "--config", migrateConfig], {
      cwd: projectRoot,
      env: childProcessEnv({ DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let finished = false;
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
      // With the JS schema engine the CLI prints its result and then idles ~10 s before exiting
      // (open handles after deploy); once the result line is out the work is committed, so end it.
      if (!finished && DONE.test(output)) {
        finished = true;
        child.kill("SIGTERM");
        resolvePromise(output);
      }
    });
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (finished) return;
      if (code === 0) resolvePromise(output);
      else reject(new MigrationError(`Không cập nhật được cơ sở dữ liệu (prisma migrate deploy, mã ${code}):\n${output.trim()}`));
    });
  });
}
