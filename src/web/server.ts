// The web role's HTTP server: webhooks, /healthz, /metrics (and the dashboard, once it exists).
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import type { ChannelAdapter } from "../channels/types.ts";
import { registerHealth } from "./health.ts";
import { registerMetrics, type Metrics } from "./metrics.ts";
import { registerWebhooks } from "./webhooks.ts";

export interface WebDeps {
  db: Db;
  redis: Redis;
  log: Logger;
  metrics: Metrics;
  adapters: readonly ChannelAdapter[];
}

export function buildWebServer(deps: WebDeps): FastifyInstance {
  const app: FastifyInstance = Fastify({ loggerInstance: deps.log.child({ role: "web" }) as FastifyBaseLogger, bodyLimit: 2 * 1024 * 1024 });
  registerHealth(app, deps);
  registerMetrics(app, deps.metrics);
  registerWebhooks(app, deps.adapters);
  return app;
}
