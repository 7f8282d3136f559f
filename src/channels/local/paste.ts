// Pasted items arrive as one message in `npm run chat`. readline ends a line at every line break, so
// before it sees the input the line breaks that belong inside one message are folded into a
// placeholder, and unfolded in the line readline gives back:
// - bracketed paste (a terminal that supports it wraps a paste in ESC[200~ … ESC[201~, once asked
//   with ESC[?2004h): the text between the markers, whatever its line breaks;
// - on a terminal without it, the line breaks inside one read chunk: a person's Enter arrives alone,
//   a paste arrives at once;
// - piped input (not a terminal) stays line by line outside the markers.
// The message is sent with the Enter after the paste, like a paste into any chat box.
import { StringDecoder } from "node:string_decoder";
import { Transform } from "node:stream";

export const ENABLE_BRACKETED_PASTE = "\x1b[?2004h";
export const DISABLE_BRACKETED_PASTE = "\x1b[?2004l";
const START = "\x1b[200~";
const END = "\x1b[201~";
/** Stands for a kept line break while readline holds the line ("␤", never typed by a member). */
const FOLDED = "\u2424";
const BREAK = /\r\n|\r|\n/g;

export class PasteFolder {
  private pasting = false;
  private carry = "";

  /** `joinChunk`: the input is a terminal, so line breaks within one chunk join (see above). */
  constructor(private readonly joinChunk: boolean) {}

  /** The chunk as readline should see it: markers removed, breaks inside one message folded. */
  push(chunk: string): string {
    let text = this.carry + chunk;
    this.carry = "";
    // A marker cut between two chunks waits for the rest ("\x1b[2…"; a lone Escape key does not wait).
    const cut = /\x1b\[2(?:0(?:[01])?)?$/.exec(text);
    if (cut) {
      this.carry = cut[0];
      text = text.slice(0, cut.index);
    }
    let out = "";
    let rest = text;
    while (rest.length > 0) {
      const marker = this.pasting ? END : START;
      const at = rest.indexOf(marker);
      const part = at === -1 ? rest : rest.slice(0, at);
      out += this.pasting ? part.replace(BREAK, FOLDED) : part;
      if (at === -1) break;
      this.pasting = !this.pasting;
      rest = rest.slice(at + marker.length);
    }
    if (!this.joinChunk) return out;
    // Every break but one that ends the chunk belongs to the same message.
    const end = /(?:\r\n|\r|\n)$/.exec(out);
    const body = end ? out.slice(0, end.index) : out;
    return body.replace(BREAK, FOLDED) + (end?.[0] ?? "");
  }

  /** What is held back at the end of the input (a cut marker that never completed). */
  flush(): string {
    const rest = this.carry;
    this.carry = "";
    return rest;
  }
}

/** A line from readline with its kept line breaks back. */
export function unfold(line: string): string {
  return line.replaceAll(FOLDED, "\n");
}

/** The input stream for readline: `source` folded as above. */
export function pasteAware(source: NodeJS.ReadableStream, terminal: boolean): Transform {
  const folder = new PasteFolder(terminal);
  // A Vietnamese letter is two or three bytes and may be cut between chunks.
  const decoder = new StringDecoder("utf8");
  const stream = new Transform({
    decodeStrings: false,
    transform(chunk: Buffer | string, _encoding, done) {
      done(null, folder.push(typeof chunk === "string" ? chunk : decoder.write(chunk)));
    },
    flush(done) {
      done(null, folder.push(decoder.end()) + folder.flush());
    },
  });
  return source.pipe(stream);
}
