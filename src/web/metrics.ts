// Prometheus metrics at GET /metrics (prom-client). One registry per process.
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { Counter, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  registry: Registry;
  inbound: Counter<"platform">;
  deliveries: Counter<"platform" | "status">;
  /** Updates answered 200 and dropped: malformed (did not normalise) or ignored (edits, the bot's own). */
  inboundRejected: Counter<"platform" | "reason">;
  /** Stored updates given up after repeated handling failures. */
  inboundFailed: Counter<"platform">;
  /** 429 answers from a platform (Zalo's "Quota exceeded" among them). */
  rateLimited: Counter<"platform">;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    inbound: new Counter({ name: "chibo_inbound_updates_total", help: "Inbound updates handled", labelNames: ["platform"], registers: [registry] }),
    deliveries: new Counter({
      name: "chibo_deliveries_total",
      help: "Proactive messages by outcome",
      labelNames: ["platform", "status"],
      registers: [registry],
    }),
    inboundRejected: new Counter({
      name: "chibo_inbound_rejected_total",
      help: "Inbound updates dropped at the channel edge",
      labelNames: ["platform", "reason"],
      registers: [registry],
    }),
    inboundFailed: new Counter({
      name: "chibo_inbound_failed_total",
      help: "Inbound updates given up after repeated failures",
      labelNames: ["platform"],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: "chibo_platform_rate_limited_total",
      help: "429 answers from a platform",
      labelNames: ["platform"],
      registers: [registry],
    }),
  };
}

/** Open /metrics: only on the metrics listener, which is bound to the loopback address by default. */
export function registerMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.get("/metrics", async (_request, reply) => {
    return reply.header("content-type", metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** /metrics on the public port, for a scraper that presents "Authorization: Bearer <token>". */
export function registerProtectedMetrics(app: FastifyInstance, metrics: Metrics, token: string): void {
  const expected = digest(`Bearer ${token}`);
  app.get("/metrics", async (request, reply) => {
    // Hashes of equal length, compared in constant time: the answer does not tell how much matched.
    if (!timingSafeEqual(digest(request.headers.authorization ?? ""), expected)) {
      return reply.code(401).header("www-authenticate", 'Bearer realm="metrics"').send({ ok: false, error: "Cần mã truy cập." });
    }
    return reply
      .header("content-type", metrics.registry.contentType)
      .header("cache-control", "no-store")
      .send(await metrics.registry.metrics());
  });
}
