// `npm run --silent cli -- parse-registration --json`
// Reads JSON lines from stdin, each a JSON string holding one member message, and prints one JSON
// object per input line, in order: {"items":[{"text","measure","timeframe","categories","verdict"}]}.
// A line that is not a JSON string gets {"error":"…"} so the output stays line-aligned with the
// input. Without --json: a short readable block per message. Needs no database or configuration.

import { inputLines, writeLine } from "../lines.ts";
import { readRegistration, type ReadRegistration } from "../../domain/registration-reader/index.ts";
import { CATEGORY_LABELS } from "../../messages/registration.ts";
import { cliMsg, VERDICT_LABELS } from "../../messages/cli.ts";
import { COMMANDS } from "../help.ts";

export interface ParseRegistrationIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

const NAME = "parse-registration";

function asJson(read: ReadRegistration): string {
  return JSON.stringify({
    items: read.items.map((item) => ({
      text: item.text,
      measure: item.measure,
      timeframe: item.timeframe,
      categories: item.categories,
      verdict: item.verdict,
    })),
  });
}

function asText(read: ReadRegistration): string {
  const lines = read.items.map(
    (item, i) =>
      `${i + 1}. [${VERDICT_LABELS[item.verdict]}] ${item.text}\n   đo: ${item.measure ?? "-"} | thời hạn: ${item.timeframe ?? "-"} | nội dung: ${item.categories.map((c) => CATEGORY_LABELS[c]).join(", ")}`,
  );
  if (read.extra.length > 0) lines.push(cliMsg.skippedAfterThird(read.extra.length));
  return lines.length > 0 ? lines.join("\n") : cliMsg.noItems;
}

export async function run(args: string[], io: ParseRegistrationIo): Promise<number> {
  let json = false;
  for (const arg of args) {
    if (arg === "--json") json = true;
    else if (arg !== "--") {
      const refusal = arg.startsWith("-") ? cliMsg.unknownOption(NAME, arg) : cliMsg.unexpectedArgument(NAME, arg);
      (io.stderr ?? process.stderr).write(`${refusal}\n${cliMsg.usage(NAME, COMMANDS[NAME]!.usage)}\n`);
      return 2;
    }
  }
  for await (const line of inputLines(io.stdin)) {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      message = undefined;
    }
    if (typeof message !== "string") {
      await writeLine(io.stdout, JSON.stringify({ error: "Mỗi dòng phải là một chuỗi JSON chứa tin nhắn của đảng viên." }));
      continue;
    }
    const read = readRegistration(message);
    await writeLine(io.stdout, json ? asJson(read) : asText(read));
  }
  return 0;
}
