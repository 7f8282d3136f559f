// GET /healthz: 200 when the database and Redis answer, 503 naming the part that does not.
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { pingDb, type Db } from "../db/client.ts";

async function pingRedis(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status !== "ready") return false;
  try {
    const answer = await Promise.race([redis.ping(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), timeoutMs).unref())]);
    return answer === "PONG";
  } catch {
    return false;
  }
}

export function registerHealth(app: FastifyInstance, deps: { db: Db; redis: Redis }): void {
  app.get("/healthz", async (_request, reply) => {
    const [dbOk, redisOk] = await Promise.all([pingDb(deps.db), pingRedis(deps.redis, 1000)]);
    const body = { status: dbOk && redisOk ? "ok" : "error", db: dbOk ? "ok" : "down", redis: redisOk ? "ok" : "down" };
    return reply
      .code(dbOk && redisOk ? 200 : 503)
      .header("cache-control", "no-store")
      .send(body);
  });
}
