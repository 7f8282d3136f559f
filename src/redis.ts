// Redis for BullMQ. When nothing answers at REDIS_URL and a redis-server binary is on PATH, start a
// private one with its data under DATA_DIR (embedded default, like PGlite for the database).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "./log.ts";

export function createRedis(url: string, options: RedisOptions = {}): Redis {
  // maxRetriesPerRequest: null is what BullMQ requires for blocking connections.
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...options });
}

export async function redisAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export function redisServerOnPath(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

export class RedisUnavailableError extends Error {}

/** Makes sure Redis answers at url; may start a private redis-server. Returns a stop function. */
export async function ensureRedis(options: { url: string; dataDir: string; autostart: boolean; log: Logger }): Promise<() => Promise<void>> {
  if (await redisAnswers(options.url)) return async () => {};
  const target = new URL(options.url);
  const local = ["127.0.0.1", "localhost", "::1", "[::1]"].includes(target.hostname);
  if (!options.autostart || !local || !redisServerOnPath()) {
    throw new RedisUnavailableError(
      `Redis không trả lời tại ${options.url}. Hãy chạy Redis (ví dụ \`redis-server --daemonize yes\` hoặc \`docker run -p 6379:6379 redis:7\`) hoặc đặt REDIS_URL.`,
    );
  }
  const dir = resolve(join(options.dataDir, "redis"));
  mkdirSync(dir, { recursive: true });
  const port = target.port || "6379";
  const child = spawn(
    "redis-server",
    ["--port", port, "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--maxmemory-policy", "noeviction", "--save", ""],
    { stdio: "ignore", detached: false },
  );
  options.log.info({ port, dir }, "No Redis was running: started a private redis-server for this process");
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(options.url, 500)) break;
    if (child.exitCode !== null) throw new RedisUnavailableError(`redis-server riêng của bot đã dừng (mã ${child.exitCode}).`);
    await sleep(100);
  }
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(5000)]);
  };
}

/** BullMQ loses jobs when Redis evicts keys: warn unless maxmemory-policy is noeviction. */
export async function checkEvictionPolicy(redis: Redis, log: Logger): Promise<string | undefined> {
  try {
    const result = await redis.config("GET", "maxmemory-policy");
    const policy = result[1];
    if (policy && policy !== "noeviction") {
      log.warn({ policy }, `Redis maxmemory-policy is "${policy}": BullMQ needs "noeviction" or queued jobs may be lost`);
    }
    return policy;
  } catch {
    // Managed Redis services often forbid CONFIG; nothing to check then.
    return undefined;
  }
}
