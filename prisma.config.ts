// Prisma CLI configuration for the offline recipe (docs/database.md): the JavaScript
// schema engine with driver adapters, so no native engine is ever downloaded.
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    // Authoring a migration (`npm run db:new-migration`) runs against a throwaway in-process PGlite;
    // everything else goes through the same pg driver the app uses.
    if (process.env.PRISMA_AUTHORING_DIR) {
      const { createAuthoringAdapter } = await import("./scripts/pglite-authoring-adapter.ts");
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
