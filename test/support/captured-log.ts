// A real pino logger whose JSON lines the test reads back (what the code logged, and at what level).
import { Writable } from "node:stream";
import { pino } from "pino";
import type { Logger } from "../../src/log.ts";

/** pino's numeric levels. */
export const LOG_ERROR = 50;

export function capturedLog(level = "info"): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) });
  return { log: pino({ level }, sink), lines };
}
