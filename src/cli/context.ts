// What a CLI command gets: output functions, the clock, and the database opened on first use.
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";

export interface CliContext {
  config: Config;
  // Properties, not methods: commands pass ctx.out and ctx.err around as plain functions.
  db: () => Promise<Db>;
  out: (line: string) => void;
  err: (line: string) => void;
  now: () => Date;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
}

export type CliCommand = (args: string[], ctx: CliContext) => Promise<number>;
