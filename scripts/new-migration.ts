// npm run db:new-migration -- <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the SQL that takes the committed migrations to the current schema.prisma, offline.
// `prisma migrate diff --from-migrations` replays the committed migrations on a throwaway in-process
// PGlite shadow database (see scripts/pglite-authoring-adapter.ts and docs/database.md);
// `migrate dev` itself cannot get a shadow database through a driver adapter here.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/i.test(name)) {
  process.stderr.write("Usage: npm run db:new-migration -- <name>   (letters, digits and _)\n");
  process.exit(2);
}
// Migrations are authored by the Prisma 6.19 CLI (prisma-migrate, JavaScript schema engine): Prisma 7
// would need its native schema engine. That CLI wants the datasource's url in the schema it reads,
// which Prisma 7 refuses in prisma/schema.prisma: it diffs a copy with the url put back.
const require = createRequire(import.meta.url);
const migrateCli = require.resolve("prisma-migrate/build/index.js");
const dir = mkdtempSync(join(tmpdir(), "chibo-migration-"));
const schema = join(dir, "schema.prisma");
const datamodel = readFileSync(join(root, "prisma", "schema.prisma"), "utf8");
// The generator block goes too: the 6.19 CLI would fetch an engine for Prisma 7's client.
writeFileSync(
  schema,
  datamodel
    .replace(/generator client \{[^}]*\}\n/, "")
    .replace(/datasource db \{\n\s*provider = "postgresql"\n/, (block) => `${block}  url      = env("DATABASE_URL")\n`),
);
const env = { ...process.env, PRISMA_AUTHORING_DIR: join(dir, "pglite"), DATABASE_URL: "postgresql://authoring@localhost/unused", CHECKPOINT_DISABLE: "1" };
const diff = spawnSync(
  process.execPath,
  [
    migrateCli,
    "migrate",
    "diff",
    "--config",
    "prisma/migrate/prisma.config.ts",
    "--from-migrations",
    "prisma/migrations",
    "--to-schema-datamodel",
    schema,
    "--script",
  ],
  { cwd: root, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
);
rmSync(dir, { recursive: true, force: true });
if (diff.status !== 0) {
  process.stderr.write(diff.stderr || diff.stdout);
  process.exit(diff.status ?? 1);
}
const sql = diff.stdout.trim();
if (!sql || /^-- This is an empty migration\.?$/.test(sql)) {
  process.stdout.write("schema.prisma matches the committed migrations: nothing to write.\n");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const folder = join(root, "prisma", "migrations", `${stamp}_${name}`);
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, "migration.sql"), `${sql}\n`);
process.stdout.write(`Wrote ${folder}/migration.sql\n`);
const generate = spawnSync(process.execPath, [join(root, "scripts", "prisma-generate.mjs")], { cwd: root, stdio: "inherit" });
process.exit(generate.status ?? 1);
