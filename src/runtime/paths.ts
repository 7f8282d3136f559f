// Where the project's files are at run time, from the sources (src/…) and from the build (dist/…) alike.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "prisma"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json with prisma/ not found above ${from}`);
    dir = parent;
  }
}

/** The directory holding package.json, prisma/ and prisma.config.ts. */
export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

export const migrationsDir = join(projectRoot, "prisma", "migrations");

/** The Prisma 6.19 CLI's configuration for applying migrations (docs/database.md). */
export const migrateConfig = join(projectRoot, "prisma", "migrate", "prisma.config.ts");
