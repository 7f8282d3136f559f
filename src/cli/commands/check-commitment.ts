// `npm run --silent cli -- check-commitment [--json] [--theme "<title>"] ["<text>"]`
// Runs the vagueness coach on one item, or, with no text argument, on each non-empty stdin line
// (one result per line, in input order). --json prints {"verdict","score","reasons"} objects;
// without it a short Vietnamese line (and the member-facing explanation for vague items).
// Needs no database and no configuration.

import { inputLines, writeLine } from "../lines.ts";
import { analyzeCommitment, type VaguenessContext, type VaguenessResult } from "../../domain/vagueness.ts";
import { explainVagueness } from "../../messages/vagueness.ts";
import { cliMsg, cliScore, VERDICT_LABELS } from "../../messages/cli.ts";
import { COMMANDS } from "../help.ts";

export interface CheckCommitmentIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

const NAME = "check-commitment";

interface Parsed {
  json: boolean;
  ctx: VaguenessContext;
  text: string | null;
}

function parseArgs(args: readonly string[]): Parsed | string {
  let json = false;
  const ctx: VaguenessContext = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (arg === "--json") json = true;
    else if (arg === "--theme") {
      const value = args[i + 1];
      if (value === undefined) return cliMsg.missingValue(NAME, "--theme");
      ctx.themeTitle = value;
      i++;
    } else if (arg.startsWith("--theme=")) ctx.themeTitle = arg.slice("--theme=".length);
    else if (arg.startsWith("--") && arg.length > 2) return cliMsg.unknownOption(NAME, arg);
    else positional.push(arg);
  }
  // Unquoted text arrives as several arguments; it is still one item.
  return { json, ctx, text: positional.length > 0 ? positional.join(" ") : null };
}

function format(text: string, result: VaguenessResult, json: boolean): string {
  if (json) {
    return JSON.stringify({ verdict: result.verdict, score: result.score, reasons: result.reasons });
  }
  const head = `${VERDICT_LABELS[result.verdict]} ${cliScore(result.score)}  ${text}`;
  if (result.verdict === "concrete") return head;
  return `${head}\n${explainVagueness(result.reasons).replace(/^/gm, "    ")}`;
}

export async function run(args: string[], io: CheckCommitmentIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    (io.stderr ?? process.stderr).write(`${parsed}\n${cliMsg.usage(NAME, COMMANDS[NAME]!.usage)}\n`);
    return 2;
  }
  const { json, ctx, text } = parsed;

  if (text !== null) {
    await writeLine(io.stdout, format(text, analyzeCommitment(text, ctx), json));
    return 0;
  }

  for await (const line of inputLines(io.stdin)) {
    await writeLine(io.stdout, format(line, analyzeCommitment(line, ctx), json));
  }
  return 0;
}
