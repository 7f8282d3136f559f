// Starts the roles this process runs (web, bot, worker, scheduler) on one database and one Redis,
// and stops them in reverse order.
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type { Config } from "./config.ts";
import type { Logger } from "./log.ts";
import type { Db } from "./db/client.ts";
import { openDatabase } from "./runtime/database.ts";
import { countUnits } from "./db/units.ts";
import { seedDemo } from "../prisma/seed-demo.ts";
import { checkEvictionPolicy, createRedis, ensureRedis } from "./redis.ts";
import { createMetrics, type Metrics } from "./web/metrics.ts";
import { buildMetricsServer, buildWebServer } from "./web/server.ts";
import { createPlatformAdapters, type PlatformAdapters } from "./channels/registry.ts";
import { inboxHandling } from "./channels/dispatcher.ts";
import { createInbox } from "./channels/inbox/inbox.ts";
import { openLockSession } from "./db/locks.ts";
import { createEngine } from "./conversations/create-engine.ts";
import { startWorkerRole } from "../jobs/worker-role.ts";
import { startSchedulerRole } from "../jobs/scheduler-role.ts";
import { createJobServices } from "../jobs/services.ts";

export interface AppContext {
  config: Config;
  log: Logger;
  db: Db;
  /** Shared connection for BullMQ queues (workers open their own blocking connections). */
  redis: Redis;
  adapters: PlatformAdapters;
  metrics: Metrics;
  now: () => Date;
}

export interface RunningApp {
  ctx: AppContext;
  web?: FastifyInstance;
  /** The /metrics listener of the web role (absent when its address could not be taken). */
  metrics?: FastifyInstance;
  stop(): Promise<void>;
}

type Stopper = { name: string; stop: () => Promise<unknown> };

/** Conversations handled at once on the embedded database (see startApp). */
export const EMBEDDED_INBOUND_CONCURRENCY = 8;

export async function startApp(config: Config, log: Logger, options: { now?: () => Date } = {}): Promise<RunningApp> {
  const stoppers: Stopper[] = [];
  const stopAll = async () => {
    for (const s of stoppers.reverse()) {
      try {
        await s.stop();
      } catch (error) {
        log.warn({ err: error, part: s.name }, "error while stopping");
      }
    }
    stoppers.length = 0;
  };
  try {
    // Redis first: when it is missing the process exits at once, before migrating or seeding anything.
    const stopPrivateRedis = await ensureRedis({ url: config.REDIS_URL, dataDir: config.DATA_DIR, autostart: config.REDIS_AUTOSTART, log });
    stoppers.push({ name: "private redis", stop: stopPrivateRedis });
    const database = await openDatabase(config, { migrations: "apply" });
    stoppers.push({ name: "database", stop: () => database.close() });
    const now = options.now ?? (() => new Date());
    const seedWanted = config.SEED_DEMO ?? database.embedded;
    if (seedWanted && (await countUnits(database.db)) === 0) {
      await seedDemo(database.db, { year: now().getFullYear() });
      log.info("Empty database: demo party committee with two cells created (npm run cli -- list-members)");
    }

    const redis = createRedis(config.REDIS_URL);
    redis.on("error", (error) => log.warn({ err: error.message }, "redis connection error"));
    stoppers.push({ name: "redis", stop: () => redis.quit().catch(() => redis.disconnect()) });
    await checkEvictionPolicy(redis, log);

    const metrics = createMetrics();
    // An advisory lock keeps one poller per token across processes (conversations are ordered by
    // the inbox's row locks). The embedded database serves one process only (its data directory).
    const locks = database.embedded ? undefined : openLockSession(database.url, (error) => log.warn({ err: error.message }, "lock session lost"));
    if (locks) stoppers.push({ name: "lock session", stop: () => locks.close() });
    const adapters = createPlatformAdapters(config, log, {
      observer: {
        rejected: (platform, reason) => metrics.inboundRejected.inc({ platform, reason }),
        rateLimited: (platform) => metrics.rateLimited.inc({ platform }),
      },
      ...(locks ? { exclusive: (name: string) => locks.tryLock(name) } : {}),
    });
    const ctx: AppContext = { config, log, db: database.db, redis, adapters, metrics, now };
    const roles = new Set(config.ROLES);
    const jobs = createJobServices(ctx);
    stoppers.push({ name: "queues", stop: () => jobs.close() });

    if (roles.has("worker")) {
      const worker = await startWorkerRole(ctx, jobs);
      stoppers.push({ name: "workers", stop: () => worker.stop() });
    }
    if (roles.has("scheduler")) {
      const scheduler = await startSchedulerRole(ctx, jobs);
      stoppers.push({ name: "scheduler", stop: () => scheduler.stop() });
    }
    let startAdapters: (() => Promise<void>) | undefined;
    if (roles.has("bot")) {
      const telegram = ctx.adapters.telegram;
      const services = {
        ...jobs.engineServices,
        dashboardUrl: config.dashboardUrl,
        ...(telegram ? { telegramBotUsername: () => telegram.botUsername().catch(() => config.TELEGRAM_BOT_USERNAME) } : {}),
      };
      const engine = createEngine({ db: ctx.db, log, zone: config.DEFAULT_TIME_ZONE, now, services });
      const inbox = createInbox({
        db: ctx.db,
        log,
        ...inboxHandling({ db: ctx.db, engine, log, ...(services.delivery ? { delivery: services.delivery } : {}) }),
        adapters: () => ctx.adapters.all,
        // PGlite runs one transaction at a time for every connection: more handlers only wait there
        // (replies are sent outside transactions, so a few still overlap their round trips).
        concurrency: database.embedded ? Math.min(config.INBOUND_CONCURRENCY, EMBEDDED_INBOUND_CONCURRENCY) : config.INBOUND_CONCURRENCY,
        onHandled: (e) => ctx.metrics.inbound.inc({ platform: e.platform }),
        onFailed: (platform) => ctx.metrics.inboundFailed.inc({ platform }),
        now,
      });
      inbox.start();
      stoppers.push({ name: "inbox", stop: () => inbox.stop() });
      // Started after the web server listens: a platform may call the webhook as soon as it is set.
      startAdapters = async () => {
        for (const adapter of ctx.adapters.all) {
          await adapter.start(inbox.accept);
          stoppers.push({ name: `${adapter.platform} adapter`, stop: () => adapter.stop() });
        }
        if (ctx.adapters.all.length === 0) log.info("No TELEGRAM_BOT_TOKEN or ZALO_BOT_TOKEN: try the bot with `npm run chat`");
      };
    }
    let web: FastifyInstance | undefined;
    let metricsServer: FastifyInstance | undefined;
    if (roles.has("web")) {
      web = buildWebServer({ db: ctx.db, redis, log, metrics: ctx.metrics, adapters: ctx.adapters.all, deliver: jobs.deliver, config, now });
      await web.listen({ port: config.PORT, host: config.HOST });
      const server = web;
      stoppers.push({ name: "web", stop: () => server.close() });
      metricsServer = buildMetricsServer({ log, metrics: ctx.metrics });
      try {
        await metricsServer.listen({ port: config.METRICS_PORT, host: config.METRICS_HOST });
        const listening = metricsServer;
        stoppers.push({ name: "metrics", stop: () => listening.close() });
      } catch (error) {
        // Metrics are for the operator; a taken port must not stop the bot from serving members.
        log.error({ err: (error as Error).message, host: config.METRICS_HOST, port: config.METRICS_PORT }, "metrics listener not started");
        await metricsServer.close().catch(() => undefined);
        metricsServer = undefined;
      }
    }
    await startAdapters?.();
    log.info({ roles: [...roles], database: database.embedded ? "embedded PGlite" : "PostgreSQL" }, `Running. Health: ${config.PUBLIC_URL}/healthz`);
    return { ctx, ...(web ? { web } : {}), ...(metricsServer ? { metrics: metricsServer } : {}), stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
