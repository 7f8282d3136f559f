// npm run cli -- <command> [...]: one entry point for the admin commands.
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { loadConfig, ConfigError, type Config } from "../config.ts";
import { openDatabase, type OpenDatabase } from "../runtime/database.ts";
import type { CliCommand, CliContext } from "./context.ts";

const COMMANDS: Record<string, { describe: string; load: () => Promise<CliCommand> }> = {
  "import-members": { describe: 'import-members <file.csv|file.xlsx> --unit "<name>" [--dry-run] [--create-unit] [--json]', load: async () => (await import("./commands/import-members.ts")).run },
  "list-members": { describe: 'list-members [--unit "<name>"] [--json]', load: async () => (await import("./commands/list-members.ts")).run },
  "seed-demo": { describe: "seed-demo", load: async () => (await import("./commands/seed-demo.ts")).run },
  digest: { describe: 'digest --unit "<name>" [--format text|json|xlsx] [--out <file>]', load: async () => (await import("./commands/digest.ts")).run },
  meetings: {
    describe: 'meetings [add|move|cancel] --unit "<name>" [--at "dd/MM/yyyy HH:mm"] [--place "<place>"] [--kind REGULAR|THEMATIC|QUARTERLY|YEAR_END] [--id <meetingId>] [--reason "<text>"] [--days N] [--all] [--json]',
    load: async () => (await import("./commands/meetings.ts")).run,
  },
  invite: { describe: 'invite --member "<name>" [--unit "<name>"] [--json]', load: async () => (await import("./commands/invite.ts")).run },
  migrate: { describe: "migrate", load: async () => (await import("./commands/migrate.ts")).run },
  "parse-registration": { describe: "parse-registration [--json]  (stdin: one JSON string per line)", load: async () => { const { run } = await import("./commands/parse-registration.ts"); return (args, ctx) => run(args, { stdin: ctx.stdin, stdout: ctx.stdout }); } },
  "check-commitment": {
    describe: 'check-commitment [--json] ["<text>"]  (no text: one item per line from stdin)',
    load: async () => {
      const { run } = await import("./commands/check-commitment.ts");
      return (args, ctx) => run(args, { stdin: ctx.stdin, stdout: ctx.stdout });
    },
  },
};

function usage(): string {
  return ["Usage: npm run cli -- <command>", ...Object.values(COMMANDS).map((c) => `  ${c.describe}`)].join("\n");
}

/** env defaults to the process environment (read by loadConfig, the only reader of process.env). */
export async function runCli(argv: string[], env?: Record<string, string | undefined>): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`${name ? `Unknown command "${name}".\n` : ""}${usage()}\n`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  let opened: OpenDatabase | undefined;
  const ctx: CliContext = {
    config,
    async db() {
      opened ??= await openDatabase(config);
      return opened.db;
    },
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    now: () => new Date(),
    stdin: process.stdin,
    stdout: process.stdout,
  };
  try {
    return await (await command.load())(args, ctx);
  } finally {
    await opened?.close();
  }
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    // pathToFileURL escapes "#", "%" and spaces the way import.meta.url does; realpath follows symlinks.
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

const isMain = invokedDirectly();
if (isMain) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
