// Prisma CLI configuration (Prisma 7) for generating the client: `npm run db:generate`, also run on
// install. Migrations go through the Prisma 6.19 CLI instead (prisma/migrate/, docs/database.md):
// Prisma 7 applies them only with its native schema engine, which cannot be downloaded offline.
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

// Prisma 7's CLI fetches its native schema engine before any command, generate included, though
// generate never runs it; pointing it at a stub that exists keeps the CLI offline.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(new URL("./prisma/migrate/no-native-engine", import.meta.url));

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
