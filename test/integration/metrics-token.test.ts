// METRICS_TOKEN: /metrics also on the public web port, only for "Authorization: Bearer <token>".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { TEST_REDIS_URL, uniquePrefix } from "../support/redis.ts";
import { loadConfig } from "../../src/config.ts";
import { createRedis } from "../../src/redis.ts";
import { silentLogger } from "../../src/log.ts";
import { createMetrics } from "../../src/web/metrics.ts";
import { buildWebServer } from "../../src/web/server.ts";

const TOKEN = "s3cret-token-for-the-scraper-0123456789";
let t: TestDb;
let redis: Redis;
let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  t = await createTestDb();
  redis = createRedis(TEST_REDIS_URL);
  const config = loadConfig({
    DATABASE_URL: t.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: uniquePrefix("metrics"),
    METRICS_TOKEN: TOKEN,
    LOG_LEVEL: "silent",
  });
  app = buildWebServer({ db: t.db, redis, log: silentLogger, metrics: createMetrics(), adapters: [], config });
  await app.listen({ port: 0, host: "127.0.0.1" });
  port = (app.server.address() as { port: number }).port;
});

afterAll(async () => {
  await app?.close();
  await redis?.quit();
  await t?.drop();
});

describe("/metrics behind a bearer token", () => {
  it("answers the scraper with the token, and 401 without it or with a wrong one", async () => {
    const ok = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("chibo_deliveries_total");
    for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${TOKEN}x` }, { authorization: TOKEN }]) {
      const refused = await fetch(`http://127.0.0.1:${port}/metrics`, { headers });
      expect(refused.status).toBe(401);
      const body = await refused.text();
      expect(body).not.toContain("chibo_");
      expect(JSON.parse(body)).toEqual({ ok: false, error: "Cần mã truy cập." });
    }
  });

  it("refuses a token too short to be one", () => {
    expect(() => loadConfig({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
  });
});
