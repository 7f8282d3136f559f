// Opens the configured database: PostgreSQL at DATABASE_URL, or the embedded PGlite under DATA_DIR.
// The server (and `npm run db:migrate`) applies pending migrations; every other entry point only
// checks, so a read-only command never waits for the Prisma CLI and never changes the schema.
import type { Config } from "../config.ts";
import { createDb, type Db } from "../db/client.ts";
import { migrateDeploy, pendingMigrations } from "../db/migrate.ts";

export interface OpenDatabase {
  db: Db;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** A command found the database behind the committed migrations. */
export class PendingMigrationsError extends Error {
  override name = "PendingMigrationsError";
  constructor(readonly pending: string[]) {
    super(`Cơ sở dữ liệu chưa được cập nhật (${pending.length} bản chuyển đổi chưa áp dụng): hãy chạy \`npm run db:migrate\` rồi thử lại.`);
  }
}

/** The database does not answer (a stopped server, a wrong DATABASE_URL). */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
  constructor(detail: string) {
    super(`Không kết nối được cơ sở dữ liệu (${detail}). Hãy kiểm tra DATABASE_URL hoặc chạy npm start.`);
  }
}

/**
 * PGlite runs one session for every socket: while one connection is in a transaction its server
 * holds the others' messages, so a second connection only adds ways to wait on each other (the
 * inbound benchmark hung with four: conversations left pending for good). One connection: the
 * waiting happens in the pool's queue instead, in order. On PostgreSQL every conversation
 * the inbox handles at once holds a connection for its transaction (not while its replies are
 * sent: that happens after the commit), so the pool has room for INBOUND_CONCURRENCY besides the
 * web requests, the poll and the jobs.
 */
export function poolSizeFor(config: Pick<Config, "INBOUND_CONCURRENCY">, embedded: boolean): number {
  return embedded ? 1 : Math.max(10, config.INBOUND_CONCURRENCY + 8);
}

/** apply: run `prisma migrate deploy` when something is pending; check: refuse when something is. */
export type MigrationMode = "apply" | "check";

export async function openDatabase(config: Config, options: { migrations: MigrationMode }): Promise<OpenDatabase> {
  // PGlite (WASM) is loaded only when there is no DATABASE_URL.
  const embedded = config.DATABASE_URL
    ? undefined
    : await (await import("../db/embedded.ts")).startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_DB_PORT });
  const url = config.DATABASE_URL ?? embedded!.url;
  try {
    const pending = await pendingMigrations(url).catch((error: unknown) => {
      const code = (error as { code?: string }).code;
      if (code && /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|28P01|28000|3D000|57P03)$/.test(code)) {
        throw new DatabaseUnavailableError(code);
      }
      throw error;
    });
    if (pending.length > 0) {
      if (options.migrations === "check") throw new PendingMigrationsError(pending);
      await migrateDeploy(url);
    }
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const db = createDb(url, { poolSize: poolSizeFor(config, Boolean(embedded)), namedStatements: !embedded });
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
