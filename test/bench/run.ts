// npm run bench -- <name> [--option=value …]
// Benchmarks (not timed tests): each prints what it does, then its figures as the LAST line.
//   broadcast  N members through the real delivery path against the rate-limiting fake Bot API
//   digest     digests of a 50-member cell and of 1,000- and 10,000-member committees
//   coach      agreement of the vagueness coach with the labelled sets (no database needed)
//   inbound    K members sending commands at once through the Telegram fake, beside a bare telegraf bot
//   planner    100,000 members in 4,000 cells: time to plan, and a second run that adds nothing
//   import     10,000-row member list: preview and confirmed import (CSV, XLSX); XLSX bomb memory
//   conversation  scripted members through the real engine: messages and typing time to register and to self-assess
//   startup    built server to /healthz on a migrated database: embedded PGlite and PostgreSQL, with node -e 0
//   send       CPU per reply sent through the Telegram adapter, beside telegraf's own client
// Needs the test PostgreSQL (TEST_PG_URL, default postgresql://postgres@127.0.0.1:5432/postgres)
// and Redis (TEST_REDIS_URL, default redis://127.0.0.1:6379).
import { parseArgs } from "./support.ts";

type Bench = (args: Record<string, string>) => Promise<string>;

const BENCHES: Record<string, () => Promise<Bench>> = {
  broadcast: async () => (await import("./broadcast.ts")).run,
  coach: async () => (await import("./coach.ts")).run,
  digest: async () => (await import("./digest.ts")).run,
  inbound: async () => (await import("./inbound.ts")).run,
  planner: async () => (await import("./planner.ts")).run,
  import: async () => (await import("./import.ts")).run,
  conversation: async () => (await import("./conversation.ts")).run,
  startup: async () => (await import("./startup.ts")).run,
  send: async () => (await import("./send.ts")).run,
};

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2).filter((a) => a !== "--");
  const load = name ? BENCHES[name] : undefined;
  if (!load) {
    process.stderr.write(`Usage: npm run bench -- <${Object.keys(BENCHES).join("|")}> [--option=value …]\n`);
    process.exit(2);
  }
  const run = await load();
  const summary = await run(parseArgs(rest));
  console.log(summary);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
