// npm run bench -- inbound [--k=50,200] [--delays=0,150] [--dbs=postgres,embedded] [--commands=4] [--rounds=3] [--warmup=1] [--only=ours|floor|bare] [--batch=16] [--profile=DIR]
// K linked members each send a sequence of commands at once (the next after the reply, like a
// person) through the fake Telegram Bot API in polling mode; the bot handles them through the real
// path (adapter → inbox → concurrent dispatcher → engine → replies). Beside it, in the same run and
// each on a fake of its own with the same delay, a bare telegraf bot answers the same commands with
// a fixed text (the floor the platform round trip allows), and a durable floor does the least
// database work the inbox's guarantees need and nothing else (durableFloor below). Prints p50/p99
// reply latency and messages/s for the three, and the ratios to the bare bot. Targets (PostgreSQL, K = 50): p99 ≤ 3× bare, msgs/s ≥ 0.5× bare; at
// 150 ms delay ≥ 100 msgs/s.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { Telegraf, Telegram } from "telegraf";
import { seedDemo } from "../../prisma/seed-demo.ts";
import { inboxHandling } from "../../src/channels/dispatcher.ts";
import { createInbox } from "../../src/channels/inbox/inbox.ts";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { createEngine } from "../../src/conversations/create-engine.ts";
import { createDb, type Db } from "../../src/db/client.ts";
import { startEmbeddedPostgres } from "../../src/db/embedded.ts";
import { migrateDeploy } from "../../src/db/migrate.ts";
import { silentLogger } from "../../src/log.ts";
import { EMBEDDED_INBOUND_CONCURRENCY } from "../../src/app.ts";
import { poolSizeFor } from "../../src/runtime/database.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/fake-telegram.ts";
import { openBenchDb } from "./support.ts";
import { adminQuery } from "../support/pg-admin.ts";

const COMMANDS = ["/trogiup", "/camket", "/trogiup", "/camket", "/trogiup", "/camket"];
const FAKE_LIMITS = { ratePerSecond: 1_000_000, perChatPerSecond: 1_000_000 };

interface Figures {
  p50: number;
  p99: number;
  perSecond: number;
  /** CPU time of this whole process (bot, fake and driver) per message. */
  cpuMsPerMessage?: number;
  /** CPU time of the PostgreSQL server processes serving the bot's database, per message. */
  dbCpuMsPerMessage?: number;
}

/**
 * CPU time so far (ns) of each server process connected to the database, from /proc: only for a
 * server on this machine (the bench's). On a 2-core machine the server's work competes with the
 * bot for the cores, so the server's CPU per message is part of the price of a message: a statement
 * planned anew every time, say, shows here and nowhere in the bot's own profile.
 */
async function serverCpu(database: string | undefined): Promise<Map<number, number> | undefined> {
  if (!database) return undefined;
  const { rows } = await adminQuery(`SELECT pid FROM pg_stat_activity WHERE datname = '${database.replace(/'/g, "''")}'`);
  const times = new Map<number, number>();
  for (const { pid } of rows as Array<{ pid: number }>) {
    try {
      times.set(pid, Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]));
    } catch {
      return undefined;
    }
  }
  return times;
}

/** Server CPU (ms) between two serverCpu readings; a process that started meanwhile counts from 0. */
function serverCpuMs(before: Map<number, number> | undefined, after: Map<number, number> | undefined): number | undefined {
  if (!before || !after) return undefined;
  let ns = 0;
  for (const [pid, t] of after) ns += t - (before.get(pid) ?? 0);
  return ns / 1e6;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Waits for the next reply to each chat by scanning the fake's sent list incrementally, woken by
 * the fake when it records a send (its waitFor). It looked every 2 ms per member before: K timers
 * firing the whole time cost the process CPU in proportion to the bot's latency, so the slower bot
 * of a run paid more for the same driver.
 */
function replyWatcher(fake: FakeTelegram) {
  let scanned = 0;
  const counts = new Map<string, number>();
  const times = new Map<string, number[]>();
  function scan(): void {
    for (; scanned < fake.sent.length; scanned++) {
      const s = fake.sent[scanned]!;
      counts.set(s.chatId, (counts.get(s.chatId) ?? 0) + 1);
      const list = times.get(s.chatId) ?? [];
      list.push(s.at);
      times.set(s.chatId, list);
    }
  }
  const count = (chatId: string): number => {
    scan();
    return counts.get(chatId) ?? 0;
  };
  return {
    count,
    async next(chatId: string, before: number, timeoutMs = 60_000): Promise<number> {
      await fake.waitFor(() => count(chatId) > before, timeoutMs, `a reply to ${chatId}`);
      return times.get(chatId)![before]!;
    },
  };
}

/** K members, each sending the commands in turn; latency = push → first reply. */
async function drive(fake: FakeTelegram, userIds: number[], commands: string[]): Promise<Figures> {
  const watcher = replyWatcher(fake);
  const latencies: number[] = [];
  const started = Date.now();
  await Promise.all(
    userIds.map(async (user) => {
      const chatId = String(user);
      for (const text of commands) {
        const before = watcher.count(chatId);
        const at = Date.now();
        await fake.pushUpdate(fake.textUpdate(user, text));
        const replied = await watcher.next(chatId, before);
        latencies.push(replied - at);
        // Let any further part of the same answer arrive before the next command.
        await new Promise((r) => setTimeout(r, 1));
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: latencies.length / elapsed };
}

/** The Telegram user ids of k members from base on. */
const userRange = (base: number, k: number) => Array.from({ length: k }, (_, i) => base + i);

let profiled = 0;
/** --profile=DIR: where the drives' profiles go (ours-N, bare-N, floor-N). */
let profileDir: string | undefined;

/**
 * drive, with the CPU time of this whole process (bot, fake and driver) per message. With
 * `--profile=DIR`, a CPU profile of the drive alone (not the start, the seeding or the other bots'
 * setup, which a whole-process --cpu-prof mixes in) is written to DIR for each measured run.
 */
async function driveMeasured(fake: FakeTelegram, userIds: number[], commands: string[], bot: string, database?: string): Promise<Figures> {
  const session = profileDir ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  const server0 = await serverCpu(database);
  const cpu0 = process.cpuUsage();
  const figures = await drive(fake, userIds, commands);
  const cpu = process.cpuUsage(cpu0);
  const serverMs = serverCpuMs(server0, await serverCpu(database));
  if (session && profileDir) {
    const { profile } = await session.post("Profiler.stop");
    profiled += 1;
    writeFileSync(join(profileDir, `${bot}-${profiled}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
  const messages = userIds.length * commands.length;
  return {
    ...figures,
    cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / messages,
    ...(serverMs === undefined ? {} : { dbCpuMsPerMessage: serverMs / messages }),
  };
}

async function linkMembers(db: Db, k: number, base: number): Promise<number[]> {
  const anyMember = await db.member.findFirstOrThrow({ where: { role: "MEMBER" } });
  const ids: number[] = [];
  for (let i = 0; i < k; i++) {
    const user = base + i;
    const member = await db.member.create({ data: { unitId: anyMember.unitId, fullName: `Đảng viên ${user}`, searchName: `dang vien ${user}` } });
    await db.identity.create({ data: { platform: "TELEGRAM", externalUserId: String(user), chatId: String(user), memberId: member.id } });
    ids.push(user);
  }
  return ids;
}

async function ourBot(
  db: Db,
  embedded: boolean,
  k: number,
  delayMs: number,
  base: number,
  commands: string[],
  batchSize?: number,
  serverDb?: string,
): Promise<Figures> {
  // Each run's fake numbers its updates from 1 again: clear the previous run's rows, or they would
  // be taken for redeliveries (a real bot's update ids only grow).
  await db.inboundUpdate.deleteMany({});
  const fake = await startFakeTelegram({ ...FAKE_LIMITS, delayMs, token: "777001:bench-ours" });
  const users = await linkMembers(db, k, base);
  const engine = createEngine({ db, log: silentLogger, zone: "Asia/Ho_Chi_Minh" });
  const adapter = createTelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, pollTimeoutSeconds: 10 });
  const inbox = createInbox({
    db,
    log: silentLogger,
    ...inboxHandling({ db, engine, log: silentLogger }),
    adapters: () => [adapter],
    // As src/app.ts: 32 on PostgreSQL, EMBEDDED_INBOUND_CONCURRENCY on the embedded database.
    concurrency: embedded ? EMBEDDED_INBOUND_CONCURRENCY : CONCURRENCY,
    ...(batchSize ? { batchSize } : {}),
  });
  inbox.start();
  await adapter.start(inbox.accept);
  try {
    const figures = await driveMeasured(fake, users, commands, "ours", serverDb).catch(async (error: unknown) => {
      const stuck = await db.inboundUpdate.findMany({ where: { status: { not: "DONE" } }, take: 10 });
      console.log(
        "not done:",
        stuck.map((r) => [r.conversation, r.status, r.attempts, r.lastError]),
        "pending at the fake:",
        fake.pendingUpdates,
      );
      throw error;
    });
    if (process.env.BENCH_CALLS) {
      const byMethod = new Map<string, number>();
      for (const c of fake.calls) byMethod.set(c.method, (byMethod.get(c.method) ?? 0) + 1);
      console.log("calls:", [...byMethod].map(([m, n]) => `${m}=${n}`).join(" "));
    }
    if (process.env.BENCH_DEBUG) {
      const rows = await db.inboundUpdate.findMany({ orderBy: { seq: "asc" }, take: 30 });
      for (const r of rows) console.log(r.seq, r.conversation, (r.event as { at: string }).at, r.receivedAt.toISOString(), r.handledAt?.toISOString());
    }
    return figures;
  } finally {
    await adapter.stop();
    await inbox.stop();
    await fake.close();
  }
}

async function bareTelegraf(k: number, delayMs: number, base: number, commands: string[]): Promise<Figures> {
  const fake = await startFakeTelegram({ ...FAKE_LIMITS, delayMs, token: "777002:bench-bare" });
  const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
  bot.on("message", (ctx) => ctx.reply("Đã nhận."));
  const launched = bot.launch({ dropPendingUpdates: false });
  launched.catch(() => undefined);
  try {
    return await driveMeasured(fake, userRange(base, k), commands, "bare");
  } finally {
    bot.stop();
    await fake.close();
  }
}

/**
 * The floor a durable inbox allows on this machine: bare telegraf's HTTP client with, per polled
 * batch, the least database work the inbox's guarantees need and none of the bot's own (no member,
 * no conversation, no flow): the batch stored with one INSERT (a redelivery stored once), one
 * transaction locking and marking its rows, the replies, one statement recording them sent. Plain
 * `pg`, no ORM, the whole poll batch in one transaction. What the bot adds above this is the price
 * of its work; what this floor loses against the bare bot no inbox design that keeps the
 * guarantees can win back.
 */
async function durableFloor(url: string, poolSize: number, k: number, delayMs: number, base: number, commands: string[], onServer: boolean): Promise<Figures> {
  const fake = await startFakeTelegram({ ...FAKE_LIMITS, delayMs, token: "777003:bench-floor" });
  const telegram = new Telegram(fake.token, { apiRoot: fake.apiRoot });
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  await pool.query(
    `CREATE TABLE IF NOT EXISTS "BenchFloor" ("seq" bigserial PRIMARY KEY, "updateId" bigint NOT NULL UNIQUE, "chat" text NOT NULL, "status" text NOT NULL DEFAULT 'PENDING')`,
  );
  await pool.query(`TRUNCATE "BenchFloor"`);
  const handling = new Set<Promise<void>>();
  async function handle(rows: { seq: string; chat: string }[]): Promise<void> {
    const seqs = rows.map((r) => r.seq);
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(`SELECT "seq" FROM "BenchFloor" WHERE "seq" = ANY($1::bigint[]) AND "status" = 'PENDING' FOR UPDATE SKIP LOCKED`, [seqs]);
      await client.query(`UPDATE "BenchFloor" SET "status" = 'REPLYING' WHERE "seq" = ANY($1::bigint[])`, [seqs]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    await Promise.all(rows.map((r) => telegram.sendMessage(Number(r.chat), "Đã nhận.")));
    await pool.query(`UPDATE "BenchFloor" SET "status" = 'DONE' WHERE "seq" = ANY($1::bigint[])`, [seqs]);
  }
  let stopped = false;
  let offset = 0;
  const poller = (async () => {
    while (!stopped) {
      const updates = await telegram.getUpdates(1, 100, offset, ["message"]).catch(() => []);
      if (updates.length === 0) continue;
      offset = updates[updates.length - 1]!.update_id + 1;
      const stored = await pool.query<{ seq: string; chat: string }>(
        `INSERT INTO "BenchFloor" ("updateId", "chat") SELECT * FROM unnest($1::bigint[], $2::text[]) ON CONFLICT DO NOTHING RETURNING "seq", "chat"`,
        [updates.map((u) => u.update_id), updates.map((u) => String("message" in u ? u.message.chat.id : 0))],
      );
      // As the inbox: the next poll does not wait for handling.
      const work = handle(stored.rows);
      handling.add(work);
      void work.finally(() => handling.delete(work));
    }
  })();
  try {
    return await driveMeasured(fake, userRange(base, k), commands, "floor", onServer ? serverDbOf(url) : undefined);
  } finally {
    stopped = true;
    await poller;
    await Promise.allSettled([...handling]);
    await pool.end();
    await fake.close();
  }
}

/** The database a PostgreSQL URL names (the bench's own server, whose processes serverCpu reads). */
const serverDbOf = (url: string) => new URL(url).pathname.slice(1);

interface Database {
  name: string;
  url: string;
  poolSize: number;
  db: Db;
  embedded: boolean;
  close(): Promise<void>;
}

/** INBOUND_CONCURRENCY's default. */
const CONCURRENCY = 32;

async function openDatabaseFor(kind: string): Promise<Database> {
  if (kind === "postgres") {
    // The app's own pool size for PostgreSQL.
    const poolSize = poolSizeFor({ INBOUND_CONCURRENCY: CONCURRENCY }, false);
    const bench = await openBenchDb({ poolSize });
    await seedDemo(bench.db, { year: new Date().getFullYear() });
    return { name: "PostgreSQL", url: bench.url, poolSize, db: bench.db, embedded: false, close: () => bench.drop() };
  }
  const dir = mkdtempSync(join(tmpdir(), "chibo-bench-inbound-"));
  const embedded = await startEmbeddedPostgres({ dataDir: dir, port: 0 });
  await migrateDeploy(embedded.url);
  // The app's own pool size for the embedded database.
  const poolSize = poolSizeFor({ INBOUND_CONCURRENCY: CONCURRENCY }, true);
  const db = createDb(embedded.url, { poolSize, namedStatements: false });
  await seedDemo(db, { year: new Date().getFullYear() });
  return {
    name: "embedded",
    url: embedded.url,
    poolSize,
    db,
    embedded: true,
    close: async () => {
      await db.$disconnect();
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const fmt = (f: Figures) =>
  `${f.p50.toFixed(0)} / ${f.p99.toFixed(0)} ms, ${f.perSecond.toFixed(0)} msgs/s` +
  (f.cpuMsPerMessage ? ` (${f.cpuMsPerMessage.toFixed(1)} ms CPU/msg` + (f.dbCpuMsPerMessage ? `, database ${f.dbCpuMsPerMessage.toFixed(2)}` : "") + ")" : "");

/** The middle value (the lower of the two middle ones for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

const medianFigures = (runs: Figures[]): Figures => ({
  p50: median(runs.map((f) => f.p50)),
  p99: median(runs.map((f) => f.p99)),
  perSecond: median(runs.map((f) => f.perSecond)),
  cpuMsPerMessage: median(runs.map((f) => f.cpuMsPerMessage ?? 0)),
  ...(runs.some((f) => f.dbCpuMsPerMessage !== undefined) ? { dbCpuMsPerMessage: median(runs.map((f) => f.dbCpuMsPerMessage ?? 0)) } : {}),
});

export async function run(args: Record<string, string>): Promise<string> {
  const ks = (args.k ?? "50,200").split(",").map(Number);
  const delays = (args.delays ?? "0,150").split(",").map(Number);
  const dbs = (args.dbs ?? "postgres,embedded").split(",");
  const commands = COMMANDS.slice(0, Number(args.commands ?? 4));
  // On a shared machine one pair of runs says little (the bare bot alone moved by 2× between runs):
  // each configuration is run in several rounds, the two bots alternating which goes first, after
  // an unmeasured warm-up round (the first run in a process pays for compiling the code it runs).
  const rounds = Math.max(1, Number(args.rounds ?? 3));
  const warmup = Math.max(0, Number(args.warmup ?? 1));
  const only = args.only;
  // The inbox's batch size (createInbox's default when not given).
  const batchSize = args.batch ? Number(args.batch) : undefined;
  profileDir = args.profile;
  const lines: string[] = [];
  let base = 100_000;
  let summary = "";
  for (const kind of dbs) {
    const database = await openDatabaseFor(kind);
    try {
      for (const delay of delays) {
        for (const k of ks) {
          const bares: Figures[] = [];
          const floors: Figures[] = [];
          const ourRuns: Figures[] = [];
          for (let round = 0; round < warmup + rounds; round++) {
            base += 10_000;
            const runs = [
              () => bareTelegraf(k, delay, base, commands),
              () => durableFloor(database.url, database.poolSize, k, delay, base, commands, !database.embedded),
              () => ourBot(database.db, database.embedded, k, delay, base, commands, batchSize, database.embedded ? undefined : serverDbOf(database.url)),
            ];
            // Each round starts with another of the three, so none always runs first or last.
            const figures: Figures[] = [];
            for (let i = 0; i < runs.length; i++) {
              const at = (round + i) % runs.length;
              // --only=ours (for a --cpu-prof of the bot alone) leaves the others out: no ratios then.
              figures[at] = only && only !== ["bare", "floor", "ours"][at] ? { p50: 0, p99: 0, perSecond: 0 } : await runs[at]!();
            }
            const [bare, floor, ours] = figures as [Figures, Figures, Figures];
            if (round < warmup) continue;
            bares.push(bare);
            floors.push(floor);
            ourRuns.push(ours);
            if (rounds > 1) console.log(`  round ${round - warmup + 1}: this bot ${fmt(ours)} | durable floor ${fmt(floor)} | bare telegraf ${fmt(bare)}`);
          }
          const bare = medianFigures(bares);
          const floor = medianFigures(floors);
          const ours = medianFigures(ourRuns);
          const ratio = (runs: Figures[], of: (f: Figures) => number) => median(runs.map((r, i) => of(r) / Math.max(1, of(bares[i]!))));
          const p99Ratio = ratio(ourRuns, (f) => f.p99);
          const rateRatio = ratio(ourRuns, (f) => f.perSecond);
          const floorRate = ratio(floors, (f) => f.perSecond);
          const line =
            `${database.name.padEnd(10)} K=${String(k).padStart(3)} delay=${String(delay).padStart(3)} ms × ${commands.length} commands, median of ${rounds} | ` +
            `this bot ${fmt(ours)} | durable floor ${fmt(floor)} | bare telegraf ${fmt(bare)} | ` +
            `this bot: p99 ${p99Ratio.toFixed(2)}× bare, msgs/s ${rateRatio.toFixed(2)}× bare; ` +
            `durable floor: p99 ${ratio(floors, (f) => f.p99).toFixed(2)}× bare, msgs/s ${floorRate.toFixed(2)}× bare (medians of the rounds' ratios)`;
          console.log(line);
          lines.push(line);
          if (kind === "postgres" && k === 50 && delay === 0) {
            summary = `PostgreSQL K=50: p99 ${p99Ratio.toFixed(2)}× bare (target ≤ 3), msgs/s ${rateRatio.toFixed(2)}× bare (target ≥ 0.5; durable floor ${floorRate.toFixed(2)}×)`;
          }
          if (kind === "postgres" && k === 50 && delay === 150) summary += `; at 150 ms: ${ours.perSecond.toFixed(0)} msgs/s (target ≥ 100)`;
        }
      }
    } finally {
      await database.close();
    }
  }
  return summary || lines[lines.length - 1] || "no runs";
}
