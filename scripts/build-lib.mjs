// Compiles the TypeScript sources into dist/ with esbuild: one ES module per entry point (main, cli,
// chat) plus shared chunks, so a CLI command loads only the code (and packages) it uses.
// Plain JavaScript on purpose: it must run with nothing but node and the installed packages.
// Types are checked by `npm run build` and `npm test` (tsc --noEmit), not here, so that `npm start`
// can rebuild in about a second.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DIST = join(ROOT, "dist");
const STAMP = join(DIST, ".stamp");
const LOCK = join(ROOT, ".dist-lock");

export const ENTRIES = { main: "src/main.ts", cli: "src/cli/index.ts", chat: "src/cli/chat.ts" };

/** What the output depends on: the compiled directories, the build script itself and the package list. */
const SOURCES = ["src", "jobs", "prisma", "package.json", "scripts/build-lib.mjs"];

function newestMtime(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when dist/ is missing or older than any source file. */
export function isStale() {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(ROOT, s)) > built);
}

export async function build({ clean = true } = {}) {
  const { build: esbuild } = await import("esbuild");
  // A clean build removes chunks of older builds; the automatic rebuild keeps them, because a
  // process started from the previous build may still load one of its chunks lazily.
  if (clean) rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: DIST,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    // Packages stay in node_modules (production dependencies only in the image).
    packages: "external",
    chunkNames: "[name]-[hash]",
    sourcemap: "linked",
    logLevel: "warning",
  });
  // Read at run time next to the module that uses them (dashboard/index.ts: ./static/...).
  cpSync(join(ROOT, "src/web/dashboard/static"), join(DIST, "static"), { recursive: true });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

function takeLock() {
  try {
    mkdirSync(LOCK);
    return true;
  } catch (error) {
    if (error.code !== "EEXIST") throw error;
    // A lock left behind by a killed build is ignored after a minute.
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > 60_000) {
        rmSync(LOCK, { recursive: true, force: true });
        return takeLock();
      }
    } catch {
      // removed meanwhile: try again on the next round
    }
    return false;
  }
}

/** Builds dist/ when it is missing or stale; concurrent callers wait for one build. */
export async function ensureBuilt({ quiet = false } = {}) {
  if (!isStale()) return false;
  for (;;) {
    if (takeLock()) break;
    await sleep(100);
  }
  try {
    if (!isStale()) return false;
    if (!quiet) process.stderr.write("Building dist/ …\n");
    const started = Date.now();
    await build({ clean: false });
    if (!quiet) process.stderr.write(`Built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    return true;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
