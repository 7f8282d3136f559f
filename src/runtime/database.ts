// Opens the configured database: PostgreSQL at DATABASE_URL, or the embedded PGlite under DATA_DIR.
// Applies migrations first, so every entry point (npm start, the CLI, npm run chat) sees the same schema.
import type { Config } from "../config.ts";
import { createDb, type Db } from "../db/client.ts";
import { startEmbeddedPostgres } from "../db/embedded.ts";
import { migrateDeploy } from "../db/migrate.ts";

export interface OpenDatabase {
  db: Db;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openDatabase(config: Config, options: { migrate?: boolean } = {}): Promise<OpenDatabase> {
  const embedded = config.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_DB_PORT });
  const url = config.DATABASE_URL ?? embedded!.url;
  try {
    if (options.migrate !== false) await migrateDeploy(url);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  // PGlite executes one statement at a time; a small pool avoids queueing many idle sockets there.
  const db = createDb(url, { poolSize: embedded ? 4 : 10 });
  return {
    db,
    url,
    embedded: Boolean(embedded),
    async close() {
      await db.$disconnect();
      await embedded?.stop();
    },
  };
}
