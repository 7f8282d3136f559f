// A bot process for the inbox crash tests: the Telegram adapter (long polling) → durable inbox →
// engine and replies, wired as src/app.ts wires them on PostgreSQL, against DATABASE_URL and the
// fake Bot API at TELEGRAM_API_ROOT with TELEGRAM_BOT_TOKEN. HANG_AT stops it dead at one point so
// the test can SIGKILL it there:
//   answer   inside the handling transaction, after the engine wrote its effects (not committed)
//   send:N   just before the N-th reply (1-based) goes to the platform (handling committed)
// Prints one JSON line per event: {"event":"ready"}, {"event":"hanging","at":…}.
// Imported (not run), it offers spawnInboxProcess().
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { inboxHandling } from "../../src/channels/dispatcher.ts";
import { createInbox } from "../../src/channels/inbox/inbox.ts";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { createEngine } from "../../src/conversations/create-engine.ts";
import { createDb } from "../../src/db/client.ts";
import { createLogger } from "../../src/log.ts";

function say(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

async function hang(at: string): Promise<never> {
  say({ event: "hanging", at });
  return new Promise<never>(() => {});
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL!;
  const hangAt = process.env.HANG_AT ?? "";
  const db = createDb(url, { poolSize: 8 });
  // Warnings and errors on stderr: the test shows them when it fails.
  const silentLogger = createLogger({ level: "warn", pretty: false });
  const engine = createEngine({ db, log: silentLogger, zone: "Asia/Ho_Chi_Minh" });
  const handling = inboxHandling({ db, engine, log: silentLogger, retry: { baseDelayMs: 10, maxDelayMs: 20 } });
  let sends = 0;
  const adapter = createTelegramAdapter({ token: process.env.TELEGRAM_BOT_TOKEN!, apiRoot: process.env.TELEGRAM_API_ROOT!, pollTimeoutSeconds: 1 });
  const inbox = createInbox({
    db,
    log: silentLogger,
    ...handling,
    async answer(tx, event) {
      const answer = await handling.answer(tx, event);
      if (hangAt === "answer") await hang("answer");
      return answer;
    },
    async send(a, event, reply) {
      sends += 1;
      if (hangAt === `send:${sends}`) await hang(hangAt);
      return handling.send(a, event, reply);
    },
    adapters: () => [adapter],
    concurrency: 4,
    // Short, so the process started after a crash after the commit takes the replies over soon.
    sendLeaseMs: 1500,
    sweepMs: 200,
  });
  inbox.start();
  await adapter.start(inbox.accept);
  say({ event: "ready", pid: process.pid });
}

export interface InboxProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the event line once it is printed. */
  waitFor(event: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** SIGKILL: no cleanup of any kind runs. Resolves when it has exited. */
  kill(): Promise<void>;
}

export function spawnInboxProcess(env: Record<string, string>): InboxProcess {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    env: { ...process.env, NODE_OPTIONS: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const events: Record<string, unknown>[] = [];
  const waiters: Array<() => void> = [];
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      try {
        events.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        continue;
      }
      for (const w of waiters.splice(0)) w();
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    output: () => output,
    async waitFor(event, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find((e) => e.event === event);
        if (found) return found;
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no "${event}" from the inbox process:\n${output.slice(-3000)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    process.stderr.write(`inbox process failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
