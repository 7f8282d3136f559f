// Applies the committed migrations with Prisma's own `migrate deploy` (JavaScript schema engine,
// offline), so the embedded and production databases share one migration history.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { childProcessEnv } from "../config.ts";

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const DONE = /All migrations have been successfully applied|No pending migrations to apply/;

export class MigrationError extends Error {}

export async function migrateDeploy(databaseUrl: string): Promise<string> {
  const require = createRequire(import.meta.url);
  const cli = require.resolve("prisma/build/index.js");
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
      cwd: projectRoot,
      env: childProcessEnv({ DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let finished = false;
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
      // With the JS schema engine the CLI prints its result and then idles ~10 s before exiting
      // (open handles after deploy); once the result line is out the work is committed, so end it.
      if (!finished && DONE.test(output)) {
        finished = true;
        child.kill("SIGTERM");
        resolvePromise(output);
      }
    });
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (finished) return;
      if (code === 0) resolvePromise(output);
      else reject(new MigrationError(`prisma migrate deploy failed (exit ${code}):\n${output.trim()}`));
    });
  });
}
