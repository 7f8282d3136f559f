// npm run cli -- <command> [...]: one entry point for the admin commands.
// Start-up is kept short on purpose: a command loads only its own module (and the packages it
// uses) on demand, the configuration is read only by commands that need it, and the database is
// opened without running migrations (see runtime/database.ts: only the server and `migrate` apply them).
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Config } from "../config.ts";
import type { OpenDatabase } from "../runtime/database.ts";
import type { CliCommand, CliContext } from "./context.ts";
import { COMMANDS, commandHelp, usage } from "./help.ts";
import { cliArgsError } from "../messages/cli.ts";

/** The command modules, loaded only when their command runs. */
const LOADERS: Record<string, () => Promise<CliCommand>> = {
  "import-members": async () => (await import("./commands/import-members.ts")).run,
  "list-members": async () => (await import("./commands/list-members.ts")).run,
  "seed-demo": async () => (await import("./commands/seed-demo.ts")).run,
  digest: async () => (await import("./commands/digest.ts")).run,
  meetings: async () => (await import("./commands/meetings.ts")).run,
  invite: async () => (await import("./commands/invite.ts")).run,
  migrate: async () => (await import("./commands/migrate.ts")).run,
  "parse-registration": async () => {
    const { run } = await import("./commands/parse-registration.ts");
    return (args, ctx) => run(args, { stdin: ctx.stdin, stdout: ctx.stdout });
  },
  "check-commitment": async () => {
    const { run } = await import("./commands/check-commitment.ts");
    return (args, ctx) => run(args, { stdin: ctx.stdin, stdout: ctx.stdout });
  },
};

const HELP_FLAGS = new Set(["--help", "-h", "help"]);

/** env defaults to the process environment (read by loadConfig, the only reader of process.env). */
export async function runCli(argv: string[], env?: Record<string, string | undefined>): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || HELP_FLAGS.has(name)) {
    const topic = name === undefined ? undefined : args[0];
    if (topic && COMMANDS[topic]) process.stdout.write(`${commandHelp(topic)}\n`);
    else (name === undefined ? process.stderr : process.stdout).write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const spec = COMMANDS[name];
  const load = LOADERS[name];
  if (!spec || !load) {
    process.stderr.write(`Không có lệnh "${name}".\n${usage()}\n`);
    return 2;
  }
  if (args.some((a) => a === "--help" || a === "-h")) {
    process.stdout.write(`${commandHelp(name)}\n`);
    return 0;
  }
  let config: Config | undefined;
  const needConfig = async (): Promise<Config> => {
    if (config) return config;
    const { loadConfig } = await import("../config.ts");
    config = loadConfig(env);
    return config;
  };
  let opened: OpenDatabase | undefined;
  const ctx: CliContext = {
    get config() {
      if (!config) throw new Error("configuration not loaded");
      return config;
    },
    async db() {
      if (!opened) {
        const { openDatabase } = await import("../runtime/database.ts");
        opened = await openDatabase(await needConfig(), { migrations: name === "migrate" ? "apply" : "check" });
      }
      return opened.db;
    },
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    now: () => new Date(),
    stdin: process.stdin,
    stdout: process.stdout,
  };
  try {
    if (spec.needsConfig) await needConfig();
    return await (
      await load()
    )(args, ctx);
  } catch (error) {
    // Expected refusals (bad configuration, a database behind its migrations, a database that does
    // not answer) are one line for the person at the terminal, not a stack trace.
    if (error instanceof Error && ["ConfigError", "PendingMigrationsError", "DatabaseUnavailableError"].includes(error.name)) {
      process.stderr.write(`${error.message}\n`);
      return error.name === "ConfigError" ? 2 : 1;
    }
    // A mistyped option is the operator's slip: one Vietnamese line, not node's English one.
    const argsLine = cliArgsError(name, error);
    if (argsLine !== null) {
      process.stderr.write(`${argsLine}\n`);
      return 2;
    }
    throw error;
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
