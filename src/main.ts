// npm start: every role in one process on embedded defaults; ROLES= selects a subset.
import { loadConfig, ConfigError } from "./config.ts";
import { createLogger } from "./log.ts";
import { startApp } from "./app.ts";
import { RedisUnavailableError } from "./redis.ts";
import { MigrationError } from "./db/migrate.ts";
import { DatabaseUnavailableError } from "./runtime/database.ts";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger({ level: config.LOG_LEVEL });
  let app;
  try {
    app = await startApp(config, log);
  } catch (error) {
    if (error instanceof RedisUnavailableError || error instanceof MigrationError || error instanceof DatabaseUnavailableError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
      process.stderr.write(`Cổng ${config.PORT} đang được dùng: hãy đặt PORT là một cổng còn trống.\n`);
      process.exit(1);
    }
    throw error;
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "Stopping…");
    const force = setTimeout(() => {
      log.error("Clean stop took too long; exiting");
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 5000);
    force.unref();
    await app.stop();
    log.info("Stopped.");
    // pino's transport flushes on exit.
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  // npm 11 does not pass SIGTERM on to the script it runs: when `npm start` is stopped, npm exits
  // and this process is handed to another parent. Treat that like SIGTERM instead of running on.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown("parent exited");
  }, 1000).unref();
}

main().catch((error: unknown) => {
  process.stderr.write(`Không khởi động được: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
