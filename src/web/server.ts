// The web role's HTTP server: webhooks, /healthz, /metrics and the dashboard (/dashboard).
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import type { ChannelAdapter } from "../channels/types.ts";
import type { Config } from "../config.ts";
import type { NewDelivery } from "../db/deliveries.ts";
import { registerHealth } from "./health.ts";
import { registerMetrics, type Metrics } from "./metrics.ts";
import { registerWebhooks } from "./webhooks.ts";
import { registerDashboard } from "./dashboard/index.ts";

export interface WebDeps {
  db: Db;
  redis: Redis;
  log: Logger;
  metrics: Metrics;
  adapters: readonly ChannelAdapter[];
  /** The dashboard's needs (login codes and notices go out through the delivery queue); without them it is off. */
  deliver?: (input: NewDelivery) => Promise<{ id: string; created: boolean; status: string }>;
  config?: Config;
  now?: () => Date;
}

export function buildWebServer(deps: WebDeps): FastifyInstance {
  // Requests are not logged one by one (health checks would drown the log); warnings and errors are.
  const app: FastifyInstance = Fastify({ loggerInstance: deps.log.child({ role: "web" }, { level: "warn" }) as FastifyBaseLogger, bodyLimit: 2 * 1024 * 1024 });
  registerHealth(app, deps);
  registerMetrics(app, deps.metrics);
  registerWebhooks(app, deps.adapters);
  registerDashboard(app, deps);
  return app;
}
