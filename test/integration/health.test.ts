// GET /healthz and /metrics of the web role, in-process, on a fresh PostgreSQL database and a private
// redis-server that the test kills and restarts.
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { startApp, type RunningApp } from "../../src/app.ts";
import { silentLogger } from "../../src/log.ts";
import { checkEvictionPolicy, createRedis } from "../../src/redis.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { uniquePrefix } from "../support/redis.ts";
import { freePort, getHealth, spawnProcess, startRedisServer, stopProcess, waitFor, portAnswers, waitForHealth, type Spawned } from "../support/processes.ts";

let t: TestDb;
let redisPort: number;
let redis: Spawned | undefined;
let app: RunningApp | undefined;
let port: number;
let metricsPort: number;
let metricsHost: string;

beforeAll(async () => {
  t = await createTestDb();
  redisPort = await freePort();
  redis = await startRedisServer(redisPort);
  const config = loadConfig({
    DATABASE_URL: t.url,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    REDIS_AUTOSTART: "false",
    QUEUE_PREFIX: uniquePrefix("health"),
    ROLES: "web",
    HOST: "127.0.0.1",
    PORT: "0",
    METRICS_PORT: "0",
    LOG_LEVEL: "silent",
  });
  app = await startApp(config, silentLogger);
  const metricsAddress = app.metrics?.server.address();
  if (!metricsAddress || typeof metricsAddress !== "object") throw new Error("the metrics listener is not listening");
  metricsPort = metricsAddress.port;
  metricsHost = metricsAddress.address;
  const address = app.web?.server.address();
  if (!address || typeof address !== "object") throw new Error("the web role is not listening");
  port = address.port;
});

afterAll(async () => {
  await app?.stop();
  if (redis) await stopProcess(redis);
  await t?.drop();
});

describe("/healthz", () => {
  it("answers 200 with every part ok", async () => {
    expect(port).toBeGreaterThan(0);
    const health = await getHealth(port);
    expect(health).toEqual({ status: 200, body: { status: "ok", db: "ok", redis: "ok" } });
  });

  it("answers 503 naming Redis while Redis is down, and 200 again once it is back", async () => {
    await stopProcess(redis!, "SIGKILL");
    redis = undefined;
    const down = await waitForHealth(port, 503, 10_000);
    expect(down.body).toEqual({ status: "error", db: "ok", redis: "down" });

    redis = await startRedisServer(redisPort);
    const up = await waitForHealth(port, 200, 15_000);
    expect(up.body).toEqual({ status: "ok", db: "ok", redis: "ok" });
  }, 40_000);

  it("is not cached", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    await response.arrayBuffer();
  });
});

describe("/metrics", () => {
  it("answers Prometheus text with the bot's own metrics on its own listener, bound to 127.0.0.1", async () => {
    expect(metricsHost).toBe("127.0.0.1");
    expect(metricsPort).not.toBe(port);
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain("chibo_");
    expect(text).toMatch(/^# TYPE chibo_deliveries_total counter$/m);
    expect(text).toContain("process_cpu_seconds_total");
  });

  it("is not served on the public port", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(text).not.toContain("chibo_");
    expect(JSON.parse(text)).toEqual({ ok: false, error: "Không có địa chỉ này." });
  });
});

describe("error bodies", () => {
  it("carry no framework codes or English internals, on the web and metrics listeners", async () => {
    for (const url of [`http://127.0.0.1:${port}/%`, `http://127.0.0.1:${port}/khong-co`, `http://127.0.0.1:${metricsPort}/%`]) {
      const response = await fetch(url);
      const text = await response.text();
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(text).not.toMatch(/FST_|statusCode|Bad Request|Not Found|not found/);
      expect(JSON.parse(text).error).toMatch(/^(Không có địa chỉ này|Yêu cầu không hợp lệ)\.$/);
    }
    const form = await fetch(`http://127.0.0.1:${port}/dashboard/login`, { method: "POST", headers: { "content-type": "application/json" }, body: "{bad" });
    const page = await form.text();
    expect(form.status).toBe(400);
    expect(page).not.toMatch(/FST_|statusCode|Body is not valid JSON/);
    expect(page).toContain("<html");
  });
});

describe("Redis eviction policy", () => {
  it("warns at start when maxmemory-policy is not noeviction, and not when it is", async () => {
    const lines: string[] = [];
    const log = pino({ level: "info" }, new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) }));
    const lruPort = await freePort();
    const lru = spawnProcess(
      "redis-server",
      ["--port", String(lruPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "allkeys-lru"],
      { ...process.env },
    );
    const client = createRedis(`redis://127.0.0.1:${lruPort}`);
    client.on("error", () => {});
    try {
      await waitFor("the allkeys-lru redis-server", async () => ((await portAnswers(lruPort)) ? true : undefined), 10_000, 50);
      expect(await checkEvictionPolicy(client, log)).toBe("allkeys-lru");
      expect(lines.join("")).toMatch(/allkeys-lru.*noeviction/);
    } finally {
      client.disconnect();
      await stopProcess(lru);
    }
    lines.length = 0;
    expect(await checkEvictionPolicy(app!.ctx.redis, log)).toBe("noeviction");
    expect(lines).toEqual([]);
  }, 20_000);
});

describe("stop", () => {
  it("stops within a bound even while Redis is down", async () => {
    await stopProcess(redis!, "SIGKILL");
    redis = undefined;
    await waitForHealth(port, 503, 10_000);
    const running = app!;
    app = undefined;
    const started = Date.now();
    const outcome = await Promise.race([running.stop().then(() => "stopped"), new Promise((r) => setTimeout(() => r("hung"), 15_000))]);
    expect(outcome).toBe("stopped");
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
