// Child processes for integration tests: free ports, a private redis-server, the app (`npm start`'s
// entry point) as a real process, and bounded polling. Every helper here is killed by its owner's
// afterAll, even when a test fails half-way.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function portAnswers(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Polls check every intervalMs until it returns a value other than undefined, or throws after timeoutMs. */
/** Thrown from a waitFor check to stop waiting at once (e.g. the process being waited for has died). */
export class StopWaiting extends Error {}

export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof StopWaiting) throw error;
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
    await sleep(intervalMs);
  }
}

export interface Health {
  status: number;
  body: { status?: string; db?: string; redis?: string };
}

export async function getHealth(port: number): Promise<Health> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3000) });
  return { status: response.status, body: (await response.json()) as Health["body"] };
}

/** Waits until GET /healthz answers with the wanted status code; returns the last answer. */
export function waitForHealth(port: number, status: number, timeoutMs: number, alive?: () => void): Promise<Health> {
  return waitFor(
    `/healthz on port ${port} to answer ${status}`,
    async () => {
      try {
        alive?.();
      } catch (error) {
        throw new StopWaiting(error instanceof Error ? error.message : String(error));
      }
      const health = await getHealth(port);
      return health.status === status ? health : undefined;
    },
    timeoutMs,
  );
}

export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** The exit code or signal name, or "still running" after ms. */
  exitedWithin(ms: number): Promise<number | string>;
  /** Kills the whole process group with SIGKILL if it is still running. */
  kill(): Promise<void>;
}

export function spawnProcess(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
  options: { detached?: boolean; cwd?: string } = {},
): Spawned {
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: options.detached ?? false });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
    child.once("error", (error) => resolve(`spawn error: ${error.message}`));
  });
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async exitedWithin(ms) {
      return Promise.race([exited, sleep(ms).then(() => "still running" as const)]);
    },
    async kill() {
      if (done || child.pid === undefined) return;
      try {
        if (options.detached) process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        // already gone
      }
      await Promise.race([exited, sleep(5000)]);
    },
  };
}

/** The app as `npm start` runs it (tsx's loader in one node process, so signals reach it directly). */
export function spawnApp(env: Record<string, string | undefined>, options: { detached?: boolean } = {}): Spawned {
  return spawnProcess(process.execPath, ["--import", "tsx", "src/main.ts"], env, options);
}

/** The test runner's environment without anything that would configure the app behind the test's back. */
export function baseEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(DATABASE_URL|REDIS_|TELEGRAM_|ZALO_|ROLES|PORT|HOST|PUBLIC_URL|DATA_DIR|EMBEDDED_DB_PORT|SEED_DEMO|QUEUE_PREFIX)/.test(key)) delete env[key];
  }
  return { ...env, NODE_ENV: "test", LOG_LEVEL: "info", SHUTDOWN_TIMEOUT_MS: "5000" };
}

/** A private redis-server on a port of its own (no persistence), stopped by stop(). */
export async function startRedisServer(port: number): Promise<Spawned> {
  const redis = spawnProcess(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"],
    {
      ...process.env,
    },
  );
  await waitFor(`redis-server on port ${port}`, async () => ((await portAnswers(port)) ? true : undefined), 10_000, 50);
  return redis;
}

export async function stopProcess(p: Spawned, signal: NodeJS.Signals = "SIGTERM", timeoutMs = 5000): Promise<void> {
  p.child.kill(signal);
  if ((await p.exitedWithin(timeoutMs)) === "still running") await p.kill();
}
