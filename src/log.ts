// Structured logging (pino). Pretty output on a terminal, JSON lines otherwise.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(options: { level: string; pretty?: boolean }): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY;
  return pino({
    level: options.level,
    base: undefined,
    // Personal data (phones, names, message texts) is never logged by key; redact the obvious ones anyway.
    redact: { paths: ["phone", "*.phone", "text", "*.text", "token", "*.token"], censor: "[redacted]" },
    ...(pretty ? { transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname" } } } : {}),
  });
}

/** A logger that drops everything, for tests and CLI commands that print their own output. */
export const silentLogger: Logger = pino({ level: "silent" });
