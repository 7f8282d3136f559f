// npm run bench -- startup [--runs=5] [--log] [--data-dir=DIR]
// Time from spawning the built server (`node dist/main.js`, every role) to its first 200 on /healthz,
// on an already migrated database: the embedded PGlite of the Quick start (a data directory made
// and migrated by one untimed first start) and PostgreSQL (a database cloned from the migrated
// template). The machine is shared, so each round also times `node -e 0` as an anchor, and the
// rounds alternate embedded and PostgreSQL. --log prints each timed start's log lines with their
// offsets (where the time goes); --data-dir reuses (and keeps) an embedded data directory. Builds
// dist/ first when it is stale.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";
import { openBenchDb } from "./support.ts";
import { TEST_REDIS_URL, uniquePrefix } from "../support/redis.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Start {
  ms: number;
  /** Log lines with their offset from the spawn (ms). */
  lines: string[];
}

/** Spawns the built server, waits for /healthz, stops it with SIGTERM. */
async function timeStart(env: Record<string, string>, timeoutMs = 60_000): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, "dist/main.js")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      PORT: String(port),
      HOST: "127.0.0.1",
      METRICS_PORT: String(await freePort()),
      QUEUE_PREFIX: uniquePrefix("bench-start"),
      REDIS_URL: TEST_REDIS_URL,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    const at = (performance.now() - started).toFixed(0).padStart(5);
    for (const line of chunk.toString().split("\n")) if (line.trim()) lines.push(`${at} ms  ${line.slice(0, 200)}`);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  let exited = false;
  child.once("exit", () => (exited = true));
  let ms = NaN;
  try {
    while (performance.now() - started < timeoutMs) {
      if (exited) throw new Error(`server exited before answering /healthz:\n${lines.join("\n")}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) {
        ms = performance.now() - started;
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    if (Number.isNaN(ms)) throw new Error(`no /healthz within ${timeoutMs} ms:\n${lines.join("\n")}`);
  } finally {
    if (!exited) {
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await gone;
    }
  }
  return { ms, lines };
}

function nodeAnchor(): number {
  const started = performance.now();
  spawnSync(process.execPath, ["-e", "0"]);
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) =>
  `median ${(median(xs) / 1000).toFixed(2)} s (min ${(Math.min(...xs) / 1000).toFixed(2)}, max ${(Math.max(...xs) / 1000).toFixed(2)})`;

export async function run(args: Record<string, string>): Promise<string> {
  const runs = Number(args.runs ?? 5);
  const showLog = "log" in args;
  // The same rebuild-when-stale as `npm start` (scripts/build-lib.mjs), in its own node.
  spawnSync(process.execPath, ["-e", "await (await import('./scripts/build-lib.mjs')).ensureBuilt()"], { cwd: ROOT, stdio: "inherit" });
  const keep = args["data-dir"];
  const dataDir = keep ?? mkdtempSync(join(tmpdir(), "chibo-bench-start-"));
  const pg = await openBenchDb({ poolSize: 1 });
  await pg.db.$disconnect();
  await pg.sql.end();
  const embeddedEnv = { DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(await freePort()) };
  const postgresEnv = { DATA_DIR: dataDir, DATABASE_URL: pg.url, SEED_DEMO: "false" };
  try {
    const first = await timeStart(embeddedEnv, 180_000);
    console.log(`embedded first start (migrates and seeds when the directory is new; not counted): ${(first.ms / 1000).toFixed(2)} s`);
    const embedded: number[] = [];
    const postgres: number[] = [];
    const anchor: number[] = [];
    for (let i = 0; i < runs; i++) {
      anchor.push(nodeAnchor());
      const e = await timeStart(embeddedEnv);
      embedded.push(e.ms);
      const p = await timeStart(postgresEnv);
      postgres.push(p.ms);
      console.log(`round ${i + 1}: node -e 0 ${anchor.at(-1)!.toFixed(0)} ms, embedded ${e.ms.toFixed(0)} ms, PostgreSQL ${p.ms.toFixed(0)} ms`);
      if (showLog) console.log(`embedded:\n${e.lines.join("\n")}\nPostgreSQL:\n${p.lines.join("\n")}`);
    }
    return `startup to /healthz, built, migrated, ${runs} rounds: embedded ${fmt(embedded)}; PostgreSQL ${fmt(postgres)}; node -e 0 ${fmt(anchor)}`;
  } finally {
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
    await pg.drop();
  }
}
