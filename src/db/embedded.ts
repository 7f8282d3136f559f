// The embedded default database: PGlite (PostgreSQL compiled to WASM) with its data under DATA_DIR,
// served on a local port with pglite-socket so the app, the Prisma CLI and `npm run chat` in another
// terminal all use the same pg driver as production.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import net from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  url: string;
  /** False when another process (e.g. `npm start`) already serves this data directory. */
  owned: boolean;
  stop(): Promise<void>;
}

/** PostgreSQL's shared_buffers for the embedded database (see startEmbeddedPostgres). */
export const EMBEDDED_SHARED_BUFFERS = "16MB";

export function embeddedUrl(port: number): string {
  return `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolvePromise(false);
    });
    socket.once("error", () => resolvePromise(false));
  });
}

/**
 * Serve DATA_DIR/pglite on 127.0.0.1:port, or join the server another process of ours already runs
 * there (PGlite allows one process per data directory, so a second one must not open it).
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number }): Promise<EmbeddedPostgres> {
  const url = embeddedUrl(options.port);
  if (options.port !== 0 && (await portAnswers(options.port))) {
    return { url, owned: false, stop: async () => {} };
  }
  const dir = resolve(join(options.dataDir, "pglite"));
  mkdirSync(dir, { recursive: true });
  // PostgreSQL's default 128 MB of shared buffers are set up at every start, which in WASM is a
  // good part of the time to /healthz; a cell's whole database is a few tens of MB, and the rest is
  // in the OS's file cache anyway (issue #13).
  // TimeZone=UTC: PGlite is one session shared by every socket connection and ignores the clients'
  // startup options (createDb's UTC_SESSION), so it is set here, above the data directory's own
  // configuration (see UTC_SESSION for why).
  const db = await PGlite.create(dir, {
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`, "-c", "TimeZone=UTC"],
  });
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: options.port, maxConnections: 32 });
  await server.start();
  const actualPort = Number(server.getServerConn().split(":").pop());
  return {
    url: embeddedUrl(actualPort),
    owned: true,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
