// How `npm run chat` turns its input into messages: a bracketed paste is one message with its line
// breaks, a terminal's read chunk is one message, piped lines stay one message each.
import { describe, expect, it } from "vitest";
import { PasteFolder, unfold } from "../../src/channels/local/paste.ts";

/** The messages readline would give for these chunks. */
function messages(chunks: readonly string[], terminal: boolean): string[] {
  const folder = new PasteFolder(terminal);
  const text = chunks.map((c) => folder.push(c)).join("") + folder.flush();
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => unfold(line).trim())
    .filter((line) => line.length > 0);
}

const PASTE = "1. Đọc 2 cuốn sách\n2. Không đi họp muộn\n3. Viết 2 bài thu hoạch mỗi quý";

describe("PasteFolder", () => {
  it("keeps a bracketed paste as one message, its line breaks kept, piped or on a terminal", () => {
    for (const terminal of [false, true]) {
      expect(messages([`\x1b[200~${PASTE}\x1b[201~`, "\r"], terminal)).toEqual([PASTE]);
      // Markers cut between chunks, and a paste ending in a line break, still make one message.
      expect(messages(["/dangky\r", "\x1b[20", `0~${PASTE}\n\x1b[2`, "01~", "\r", "xong\r"], terminal)).toEqual(["/dangky", PASTE, "xong"]);
    }
  });

  it("joins the lines of one chunk on a terminal (a paste without markers), not typed lines", () => {
    expect(messages([PASTE.replace(/\n/g, "\r"), "\r"], true)).toEqual([PASTE]);
    expect(messages(["d", "o", "c", "\r", "x", "o", "n", "g", "\r"], true)).toEqual(["doc", "xong"]);
  });

  it("keeps piped input line by line outside the markers", () => {
    expect(messages([`${PASTE}\n`], false)).toEqual(PASTE.split("\n"));
    expect(messages(["a\r\nb\n", "c\n"], false)).toEqual(["a", "b", "c"]);
  });

  it("lets Escape and arrow keys through at once", () => {
    const folder = new PasteFolder(true);
    expect(folder.push("\x1b")).toBe("\x1b");
    expect(folder.push("\x1b[A")).toBe("\x1b[A");
  });
});
