// Prisma client factory. Nothing outside src/db imports Prisma directly.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "../generated/prisma/client.ts";

export type Db = PrismaClient;
export { Prisma } from "../generated/prisma/client.ts";
export type * from "../generated/prisma/client.ts";

/** The pg pool under each client made by createDb. */
const pools = new WeakMap<Db, { pool: pg.Pool; named: boolean }>();

/**
 * The pg connection of a transaction opened by inTransaction, once Prisma has taken it from the
 * pool: hotQuery runs its statements there (in the transaction) instead of through Prisma.
 */
export interface TxConnection {
  /** Set by the pool's connect while the transaction is being opened. */
  client?: pg.PoolClient;
  named: boolean;
  /** Until Prisma's BEGIN has its connection: the next promise-form connect in this context is it. */
  opening: boolean;
  /** The transaction plans its statements generically (see inTransaction's `genericPlans`). */
  genericPlans: boolean;
  /** Its statements go out without waiting for each other's answers (see Pipelined). */
  pipelined: boolean;
}
/** The transaction being opened in this async context (Prisma's adapter calls connect inside it). */
const openingTx = new AsyncLocalStorage<TxConnection>();
/** A joined transaction client (transaction.ts) → its connection. */
const txConnections = new WeakMap<Db, TxConnection>();

/**
 * Runs `open` (a Prisma $transaction) so that the connection its adapter takes is remembered, and
 * returns the connection record for `register` once the transaction client exists. Undefined for a
 * client createDb did not make (a test's own, say): its statements then stay on Prisma.
 */
export function openTracked<T>(
  db: Db,
  open: (tracked: TxConnection | undefined) => Promise<T>,
  options: { genericPlans?: boolean; pipelined?: boolean } = {},
): Promise<T> {
  const own = pools.get(db);
  if (!own) return open(undefined);
  // Unnamed statements (the embedded database's) are planned for every execution whatever the mode.
  const tracked: TxConnection = {
    named: own.named,
    opening: true,
    genericPlans: own.named && options.genericPlans === true,
    pipelined: options.pipelined === true,
  };
  return openingTx
    .run(tracked, () => open(tracked))
    .finally(() => {
      // Released to the pool by Prisma's commit or rollback: another transaction's from now on.
      tracked.client = undefined;
    });
}

/**
 * The generic plans: BEGIN goes out together with `SET LOCAL plan_cache_mode = force_generic_plan`.
 * PostgreSQL plans a named statement anew for each execution while that plan looks cheaper than the
 * generic one, and for a statement over an array parameter (unnest($1::text[]): a batch's
 * conversations) it always does, since only the actual array tells it how many rows there are: the
 * inbox's lock, mark and speaker reads cost more to plan than to run. A transaction's statements are
 * all lookups by key and by a batch's few ids, for which the one generic plan is the plan (the
 * inbound benchmark's server CPU a message fell by about a fifth). LOCAL: the connection goes back
 * to the pool as it was.
 */
const GENERIC_BEGIN = "BEGIN; SET LOCAL plan_cache_mode = force_generic_plan";

/**
 * A transaction opened with `pipelined` (the inbox's): its connection sends each statement without
 * waiting for the one before to be answered (pg's pipeline mode), BEGIN waits to go out in the same
 * write as the transaction's first statement, and a statement sent with hotSqlUnawaited goes out in
 * the same write as the next one (the COMMIT): two round trips fewer a transaction, each of them a
 * wake-up of the server and of this process, which share the machine's cores. PostgreSQL answers in
 * order, and a failed statement fails the rest of its transaction, so nothing is decided on an
 * answer not yet read: the COMMIT's own answer is given only after every unawaited statement's,
 * and is the first of them that failed (the server then rolled back: COMMIT in a failed transaction
 * answers ROLLBACK, not an error).
 */
interface Pipelined {
  tracked: TxConnection;
  /** BEGIN asked for and not sent yet. */
  begin: boolean;
  /** Statements sent unawaited: the COMMIT confirms them. */
  unconfirmed: Array<Promise<unknown>>;
  /** The next statement is to wait in the socket's buffer for the one after it (hotSqlUnawaited). */
  hold: boolean;
  corked: boolean;
}
const pipelines = new WeakMap<pg.PoolClient, Pipelined>();
const wrapped = new WeakSet<pg.PoolClient>();
/** What pg answers for BEGIN, given to Prisma for the BEGIN held back. */
const BEGIN_RESULT = { command: "BEGIN", rowCount: null, oid: 0, rows: [], fields: [] };

type Query = (config: unknown, ...rest: unknown[]) => unknown;

function uncork(client: pg.PoolClient, state: Pipelined): void {
  if (!state.corked) return;
  state.corked = false;
  (client as unknown as { connection: { stream: NodeJS.WritableStream & { uncork(): void } } }).connection.stream.uncork();
}

function cork(client: pg.PoolClient, state: Pipelined): void {
  if (state.corked) return;
  state.corked = true;
  (client as unknown as { connection: { stream: NodeJS.WritableStream & { cork(): void } } }).connection.stream.cork();
  // Whatever comes next in this turn joins the write; nothing waits longer than the turn.
  setImmediate(() => uncork(client, state));
}

/**
 * Sets up a transaction's connection as asked (see GENERIC_BEGIN and Pipelined); undone at its
 * release. Its COMMIT or ROLLBACK ends what hotQuery may send on it: a timed-out transaction's work
 * goes on running after Prisma's ROLLBACK, and a statement of it sent after the ROLLBACK would run
 * outside any transaction (Prisma refuses its own statements then; hotQuery then goes to Prisma).
 */
function trackTransaction(client: pg.PoolClient, tracked: TxConnection): void {
  pipelines.set(client, { tracked, begin: false, unconfirmed: [], hold: false, corked: false });
  (client as unknown as { pipeline: boolean }).pipeline = tracked.pipelined;
  releaseTracked(client, tracked);
  if (wrapped.has(client)) return;
  wrapped.add(client);
  const query = client.query.bind(client) as Query;
  client.query = ((config: unknown, ...rest: unknown[]) => {
    const state = pipelines.get(client);
    if (!state) return query(config, ...rest);
    const text = typeof config === "string" ? config : (config as { text?: unknown } | null)?.text;
    const { tracked } = state;
    if (text === "BEGIN" && rest.length === 0) {
      if (tracked.pipelined) {
        state.begin = true;
        return Promise.resolve(BEGIN_RESULT);
      }
      if (!tracked.genericPlans) return query(config) as Promise<unknown>;
      // Two statements in one simple query: pg answers with a result each; the caller asked for BEGIN's.
      return (query(GENERIC_BEGIN) as Promise<unknown>).then((results): unknown => (Array.isArray(results) ? (results[0] as unknown) : results));
    }
    if ((text === "COMMIT" || text === "ROLLBACK") && tracked.client === client) tracked.client = undefined;
    if (state.begin && (text === "COMMIT" || text === "ROLLBACK") && rest.length === 0) {
      // Nothing ran: no transaction to end.
      state.begin = false;
      return Promise.resolve({ ...BEGIN_RESULT, command: text });
    }
    let begun: Promise<unknown> | undefined;
    const hold = state.hold;
    state.hold = false;
    if (state.begin || hold) cork(client, state);
    if (state.begin) {
      state.begin = false;
      // Two statements in one simple query: pg answers with a result each.
      begun = query(tracked.genericPlans ? GENERIC_BEGIN : "BEGIN") as Promise<unknown>;
    }
    const result = query(config, ...rest);
    if (!hold) uncork(client, state);
    if (text === "ROLLBACK") {
      state.unconfirmed = [];
      return result;
    }
    const waits = [...(begun ? [begun] : []), ...(text === "COMMIT" ? state.unconfirmed : [])];
    if (text === "COMMIT") state.unconfirmed = [];
    if (waits.length === 0 || rest.length > 0) return result;
    // The answer in order: an earlier statement's failure is this one's.
    return Promise.all([...waits, result]).then((all) => all[all.length - 1]);
  }) as typeof client.query;
}

/**
 * The transaction's connection goes back to the pool (Prisma's commit or rollback, or its timeout):
 * from then on another transaction's, so the transaction's own statements no longer reach it (a
 * timed-out transaction's work may still be running), and it goes back as it came. pg-pool sets a
 * client's release anew at every checkout: wrapped at every checkout.
 */
function releaseTracked(client: pg.PoolClient, tracked: TxConnection): void {
  const release = client.release.bind(client);
  client.release = (error?: Error | boolean) => {
    if (tracked.client === client) tracked.client = undefined;
    const state = pipelines.get(client);
    pipelines.delete(client);
    if (!state) return release(error);
    uncork(client, state);
    const own = client as unknown as { pipeline: boolean; _sentQueryQueue: unknown[]; _queryQueue: unknown[]; _activeQuery: unknown };
    const busy = own._sentQueryQueue.length > 0 || own._queryQueue.length > 0 || own._activeQuery != null;
    own.pipeline = false;
    // A connection released with statements still on the wire would hand their answers to its next
    // user: closed instead.
    return release(error ?? (busy ? new Error("released with statements in flight") : undefined));
  };
}

/**
 * Sends a statement of a pipelined transaction (see Pipelined) without waiting for its answer:
 * the transaction's COMMIT fails if it failed. Awaited as hotQuery elsewhere.
 */
export async function hotSqlUnawaited(db: Db, sql: Prisma.Sql): Promise<void> {
  const client = txConnections.get(db)?.client;
  const state = client ? pipelines.get(client) : undefined;
  if (!client || !state?.tracked.pipelined || holdsDate(sql)) {
    await hotSql(db, sql);
    return;
  }
  state.hold = true;
  const sent = hotQuery(db, sql.text, sql.values);
  // Read by the COMMIT; a ROLLBACK drops it, and its failure then is the rollback's business.
  sent.catch(() => undefined);
  state.unconfirmed.push(sent);
}

/** Ties a transaction client to its connection (from openTracked). */
export function registerTx(tx: Db, tracked: TxConnection | undefined): void {
  if (!tracked) return;
  tracked.opening = false;
  if (tracked.client) txConnections.set(tx, tracked);
}

/**
 * Startup options for every connection the app opens: the session runs in UTC. The columns are
 * `timestamp` without a zone holding UTC, and now(), CURRENT_TIMESTAMP and the columns' defaults
 * become such a value in the session's zone, so a server or database set to 'Asia/Ho_Chi_Minh'
 * stored them 7 hours ahead. (The embedded PGlite ignores startup options: embedded.ts starts it
 * in UTC instead.)
 */
export const UTC_SESSION = "-c TimeZone=UTC";
/**
 * The pool's sessions also run without JIT. PostgreSQL compiles a statement whose estimated cost
 * passes jit_above_cost, which only a digest's bulk queries do (a committee's: the scan of every
 * progress row), and there compiling took longer than it saved: a 1,000-member committee's roll-up
 * 170 → 90 ms, a 10,000-member one's history query ~100 ms more with it. Every other statement is a
 * lookup far below the threshold.
 */
const POOL_SESSION = `${UTC_SESSION} -c jit=off`;

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
  const pool = new pg.Pool({ connectionString, options: POOL_SESSION, max: options.poolSize ?? 10 });
  // An idle connection's error is met again by the next query; unheard, it would end the process.
  pool.on("error", () => {});
  // Prisma's adapter opens a transaction with the promise form of connect (pool.query uses the
  // callback form): inside openTracked, that connection is the transaction's.
  const connect = pool.connect.bind(pool);
  pool.connect = ((callback?: Parameters<pg.Pool["connect"]>[0]) => {
    const tracked = openingTx.getStore();
    if (callback || !tracked?.opening) return callback ? connect(callback) : connect();
    tracked.opening = false;
    return connect().then((client) => {
      tracked.client = client;
      trackTransaction(client, tracked);
      return client;
    });
  }) as pg.Pool["connect"];
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
  const tx = txConnections.get(db);
  const own = pools.get(db);
  const on = tx?.client ? { queryable: tx.client, named: tx.named } : own ? { queryable: own.pool, named: own.named } : null;
  if (!on) return db.$queryRawUnsafe<T[]>(text, ...params);
  return (await on.queryable.query<T & pg.QueryResultRow>({ ...(on.named ? { name: statementName({ sql: text }) } : {}), text, values: params })).rows;
}

/**
 * pg would send a Date as the process's local time, where the columns hold UTC: a statement with
 * one goes through Prisma, whether awaited (hotSql) or not (hotSqlUnawaited).
 */
function holdsDate(sql: Prisma.Sql): boolean {
  return sql.values.some((v) => v instanceof Date);
}

/** hotQuery for a statement built with Prisma.sql (one holding a Date goes through Prisma: holdsDate). */
export async function hotSql<T>(db: Db, sql: Prisma.Sql): Promise<T[]> {
  if (holdsDate(sql)) return db.$queryRaw<T[]>(sql);
  return hotQuery<T>(db, sql.text, sql.values);
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
