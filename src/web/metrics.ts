// Prometheus metrics at GET /metrics (prom-client). One registry per process.
import type { FastifyInstance } from "fastify";
import { Counter, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  registry: Registry;
  inbound: Counter<"platform">;
  deliveries: Counter<"platform" | "status">;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    inbound: new Counter({ name: "chibo_inbound_updates_total", help: "Inbound updates handled", labelNames: ["platform"], registers: [registry] }),
    deliveries: new Counter({ name: "chibo_deliveries_total", help: "Proactive messages by outcome", labelNames: ["platform", "status"], registers: [registry] }),
  };
}

export function registerMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.get("/metrics", async (_request, reply) => {
    return reply.header("content-type", metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
