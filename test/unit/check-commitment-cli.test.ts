import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/commands/check-commitment.ts";

interface Io {
  stdin: PassThrough;
  stdout: PassThrough;
  stderr: PassThrough;
  out: () => string;
  err: () => string;
}

function makeIo(): Io {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: string[] = [];
  const errChunks: string[] = [];
  // Consume output as it is written so back-pressure never stalls the command.
  stdout.on("data", (c: Buffer) => chunks.push(c.toString("utf8")));
  stderr.on("data", (c: Buffer) => errChunks.push(c.toString("utf8")));
  return { stdin, stdout, stderr, out: () => chunks.join(""), err: () => errChunks.join("") };
}

function jsonLines(text: string): { verdict: string; score: number; reasons: { code: string }[] }[] {
  return text
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as { verdict: string; score: number; reasons: { code: string }[] });
}

describe("check-commitment CLI", () => {
  it("prints one JSON object for a text argument", async () => {
    const io = makeIo();
    const code = await run(["--json", "Tích cực học tập và làm theo Bác"], io);
    expect(code).toBe(0);
    const lines = jsonLines(io.out());
    expect(lines).toHaveLength(1);
    const [result] = lines;
    expect(Object.keys(result ?? {}).sort()).toEqual(["reasons", "score", "verdict"]);
    expect(result?.verdict).toBe("vague");
    expect(result?.reasons.map((r) => r.code)).toContain("NO_TIMEFRAME");
  });

  it("treats an unquoted text split over several arguments as one item", async () => {
    const io = makeIo();
    expect(await run(["--json", "Số", "hóa", "500", "hồ", "sơ", "lưu", "trữ", "trước", "31/10"], io)).toBe(0);
    expect(jsonLines(io.out()).map((l) => l.verdict)).toEqual(["concrete"]);
  });

  it("reads stdin line by line, skips empty lines and keeps the order", async () => {
    const io = makeIo();
    const items = [
      "Mỗi tháng đọc ít nhất 1 bài viết của Bác và viết thu hoạch.",
      "Nâng cao tinh thần trách nhiệm.",
      "hoc tap va lam theo guong Bac",
      "Tiếp công dân sáng thứ Năm hằng tuần, trả lời đơn thư trong vòng 10 ngày.",
    ];
    const done = run(["--json"], io);
    io.stdin.write(`\uFEFF${items[0]}\r\n\n   \n${items[1]}\n`);
    io.stdin.end(`${items[2]}\n\n${items[3]}`); // last line without a newline
    expect(await done).toBe(0);
    const lines = jsonLines(io.out());
    expect(lines.map((l) => l.verdict)).toEqual(["concrete", "vague", "vague", "concrete"]);
    for (const l of lines) {
      expect(l.score).toBeGreaterThanOrEqual(0);
      expect(l.score).toBeLessThanOrEqual(1);
    }
  });

  it("prints the verdict in Vietnamese without --json: 'chung chung' or 'cụ thể', the score with a decimal comma", async () => {
    const io = makeIo();
    expect(await run(["Nâng cao tinh thần trách nhiệm trong công tác."], io)).toBe(0);
    const text = io.out();
    expect(text).toMatch(/^chung chung \d,\d\d {2}Nâng cao/);
    expect(text).toContain("Đồng chí");
    const concrete = makeIo();
    expect(await run(["Số hóa 500 hồ sơ lưu trữ trước 31/10"], concrete)).toBe(0);
    expect(concrete.out()).toMatch(/^cụ thể \d,\d\d {2}Số hóa/);
    expect(text + concrete.out()).not.toMatch(/\b(vague|concrete)\b/);
  });

  it("rejects unknown options with exit code 2", async () => {
    const io = makeIo();
    expect(await run(["--bogus", "x"], io)).toBe(2);
    expect(io.out()).toBe("");
    expect(io.err()).toContain("Lệnh check-commitment không có tùy chọn --bogus.");
    expect(io.err()).toContain("Cách dùng: npm run cli -- check-commitment");
    expect(io.err()).not.toMatch(/Unknown|Usage/);
  });
});
