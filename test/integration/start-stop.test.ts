// `npm start` as a real process: embedded PGlite with the demo seed and every role, clean stops on
// SIGTERM and on Ctrl-C, the one-line exit when Redis is missing, and the private redis-server.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_CELLS } from "../../prisma/seed-demo.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { TEST_REDIS_URL, uniquePrefix } from "../support/redis.ts";
import { baseEnv, freePort, portAnswers, spawnApp, spawnProcess, waitFor, waitForHealth, type Spawned } from "../support/processes.ts";

const started: Spawned[] = [];
const dirs: string[] = [];
const dbs: TestDb[] = [];

afterAll(async () => {
  await Promise.all(started.map((p) => p.kill()));
  await Promise.all(dbs.map((d) => d.drop()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "chibo-start-"));
  dirs.push(dir);
  return dir;
}

function start(env: Record<string, string>, options: { detached?: boolean } = {}): Spawned {
  const p = spawnApp({ ...baseEnv(), ...env }, options);
  started.push(p);
  return p;
}

/** Fails fast with the process output when the app exits while we wait for it. */
function aliveCheck(p: Spawned): () => void {
  return () => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) {
      throw new Error(`the app exited (${p.child.exitCode ?? p.child.signalCode}):\n${p.stderr()}\n${p.stdout().slice(-2000)}`);
    }
  };
}

function expectCleanStop(p: Spawned, code: number | string): void {
  const context = `stderr:\n${p.stderr()}\nstdout (end):\n${p.stdout().slice(-1500)}`;
  expect(code, context).toBe(0);
  expect(p.stderr(), context).not.toMatch(/^\s+at /m);
  expect(p.stderr(), context).not.toMatch(/Error/);
  expect(p.stdout()).not.toMatch(/^\s+at /m);
  expect(p.stdout()).toContain("Stopped.");
}

describe("npm start on embedded defaults (no DATABASE_URL)", () => {
  const dataDir = tempDir();
  let dbPort: number;
  const prefix = uniquePrefix("start");

  const embeddedEnv = () => ({
    DATA_DIR: dataDir,
    EMBEDDED_DB_PORT: String(dbPort),
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    HOST: "127.0.0.1",
  });

  it("migrates, seeds the demo, runs every role, serves /healthz and stops cleanly on SIGTERM", async () => {
    dbPort = await freePort();
    const port = await freePort();
    const app = start({ ...embeddedEnv(), PORT: String(port) });
    const health = await waitForHealth(port, 200, 90_000, aliveCheck(app));
    expect(health.body).toEqual({ status: "ok", db: "ok", redis: "ok" });
    expect(app.stdout()).toContain("demo party committee");
    expect(app.stdout()).toMatch(/"roles":\["web","bot","worker","scheduler"\]/);
    // The embedded database is served on EMBEDDED_DB_PORT for the CLI in another terminal.
    expect(await portAnswers(dbPort)).toBe(true);

    app.child.kill("SIGTERM");
    const code = await app.exitedWithin(20_000);
    expectCleanStop(app, code);
    expect(await portAnswers(dbPort)).toBe(false);
    expect(await portAnswers(port)).toBe(false);
  }, 150_000);

  it("left the demo members in the embedded database (list-members with the same DATA_DIR)", async () => {
    const cli = spawnProcess(process.execPath, ["--import", "tsx", "src/cli/index.ts", "list-members", "--unit", DEMO_CELLS[0], "--json"], {
      ...baseEnv(),
      ...embeddedEnv(),
    });
    started.push(cli);
    const code = await cli.exitedWithin(90_000);
    expect(code, cli.stderr()).toBe(0);
    const members = JSON.parse(cli.stdout()) as { fullName: string; unit: string }[];
    expect(members.length).toBeGreaterThanOrEqual(5);
    expect(members.every((m) => m.unit === DEMO_CELLS[0])).toBe(true);
    expect(members.map((m) => m.fullName)).toContain("Nguyễn Văn Hùng");
  }, 100_000);

  it("starts again on the same data without seeding twice, and stops cleanly on Ctrl-C (SIGINT to the process group)", async () => {
    const port = await freePort();
    const app = start({ ...embeddedEnv(), PORT: String(port) }, { detached: true });
    const health = await waitForHealth(port, 200, 90_000, aliveCheck(app));
    expect(health.body.status).toBe("ok");
    expect(app.stdout()).not.toContain("demo party committee");

    process.kill(-app.child.pid!, "SIGINT");
    const code = await app.exitedWithin(20_000);
    expectCleanStop(app, code);
  }, 150_000);
});

/** The app refused to start: it exited non-zero on its own; the lines it wrote to stderr. */
async function refusalLines(app: Spawned): Promise<string[]> {
  const code = await app.exitedWithin(60_000);
  expect(code).not.toBe(0);
  expect(code).not.toBe("still running");
  return app
    .stderr()
    .split("\n")
    .filter((l) => l.trim() !== "");
}

describe("Redis at start", () => {
  it("exits non-zero with one clear line when nothing answers at REDIS_URL and autostart is off", async () => {
    const deadPort = await freePort();
    const app = start({
      DATA_DIR: tempDir(),
      EMBEDDED_DB_PORT: String(await freePort()),
      PORT: String(await freePort()),
      REDIS_URL: `redis://127.0.0.1:${deadPort}`,
      REDIS_AUTOSTART: "false",
    });
    const lines = await refusalLines(app);
    expect(lines, app.stderr()).toHaveLength(1);
    expect(lines[0]).toContain(`redis://127.0.0.1:${deadPort}`);
    expect(lines[0]).toMatch(/Redis/);
    expect(lines[0]).toMatch(/REDIS_URL/);
    expect(lines[0]).toContain("không trả lời");
  }, 90_000);

  it("exits non-zero with one Vietnamese line when its port is taken", async () => {
    const t = await createTestDb();
    dbs.push(t);
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const app = start({
        DATABASE_URL: t.url,
        DATA_DIR: tempDir(),
        PORT: String(port),
        HOST: "127.0.0.1",
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: uniquePrefix("port-taken"),
      });
      expect(await refusalLines(app), app.stderr()).toEqual([`Cổng ${port} đang được dùng: hãy đặt PORT là một cổng còn trống.`]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 90_000);

  it("starts a private redis-server when none answers, says so, and stops it on SIGTERM", async () => {
    const t = await createTestDb();
    dbs.push(t);
    const redisPort = await freePort();
    const port = await freePort();
    const dataDir = tempDir();
    const app = start({
      DATABASE_URL: t.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      QUEUE_PREFIX: uniquePrefix("autostart"),
    });
    try {
      const health = await waitForHealth(port, 200, 90_000, aliveCheck(app));
      expect(health.body).toEqual({ status: "ok", db: "ok", redis: "ok" });
      expect(app.stdout()).toMatch(/started a private redis-server/);
      expect(app.stdout()).toContain(join(dataDir, "redis"));
      expect(await portAnswers(redisPort)).toBe(true);

      app.child.kill("SIGTERM");
      const code = await app.exitedWithin(20_000);
      expectCleanStop(app, code);
      await waitFor("the private redis-server to stop", async () => ((await portAnswers(redisPort)) ? undefined : true), 5000);
    } finally {
      // If the app died without stopping it, do not leave a redis-server behind.
      if (await portAnswers(redisPort)) {
        spawnProcess("redis-cli", ["-p", String(redisPort), "shutdown", "nosave"], { ...process.env });
      }
    }
  }, 150_000);
});
