// Line-at-a-time input and output for the text tools that read stdin (check-commitment,
// parse-registration): one reader and one writer, so both treat a BOM, blank lines and a slow
// consumer the same way.
import { createInterface } from "node:readline";

/** The non-empty lines of a stream, trimmed; a byte-order mark at the start is dropped. */
export async function* inputLines(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  let first = true;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    const line = (first ? raw.replace(/^\uFEFF/, "") : raw).trim();
    first = false;
    if (line.length > 0) yield line;
  }
}

/** Writes one line, waiting when the stream asks to, so a large stdin batch does not pile up in memory. */
export async function writeLine(out: NodeJS.WritableStream, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
}
