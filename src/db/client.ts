// Prisma client factory. Nothing outside src/db imports Prisma directly.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";

export type Db = PrismaClient;
export { Prisma } from "../generated/prisma/client.ts";
export type * from "../generated/prisma/client.ts";

/** The pg pool under each client made by createDb (a transaction's client has none: it stays on Prisma). */
const pools = new WeakMap<Db, { pool: pg.Pool; named: boolean }>();

/**
 * Startup options for every connection the app opens: the session runs in UTC. The columns are
 * `timestamp` without a zone holding UTC, and now(), CURRENT_TIMESTAMP and the columns' defaults
 * become such a value in the session's zone, so a server or database set to 'Asia/Ho_Chi_Minh'
 * stored them 7 hours ahead. (The embedded PGlite ignores startup options: embedded.ts starts it
 * in UTC instead.)
 */
export const UTC_SESSION = "-c TimeZone=UTC";

/** Names for prepared statements, one per SQL text, shared by every connection of the process. */
const statementNames = new Map<string, string>();
/** Apart from other processes' names, should their statements ever meet on one server session. */
const namePrefix = `chibo_${randomBytes(3).toString("hex")}_`;
const MAX_NAMED_STATEMENTS = 2000;

/**
 * Each SQL text Prisma sends gets a name, so every connection parses and plans it once and then only
 * binds and executes it: the server's parse and plan of Prisma's long column lists was a large part
 * of a statement's cost on the hot path. The SQL texts come from code, not data (values are
 * parameters), so they are few; past the cap (a shape per length of a generated IN list, say) the
 * rest go unnamed rather than grow every backend's memory without end.
 */
function statementName(query: { sql: string }): string {
  const known = statementNames.get(query.sql);
  // An empty name is pg's unnamed statement (parsed every time).
  if (known !== undefined || statementNames.size >= MAX_NAMED_STATEMENTS) return known ?? "";
  const name = `${namePrefix}${statementNames.size.toString(36)}`;
  statementNames.set(query.sql, name);
  return name;
}

/**
 * `namedStatements: false` for the embedded database: pglite-socket serves every connection, of
 * every process, from one server session, where one connection's prepared statement would collide
 * with another's.
 */
export function createDb(connectionString: string, options: { poolSize?: number; namedStatements?: boolean } = {}): Db {
  const pool = new pg.Pool({ connectionString, options: UTC_SESSION, max: options.poolSize ?? 10 });
  // An idle connection's error is met again by the next query; unheard, it would end the process.
  pool.on("error", () => {});
  const named = options.namedStatements ?? true;
  const adapter = new PrismaPg(pool, { disposeExternalPool: true, ...(named ? { statementNameGenerator: statementName } : {}) });
  const db = new PrismaClient({ adapter });
  pools.set(db, { pool, named });
  return db;
}

/**
 * One statement (parameters $1, $2…) on the client's own pg pool, else (a transaction's client)
 * through Prisma.
 * For the statements on a message's way out (a broadcast's audience and rows, every claim and
 * mark): Prisma's raw query costs ~1.5 ms of CPU against ~0.4 ms for pg's (a third of a core at
 * 200 messages a second), more for many rows returned. pg parses no timestamp the Prisma
 * way (it reads them as local time): pass times as ISO strings cast in the SQL, return none.
 */
export async function hotQuery<T>(db: Db, text: string, params: unknown[]): Promise<T[]> {
  const own = pools.get(db);
  if (own) return (await own.pool.query<T & pg.QueryResultRow>({ ...(own.named ? { name: statementName({ sql: text }) } : {}), text, values: params })).rows;
  return db.$queryRawUnsafe<T[]>(text, ...params);
}

/** True when the database answers a trivial query. */
export async function pingDb(db: Db): Promise<boolean> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
