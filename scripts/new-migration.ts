// npm run db:new-migration -- <name>: authors a migration from the schema change, offline, against a
// throwaway in-process PGlite (see ../shared/PRISMA-OFFLINE.md: migrate dev cannot run through the
// pg adapter). The committed migrations are replayed first, so only the difference is written.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/i.test(name)) {
  process.stderr.write("Usage: npm run db:new-migration -- <name>   (letters, digits and _)\n");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "chibo-migration-"));
const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, "migrate", "dev", "--name", name, "--skip-seed"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_AUTHORING_DIR: dir, DATABASE_URL: "postgresql://authoring@localhost/unused", CHECKPOINT_DISABLE: "1" },
});
rmSync(dir, { recursive: true, force: true });
process.exit(result.status ?? 1);
