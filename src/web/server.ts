// The web role's HTTP server: webhooks, /healthz and the dashboard (/dashboard). Metrics have their
// own listener (buildMetricsServer), by default reachable from this machine only.
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Redis } from "ioredis";
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import type { ChannelAdapter } from "../channels/types.ts";
import type { Config } from "../config.ts";
import type { NewDelivery } from "../db/deliveries.ts";
import { registerHealth } from "./health.ts";
import { registerMetrics, registerProtectedMetrics, type Metrics } from "./metrics.ts";
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

/**
 * What a caller outside the dashboard (a platform, a script) reads when a request fails: a short
 * Vietnamese sentence and no framework internals (error codes, parser messages, stack traces).
 */
export function plainError(status: number): { ok: false; error: string } {
  const error =
    status === 404
      ? "Không có địa chỉ này."
      : status === 413
        ? "Nội dung gửi lên quá lớn."
        : status === 415
          ? "Kiểu nội dung không được hỗ trợ."
          : status === 429
            ? "Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút."
            : status < 500
              ? "Yêu cầu không hợp lệ."
              : "Hệ thống gặp trục trặc. Vui lòng thử lại sau.";
  return { ok: false, error };
}

/** Errors raised before routing (an undecodable URL): the same plain answer. */
const frameworkErrors = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void => {
  const status = typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 400;
  void reply.code(status).send(plainError(status));
};

function plainErrors(app: FastifyInstance): void {
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send(plainError(404)));
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, "request failed");
    return reply.code(status).send(plainError(status));
  });
}

export function buildWebServer(deps: WebDeps): FastifyInstance {
  // Requests are not logged one by one (health checks would drown the log); warnings and errors are.
  const logger: FastifyBaseLogger = deps.log.child({ role: "web" }, { level: "warn" });
  const app: FastifyInstance = Fastify({
    loggerInstance: logger,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: deps.config?.TRUST_PROXY ?? false,
    frameworkErrors,
  });
  plainErrors(app);
  registerHealth(app, deps);
  if (deps.config?.METRICS_TOKEN) registerProtectedMetrics(app, deps.metrics, deps.config.METRICS_TOKEN);
  registerWebhooks(app, deps.adapters);
  registerDashboard(app, deps);
  return app;
}

/** GET /metrics alone, for its own listener (METRICS_HOST:METRICS_PORT). */
export function buildMetricsServer(deps: { log: Logger; metrics: Metrics }): FastifyInstance {
  const logger: FastifyBaseLogger = deps.log.child({ role: "metrics" }, { level: "warn" });
  const app: FastifyInstance = Fastify({ loggerInstance: logger, frameworkErrors });
  plainErrors(app);
  registerMetrics(app, deps.metrics);
  return app;
}
