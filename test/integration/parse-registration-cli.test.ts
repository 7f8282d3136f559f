// The parse-registration contract, run as a child process exactly as automated checks call it:
// `npm run --silent cli -- parse-registration --json`, JSON strings in, one JSON object per line out.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function runCli(input: string, args: string[] = ["--json"]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/index.ts", "parse-registration", ...args], {
    cwd: new URL("../..", import.meta.url).pathname,
    input,
    encoding: "utf8",
    env: { ...process.env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Item {
  text: string;
  measure: string | null;
  timeframe: string | null;
  categories: string[];
  verdict: string;
}

describe("parse-registration --json (child process)", () => {
  it("prints one object per input line with the agreed fields, in order", () => {
    const messages = [
      "1. Mỗi quý đọc 1 cuốn sách về Bác, viết thu hoạch nộp chi ủy.\n2. Lấy chứng chỉ B1 trước tháng 10/2027\n3. Không dùng điện thoại vào việc riêng trong giờ làm",
      "Ý thức tốt hơn",
      "1. Đọc 2 cuốn sách về Bác trước 30/6/2027 2. Không dùng điện thoại vào việc riêng trong giờ họp 3. Viết 2 bài thu hoạch mỗi quý",
      "- hang thang trich 100.000 dong ung ho quy vi nguoi ngheo\n- Tích cực học tập và làm theo tư tưởng của Bác",
    ];
    const { status, stdout, stderr } = runCli(`${messages.map((m) => JSON.stringify(m)).join("\n")}\n`);
    expect(status, stderr).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { items: Item[] });
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(["items"]);
      for (const item of line.items) expect(Object.keys(item)).toEqual(["text", "measure", "timeframe", "categories", "verdict"]);
    }
    const [first, second, oneLine, third] = lines;
    expect(first?.items.map((i) => i.verdict)).toEqual(["concrete", "concrete", "concrete"]);
    expect(first?.items.map((i) => i.timeframe)).toEqual(["Mỗi quý", "trước tháng 10/2027", null]);
    expect(first?.items.map((i) => i.measure)).toEqual(["1 cuốn sách", "chứng chỉ B1", null]);
    expect(first?.items.map((i) => i.categories[0])).toEqual(["STUDY", "STUDY", "EXAMPLE"]);
    expect(second?.items).toEqual([{ text: "Ý thức tốt hơn", measure: null, timeframe: null, categories: expect.any(Array), verdict: "vague" }]);
    // Numbered items typed on one line are three items; "trong giờ họp" is the rule's setting, not a timeframe.
    expect(oneLine?.items.map((i) => [i.measure, i.timeframe, i.verdict])).toEqual([
      ["2 cuốn sách", "trước 30/6/2027", "concrete"],
      [null, null, "concrete"],
      ["2 bài thu hoạch", "mỗi quý", "concrete"],
    ]);
    expect(third?.items.map((i) => [i.measure, i.timeframe, i.verdict])).toEqual([
      ["100.000 dong", "hang thang", "concrete"],
      [null, null, "vague"],
    ]);
  });

  it("answers a line that is not a JSON string with an error object and carries on", () => {
    const { status, stdout } = runCli(`not json\n{"msg":1}\n${JSON.stringify("Trồng 50 cây xanh trước 30/6")}\n`);
    expect(status).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { error?: string; items?: Item[] });
    expect(lines).toHaveLength(3);
    expect(lines[0]?.error).toMatch(/chuỗi JSON/);
    expect(lines[1]?.error).toMatch(/chuỗi JSON/);
    expect(lines[2]?.items?.[0]).toMatchObject({ measure: "50 cây xanh", timeframe: "trước 30/6", verdict: "concrete" });
  });

  it("without --json names the verdict and the contents in Vietnamese", () => {
    const { status, stdout } = runCli(`${JSON.stringify("1. Đọc 2 cuốn sách về Bác trước 30/6/2027\n2. Ý thức tốt hơn")}\n`, []);
    expect(status).toBe(0);
    expect(stdout).toContain("1. [cụ thể] Đọc 2 cuốn sách về Bác trước 30/6/2027");
    expect(stdout).toContain("nội dung: Học tập");
    expect(stdout).toContain("2. [chung chung] Ý thức tốt hơn");
    expect(stdout).not.toMatch(/\b(concrete|vague|STUDY|FOLLOW|EXAMPLE)\b/);
  });
});
