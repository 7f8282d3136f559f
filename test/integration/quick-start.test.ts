// The README's Quick start as a newcomer runs it: the repository cloned into an empty folder (nothing
// beside it), installed, `npm start` on the embedded defaults, /healthz, one CLI command, and a clean
// stop on SIGTERM. The clone holds what is committed; uncommitted edits are not part of it.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { uniquePrefix, TEST_REDIS_URL } from "../support/redis.ts";
import { freePort, ROOT, spawnProcess, waitForHealth, type Spawned } from "../support/processes.ts";

const workspace = mkdtempSync(join(tmpdir(), "chibo-quickstart-"));
const clone = join(workspace, "chibo-bot");
let app: Spawned | undefined;

afterAll(async () => {
  await app?.kill();
  // A whole node_modules: removing it takes a while on a busy machine.
  await rm(workspace, { recursive: true, force: true });
}, 300_000);

function copyOrClone(): void {
  if (existsSync(join(ROOT, ".git"))) {
    execFileSync("git", ["clone", "--quiet", "--no-hardlinks", ROOT, clone], { stdio: "pipe" });
    return;
  }
  // Not a git checkout (an unpacked archive): copy it without what an install or a run produces.
  const produced = new Set(["node_modules", "dist", "data", "test-output", ".dist-lock"]);
  cpSync(ROOT, clone, { recursive: true, filter: (src) => !produced.has(relative(ROOT, src).split("/")[0] ?? "") });
}

describe("Quick start on a fresh clone", () => {
  it("installs, starts on embedded defaults, answers /healthz and a CLI command, and stops with SIGTERM (exit 0)", async () => {
    copyOrClone();
    expect(readdirSync(workspace)).toEqual(["chibo-bot"]);
    expect(existsSync(join(clone, "node_modules"))).toBe(false);

    // npm ci from the local cache when it holds every package (CI has just installed the same lock).
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? workspace,
      npm_config_cache: process.env.npm_config_cache ?? "",
    };
    const install = spawnSync("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: clone,
      env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")),
      encoding: "utf8",
      timeout: 420_000,
    });
    expect(install.status, `npm ci failed:\n${install.stdout}\n${install.stderr}`).toBe(0);

    // Embedded defaults: no DATABASE_URL, data under ./data of the clone. Only the ports and the
    // queue prefix differ, so the test runs beside the others.
    const port = await freePort();
    const runEnv = {
      ...env,
      PORT: String(port),
      EMBEDDED_DB_PORT: String(await freePort()),
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: uniquePrefix("quickstart"),
    };
    app = spawnProcess("npm", ["start"], runEnv, { detached: true, cwd: clone });
    const started = app;
    const health = await waitForHealth(port, 200, 400_000, () => {
      // A signal (a crash, or the machine's OOM killer) leaves exitCode null: check both.
      if (started.child.exitCode !== null || started.child.signalCode !== null)
        throw new Error(`npm start exited ${started.child.exitCode ?? started.child.signalCode}:\n${started.stderr()}\n${started.stdout().slice(-2000)}`);
    });
    expect(health.body).toEqual({ status: "ok", db: "ok", redis: "ok" });
    expect(existsSync(join(clone, "dist", "main.js"))).toBe(true);

    // A unit typed without diacritics and without its "(demo)".
    const cli = spawnSync("npm", ["run", "--silent", "cli", "--", "list-members", "--unit", "chi bo van phong ubnd phuong"], {
      cwd: clone,
      env: runEnv,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(cli.status, cli.stderr).toBe(0);
    const lines = cli.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^Họ tên\s+Vai trò\s+Trạng thái/);
    expect(cli.stdout).toContain("Bí thư");
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);

    process.kill(-started.child.pid!, "SIGTERM");
    const code = await started.exitedWithin(60_000);
    expect(code, `${started.stderr()}\n${started.stdout().slice(-1500)}`).toBe(0);
    expect(started.stdout()).toContain("Stopped.");
    expect(started.stderr()).not.toMatch(/^\s+at /m);
  }, 900_000);
});
