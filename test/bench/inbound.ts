// npm run bench -- inbound [--k=50,200] [--delays=0,150] [--dbs=postgres,embedded] [--commands=4]
// K linked members each send a sequence of commands at once (the next after the reply, like a
// person) through the fake Telegram Bot API in polling mode; the bot handles them through the real
// path (adapter → inbox → concurrent dispatcher → engine → replies). Beside it, in the same run and
// on a fake of its own with the same delay, a bare telegraf bot answers the same commands with a
// fixed text: the floor the platform round trip allows. Prints p50/p99 reply latency and messages/s
// for both, and the ratios. Targets (PostgreSQL, K = 50): p99 ≤ 3× bare, msgs/s ≥ 0.5× bare; at
// 150 ms delay ≥ 100 msgs/s.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Telegraf } from "telegraf";
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

const COMMANDS = ["/trogiup", "/camket", "/trogiup", "/camket", "/trogiup", "/camket"];
const FAKE_LIMITS = { ratePerSecond: 1_000_000, perChatPerSecond: 1_000_000 };

interface Figures {
  p50: number;
  p99: number;
  perSecond: number;
  /** CPU time of this whole process (bot, fake and driver) per message. */
  cpuMsPerMessage?: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Waits for the next reply to each chat by scanning the fake's sent list incrementally. */
function replyWatcher(fake: FakeTelegram) {
  let scanned = 0;
  const counts = new Map<string, number>();
  const times = new Map<string, number[]>();
  return {
    count(chatId: string): number {
      this.scan();
      return counts.get(chatId) ?? 0;
    },
    scan(): void {
      for (; scanned < fake.sent.length; scanned++) {
        const s = fake.sent[scanned]!;
        counts.set(s.chatId, (counts.get(s.chatId) ?? 0) + 1);
        const list = times.get(s.chatId) ?? [];
        list.push(s.at);
        times.set(s.chatId, list);
      }
    },
    async next(chatId: string, before: number, timeoutMs = 60_000): Promise<number> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        this.scan();
        const list = times.get(chatId) ?? [];
        if (list.length > before) return list[before]!;
        if (Date.now() > deadline) throw new Error(`no reply to ${chatId} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 2));
      }
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

async function ourBot(db: Db, embedded: boolean, k: number, delayMs: number, base: number, commands: string[]): Promise<Figures> {
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
  });
  inbox.start();
  await adapter.start(inbox.accept);
  try {
    const cpu0 = process.cpuUsage();
    const figures = await drive(fake, users, commands).catch(async (error: unknown) => {
      const stuck = await db.inboundUpdate.findMany({ where: { status: { not: "DONE" } }, take: 10 });
      console.log(
        "not done:",
        stuck.map((r) => [r.conversation, r.status, r.attempts, r.lastError]),
        "pending at the fake:",
        fake.pendingUpdates,
      );
      throw error;
    });
    const cpu = process.cpuUsage(cpu0);
    figures.cpuMsPerMessage = (cpu.user + cpu.system) / 1000 / (users.length * commands.length);
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
    const cpu0 = process.cpuUsage();
    const figures = await drive(
      fake,
      Array.from({ length: k }, (_, i) => base + i),
      commands,
    );
    const cpu = process.cpuUsage(cpu0);
    return { ...figures, cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / (k * commands.length) };
  } finally {
    bot.stop();
    await fake.close();
  }
}

interface Database {
  name: string;
  db: Db;
  embedded: boolean;
  close(): Promise<void>;
}

/** INBOUND_CONCURRENCY's default. */
const CONCURRENCY = 32;

async function openDatabaseFor(kind: string): Promise<Database> {
  if (kind === "postgres") {
    // The app's own pool size for PostgreSQL.
    const bench = await openBenchDb({ poolSize: poolSizeFor({ INBOUND_CONCURRENCY: CONCURRENCY }, false) });
    await seedDemo(bench.db, { year: new Date().getFullYear() });
    return { name: "PostgreSQL", db: bench.db, embedded: false, close: () => bench.drop() };
  }
  const dir = mkdtempSync(join(tmpdir(), "chibo-bench-inbound-"));
  const embedded = await startEmbeddedPostgres({ dataDir: dir, port: 0 });
  await migrateDeploy(embedded.url);
  // The app's own pool size for the embedded database.
  const db = createDb(embedded.url, { poolSize: poolSizeFor({ INBOUND_CONCURRENCY: CONCURRENCY }, true) });
  await seedDemo(db, { year: new Date().getFullYear() });
  return {
    name: "embedded",
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
  `${f.p50.toFixed(0)} / ${f.p99.toFixed(0)} ms, ${f.perSecond.toFixed(0)} msgs/s` + (f.cpuMsPerMessage ? ` (${f.cpuMsPerMessage.toFixed(1)} ms CPU/msg)` : "");

export async function run(args: Record<string, string>): Promise<string> {
  const ks = (args.k ?? "50,200").split(",").map(Number);
  const delays = (args.delays ?? "0,150").split(",").map(Number);
  const dbs = (args.dbs ?? "postgres,embedded").split(",");
  const commands = COMMANDS.slice(0, Number(args.commands ?? 4));
  const lines: string[] = [];
  let base = 100_000;
  let summary = "";
  for (const kind of dbs) {
    const database = await openDatabaseFor(kind);
    try {
      for (const delay of delays) {
        for (const k of ks) {
          base += 10_000;
          const bare = await bareTelegraf(k, delay, base, commands);
          const ours = await ourBot(database.db, database.embedded, k, delay, base, commands);
          const line =
            `${database.name.padEnd(10)} K=${String(k).padStart(3)} delay=${String(delay).padStart(3)} ms × ${commands.length} commands | ` +
            `this bot ${fmt(ours)} | bare telegraf ${fmt(bare)} | p99 ${(ours.p99 / Math.max(1, bare.p99)).toFixed(2)}× bare, msgs/s ${(ours.perSecond / bare.perSecond).toFixed(2)}× bare`;
          console.log(line);
          lines.push(line);
          if (kind === "postgres" && k === 50 && delay === 0) {
            summary = `PostgreSQL K=50: p99 ${(ours.p99 / Math.max(1, bare.p99)).toFixed(2)}× bare (target ≤ 3), msgs/s ${(ours.perSecond / bare.perSecond).toFixed(2)}× bare (target ≥ 0.5)`;
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
