// A delivery worker process for the crash tests: the same workers the worker role starts, against
// the database, Redis, queue prefix and (fake) platform APIs given in the environment:
//   DATABASE_URL, REDIS_URL, QUEUE_PREFIX, TELEGRAM_BOT_TOKEN + TELEGRAM_API_ROOT,
//   ZALO_BOT_TOKEN + ZALO_API_BASE (optional), TELEGRAM_RATE_PER_SECOND, ZALO_RATE_PER_SECOND,
//   WORKER_CONCURRENCY, SHUTDOWN_TIMEOUT_MS (parsed by the app's own loadConfig), and shortened
//   timings for tests: LOCK_DURATION_MS, STALLED_INTERVAL_MS, STALE_CLAIM_MS, REQUEST_TIMEOUT_MS.
// Prints one JSON line per event on stdout: {"event":"ready"}, {"event":"sent"}, {"event":"stopped"}.
// SIGTERM: stop taking jobs, let the running ones finish within SHUTDOWN_TIMEOUT_MS, exit 0.
// Imported (not run), it offers spawnDeliveryWorker() to start one as a child process.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Worker } from "bullmq";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { createDb } from "../../src/db/client.ts";
import { createRedis } from "../../src/redis.ts";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { createZaloAdapter } from "../../src/channels/zalo/adapter.ts";
import type { ChannelAdapter, Platform } from "../../src/channels/types.ts";
import { createDeliveryQueues, type DeliveryPlatform } from "../../jobs/queues.ts";
import { createDeliveryWorker, stopWorkers, type DeliveryTimings } from "../../jobs/delivery/worker.ts";

function say(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function num(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.DATABASE_URL) throw new Error("DATABASE_URL is required");
  const log = createLogger({ level: process.env.WORKER_LOG_LEVEL ?? "warn", pretty: false });
  const db = createDb(config.DATABASE_URL, { poolSize: Math.min(20, config.WORKER_CONCURRENCY + 2) });
  const redis = createRedis(config.REDIS_URL);
  redis.on("error", () => {});
  const queueConnection = createRedis(config.REDIS_URL);
  queueConnection.on("error", () => {});
  const queues = createDeliveryQueues(queueConnection, config.QUEUE_PREFIX);
  for (const q of Object.values(queues)) q.on("error", () => {});

  const requestTimeoutMs = num("REQUEST_TIMEOUT_MS");
  const adapters = new Map<Platform, ChannelAdapter>();
  if (config.TELEGRAM_BOT_TOKEN) {
    adapters.set(
      "TELEGRAM",
      createTelegramAdapter({
        token: config.TELEGRAM_BOT_TOKEN,
        ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
        ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
      }),
    );
  }
  if (config.ZALO_BOT_TOKEN) {
    adapters.set("ZALO", createZaloAdapter({ token: config.ZALO_BOT_TOKEN, apiBase: config.ZALO_API_BASE, ...(requestTimeoutMs ? { requestTimeoutMs } : {}) }));
  }

  const timings: Partial<DeliveryTimings> = {};
  const lock = num("LOCK_DURATION_MS");
  const stalled = num("STALLED_INTERVAL_MS");
  const stale = num("STALE_CLAIM_MS");
  if (lock) timings.lockDurationMs = lock;
  if (stalled) timings.stalledIntervalMs = stalled;
  if (stale) timings.staleClaimMs = stale;

  const workers: Worker[] = [];
  for (const platform of ["TELEGRAM", "ZALO"] as DeliveryPlatform[]) {
    if (!adapters.has(platform)) continue;
    workers.push(
      createDeliveryWorker({
        platform,
        db,
        redisUrl: config.REDIS_URL,
        redis,
        prefix: config.QUEUE_PREFIX,
        log,
        adapter: (p) => adapters.get(p),
        queues,
        ratePerSecond: platform === "TELEGRAM" ? config.TELEGRAM_RATE_PER_SECOND : config.ZALO_RATE_PER_SECOND,
        concurrency: config.WORKER_CONCURRENCY,
        groupPerMinute: config.TELEGRAM_GROUP_PER_MINUTE,
        timings,
        name: `pid${process.pid}`,
      }),
    );
  }
  for (const w of workers) {
    w.on("completed", (job, result) => {
      if (result === "sent") say({ event: "sent", deliveryId: job.data.deliveryId });
    });
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));

  let stopping = false;
  process.on("SIGTERM", () => {
    if (stopping) return;
    stopping = true;
    say({ event: "stopping" });
    void (async () => {
      const clean = await stopWorkers(workers, config.SHUTDOWN_TIMEOUT_MS, log);
      await Promise.all(Object.values(queues).map((q) => q.close().catch(() => undefined)));
      queueConnection.disconnect();
      redis.disconnect();
      await db.$disconnect().catch(() => undefined);
      say({ event: "stopped", clean });
      process.exit(0);
    })();
  });
  say({ event: "ready", pid: process.pid, workers: workers.map((w) => w.name) });
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Everything it printed (stdout and stderr), for diagnostics. */
  output(): string;
  /** Deliveries it reported sent, in order. */
  readonly sent: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL unless already gone; resolves when it has exited. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts this file as a child process with the given environment; resolves once its workers are ready. */
export async function spawnDeliveryWorker(env: Record<string, string>, options: { readyTimeoutMs?: number } = {}): Promise<WorkerProcess> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, NODE_OPTIONS: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let buffered = "";
  const sent: string[] = [];
  let onReady: (() => void) | undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (!line.startsWith('{"event"')) continue;
      const event = JSON.parse(line) as { event: string; deliveryId?: string };
      if (event.event === "ready") onReady?.();
      if (event.event === "sent" && event.deliveryId) sent.push(event.deliveryId);
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const handle: WorkerProcess = {
    child,
    pid: child.pid!,
    output: () => output,
    sent,
    exited,
    async kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then(() => "ready" as const),
    exited.then(() => "exited" as const),
    new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (outcome !== "ready") {
    await handle.kill();
    throw new Error(`delivery worker process did not start (${outcome}):\n${output}`);
  }
  return handle;
}

const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) {
  main().catch((error: unknown) => {
    process.stderr.write(`delivery worker process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
