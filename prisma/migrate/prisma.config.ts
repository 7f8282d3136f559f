// Prisma 6.19 CLI configuration (the `prisma-migrate` package) for applying and authoring
// migrations offline: its JavaScript schema engine through a driver adapter, so no native engine is
// ever downloaded (Prisma 7 has no JavaScript schema engine). See docs/database.md.
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma-migrate/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The 6.19 CLI fetches its native query engine library before any command although the JavaScript
// schema engine never loads it; a stub that exists keeps it offline.
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= here("./no-native-engine");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: here("./schema.prisma"),
  migrations: { path: here("../migrations") },
  async adapter() {
    // Authoring a migration (`npm run db:new-migration`) runs against a throwaway in-process PGlite;
    // everything else goes through the same pg driver the app uses.
    if (process.env.PRISMA_AUTHORING_DIR) {
      const { createAuthoringAdapter } = await import("../../scripts/pglite-authoring-adapter.ts");
      // The two adapter packages target different Prisma minor versions; the CLI accepts both.
      return createAuthoringAdapter(process.env.PRISMA_AUTHORING_DIR) as never;
    }
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is required for the Prisma CLI");
    // allowExitOnIdle: the CLI otherwise lingers ~10 s on the pool's idle connections after finishing.
    return new PrismaPg({ connectionString: url, allowExitOnIdle: true, idleTimeoutMillis: 1 });
  },
});
