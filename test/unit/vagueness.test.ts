import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMITMENT_CATEGORIES, COMMITMENT_TEMPLATES, suggestExamples } from "../../src/domain/commitment-templates.ts";
import { inferRoleKind, ROLE_KINDS } from "../../src/domain/role-kind.ts";
import { fold } from "../../src/domain/text.ts";
import { analyzeCommitment, CONCRETE_THRESHOLD, textSimilarity } from "../../src/domain/vagueness.ts";
import { extractFeatures } from "../../src/domain/vagueness-features.ts";
import { readItem } from "../../src/domain/registration-reader/index.ts";
import { loadCoachSet } from "../support/coach-sets.ts";
import { explainVagueness, keptVagueNotice, offerExamples, vaguenessFlag } from "../../src/messages/vagueness.ts";

interface Labelled {
  label: "vague" | "concrete";
  category: string;
  text: string;
}

function readTsv(url: URL): Labelled[] {
  const [header, ...lines] = readFileSync(url, "utf8").split(/\r?\n/);
  expect(header).toBe("label\tcategory\ttext");
  return lines
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const [label, category, text] = line.split("\t");
      if ((label !== "vague" && label !== "concrete") || !category || !text) throw new Error(`bad row: ${line}`);
      return { label, category, text };
    });
}

function agreement(rows: Labelled[]): { rate: number; misses: string[] } {
  const misses = rows.filter((r) => analyzeCommitment(r.text).verdict !== r.label).map((r) => `${r.label}: ${r.text}`);
  return { rate: (rows.length - misses.length) / rows.length, misses };
}

// The tuning set stands in for the old shared sample: the project reads nothing outside itself.
const sample: Labelled[] = loadCoachSet("tune").map((r) => ({ label: r.label, category: r.categories[0] ?? "FOLLOW", text: r.text }));
const heldOut = readTsv(new URL("../fixtures/commitments-extra.tsv", import.meta.url));

describe("analyzeCommitment: accuracy", () => {
  it("agrees with at least 90% of the labelled sample", () => {
    const { rate, misses } = agreement(sample);
    expect(rate, `misses:\n${misses.join("\n")}`).toBeGreaterThanOrEqual(0.9);
  });

  it("agrees with at least 85% of a held-out set written independently of the sample", () => {
    expect(heldOut.length).toBeGreaterThanOrEqual(20);
    expect(heldOut.some((r) => r.label === "vague")).toBe(true);
    expect(heldOut.some((r) => r.label === "concrete")).toBe(true);
    // The held-out items must not simply repeat the sample.
    for (const row of heldOut) {
      for (const s of sample) expect(textSimilarity(row.text, s.text)).toBeLessThan(0.8);
    }
    const { rate, misses } = agreement(heldOut);
    expect(rate, `misses:\n${misses.join("\n")}`).toBeGreaterThanOrEqual(0.85);
  });

  it("gives the same verdicts when every diacritic is stripped", () => {
    for (const row of [...sample, ...heldOut]) {
      expect(analyzeCommitment(fold(row.text)).verdict, row.text).toBe(analyzeCommitment(row.text).verdict);
    }
  });
});

describe("analyzeCommitment: result shape", () => {
  it("scores within 0..1, consistent with the verdict; vague items always say why", () => {
    for (const row of [...sample, ...heldOut]) {
      const r = analyzeCommitment(row.text);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      if (r.verdict === "concrete") {
        expect(r.score).toBeGreaterThanOrEqual(CONCRETE_THRESHOLD);
        expect(r.reasons).toEqual([]);
      } else {
        expect(r.reasons.length).toBeGreaterThan(0);
      }
    }
  });

  it("is deterministic", () => {
    const text = "Mỗi quý tham gia 2 buổi dọn vệ sinh nhà văn hóa khu phố.";
    expect(analyzeCommitment(text)).toEqual(analyzeCommitment(text));
  });

  it("handles unaccented input", () => {
    expect(analyzeCommitment("hoc tap va lam theo guong Bac").verdict).toBe("vague");
    expect(analyzeCommitment("moi thang doc 1 cuon sach ve Bac va ghi thu hoach vao so tay").verdict).toBe("concrete");
    expect(analyzeCommitment("giai quyet 100% ho so dung han, khong de ho so nao tre qua 3 ngay").verdict).toBe("concrete");
  });

  it("does not read 'đổi mới, sáng tạo' as 'mỗi sáng'", () => {
    const r = analyzeCommitment("Chủ động đổi mới, sáng tạo trong công tác chuyên môn.");
    expect(r.verdict).toBe("vague");
    expect(r.reasons.map((x) => x.code)).toContain("NO_TIMEFRAME");
  });
});

function codes(text: string, ctx?: Parameters<typeof analyzeCommitment>[1]): string[] {
  return analyzeCommitment(text, ctx).reasons.map((r) => r.code);
}

describe("analyzeCommitment: reason codes", () => {
  it("NO_MEASURE: a frequency but nothing counted", () => {
    const c = codes("Nâng cao chất lượng sinh hoạt chi bộ hằng tháng.");
    expect(c).toContain("NO_MEASURE");
    expect(c).not.toContain("NO_TIMEFRAME");
  });

  it("NO_MEASURE: a percentage of generic targets is hollow", () => {
    const r = analyzeCommitment("Phấn đấu 100% hoàn thành tốt nhiệm vụ được giao.");
    expect(r.verdict).toBe("vague");
    expect(r.reasons).toContainEqual({ code: "NO_MEASURE", detail: "hollow-target" });
  });

  it("NO_TIMEFRAME: minutes or hours with no period say nothing", () => {
    const r = analyzeCommitment("Dành 30 phút đọc sách về Bác và ghi chép lại.");
    expect(r.verdict).toBe("vague");
    expect(r.reasons.map((x) => x.code)).toContain("NO_TIMEFRAME");
    expect(r.reasons.map((x) => x.code)).not.toContain("NO_MEASURE");
    expect(analyzeCommitment("Mỗi ngày dành 30 phút đọc sách về Bác và ghi chép lại.").verdict).toBe("concrete");
  });

  it("a count or a named deliverable without a date is due by the end of the registration year", () => {
    expect(analyzeCommitment("Tham gia 3 đợt hiến máu tình nguyện của phường.").verdict).toBe("concrete");
    expect(analyzeCommitment("Lấy chứng chỉ tin học cơ bản để dùng phần mềm một cửa.").verdict).toBe("concrete");
  });

  it("VAGUE_MEASURE: a comparative with no figure is flagged on its own", () => {
    const r = analyzeCommitment("Ý thức tốt hơn trong công việc hằng ngày");
    expect(r.verdict).toBe("vague");
    expect(r.reasons).toContainEqual({ code: "VAGUE_MEASURE", detail: "tot hon" });
    expect(explainVagueness(r.reasons)).toContain("tốt hơn");
    // A real figure next to the comparative is fine.
    expect(analyzeCommitment("Giảm 10% tiền điện của phòng, tốt hơn năm trước, trong năm 2027").verdict).toBe("concrete");
  });

  it("behavioural rules and outcomes without numbers are concrete", () => {
    expect(analyzeCommitment("Không dùng điện thoại vào việc riêng trong giờ làm").verdict).toBe("concrete");
    expect(analyzeCommitment("khong nhau trong gio nghi trua cua ngay lam viec").verdict).toBe("concrete");
    expect(analyzeCommitment("Lấy chứng chỉ B1 trước tháng 10/2027").verdict).toBe("concrete");
    expect(analyzeCommitment("Sáng thứ Hai hằng tuần dự chào cờ cùng học sinh toàn trường").verdict).toBe("concrete");
    expect(analyzeCommitment("Không ngừng rèn luyện, tu dưỡng").verdict).toBe("vague");
  });

  it("a year alone is not a time frame", () => {
    expect(codes("Năm 2025 tiếp tục học tập và làm theo Bác một cách thiết thực.")).toContain("NO_TIMEFRAME");
  });

  it("ABSTRACT_ONLY: abstract verbs with nothing concrete", () => {
    const r = analyzeCommitment("Tăng cường, phát huy tinh thần trách nhiệm, tích cực trong công tác.");
    expect(r.verdict).toBe("vague");
    expect(r.reasons.map((x) => x.code)).toContain("ABSTRACT_ONLY");
  });

  it("SLOGAN: stock phrases, with or without punctuation and diacritics", () => {
    expect(codes("Thực hành cần, kiệm, liêm, chính, chí công vô tư.")).toContain("SLOGAN");
    expect(codes("gan dan trong dan hieu dan")).toContain("SLOGAN");
  });

  it("THEME_COPY: restating the year's theme", () => {
    const themeTitle =
      "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc";
    const r = analyzeCommitment("Tích cực học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường", { themeTitle });
    expect(r.verdict).toBe("vague");
    expect(r.reasons.map((x) => x.code)).toContain("THEME_COPY");
    // Borrowing a few words of the theme in a concrete item is fine.
    expect(analyzeCommitment("Mỗi quý đọc 1 bài của Bác về ý chí tự lực, tự cường và viết 1 trang thu hoạch.", { themeTitle }).verdict).toBe("concrete");
  });

  it("DUPLICATE_IN_CELL: same text as another member, whatever the punctuation, case or diacritics", () => {
    const mine = "Giải quyết 100% hồ sơ được giao đúng hạn; không để hồ sơ nào tồn quá 3 ngày làm việc.";
    expect(analyzeCommitment(mine).verdict).toBe("concrete");
    const other = "giai quyet 100% ho so duoc giao dung han, khong de ho so nao ton qua 3 ngay lam viec";
    const r = analyzeCommitment(mine, { cellTexts: ["Mỗi tháng đọc 1 cuốn sách về Bác.", other] });
    expect(r.verdict).toBe("vague");
    expect(r.reasons).toContainEqual({ code: "DUPLICATE_IN_CELL", detail: other });
    expect(r.score).toBeLessThan(CONCRETE_THRESHOLD);
    // A different item in the cell is not a duplicate.
    expect(analyzeCommitment(mine, { cellTexts: ["Số hóa 500 hồ sơ lưu trữ trước 31/10."] }).verdict).toBe("concrete");
  });

  it("SAME_AS_LAST_YEAR: the member's own item from last year, years ignored", () => {
    const r = analyzeCommitment("Năm 2025: mỗi tháng đọc 1 bài viết của Bác và ghi thu hoạch vào sổ tay.", {
      ownLastYearTexts: ["Năm 2024, mỗi tháng đọc 1 bài viết của Bác và ghi thu hoạch vào sổ tay"],
    });
    expect(r.verdict).toBe("vague");
    expect(r.reasons.map((x) => x.code)).toContain("SAME_AS_LAST_YEAR");
  });

  it("TOO_SHORT: a few words cannot say what, how much and when", () => {
    expect(codes("Học Bác")).toContain("TOO_SHORT");
    expect(codes("Tắt điện")).toContain("TOO_SHORT");
  });

  it("DOCUMENT_ONLY: naming a directive is not an action; its numbers are not measures", () => {
    const r = analyzeCommitment("Thực hiện tốt Chỉ thị 05-CT/TW và Quy định 144-QĐ/TW.");
    expect(r.verdict).toBe("vague");
    expect(r.reasons.map((x) => x.code)).toEqual(expect.arrayContaining(["DOCUMENT_ONLY", "NO_MEASURE"]));
  });

  it("recognises concrete rules without numbers", () => {
    expect(analyzeCommitment("Rời phòng là tắt điện; in hai mặt cho mọi văn bản nội bộ.").verdict).toBe("concrete");
    expect(analyzeCommitment("Không nhận quà, tiền của người dân khi giải quyết hồ sơ; từ chối và báo cáo trưởng phòng nếu gặp.").verdict).toBe("concrete");
  });
});

describe("role kinds", () => {
  it("infers the kind from position and unit", () => {
    expect(inferRoleKind("Chuyên viên")).toBe("DOSSIER_OFFICIAL");
    expect(inferRoleKind("Kế toán")).toBe("DOSSIER_OFFICIAL");
    expect(inferRoleKind("Văn thư")).toBe("DOSSIER_OFFICIAL");
    expect(inferRoleKind("Bí thư chi bộ; Trưởng phòng")).toBe("DOSSIER_OFFICIAL");
    expect(inferRoleKind("Hưu trí")).toBe("RETIREE");
    expect(inferRoleKind("huu tri", "Chi bộ khu phố 4")).toBe("RETIREE");
    expect(inferRoleKind("Giáo viên")).toBe("TEACHER");
    expect(inferRoleKind(undefined, "Chi bộ Trường THCS Lê Lợi")).toBe("TEACHER");
    expect(inferRoleKind("Trưởng phòng")).toBe("DOSSIER_OFFICIAL"); // "trưởng" is not "trường"
    expect(inferRoleKind("Điều dưỡng")).toBe("HEALTH_WORKER");
    expect(inferRoleKind(null, "Chi bộ Bệnh viện đa khoa huyện")).toBe("HEALTH_WORKER");
    expect(inferRoleKind("Chuyên viên", "Chi bộ Bệnh viện đa khoa huyện")).toBe("DOSSIER_OFFICIAL");
    expect(inferRoleKind("Công nhân")).toBe("ENTERPRISE");
    expect(inferRoleKind("Kế toán", "Chi bộ Công ty cổ phần May 10")).toBe("ENTERPRISE");
    expect(inferRoleKind(undefined, "Chi bộ Tổ dân phố 7")).toBe("RESIDENTIAL");
    expect(inferRoleKind("Trưởng thôn")).toBe("RESIDENTIAL");
    expect(inferRoleKind("Trưởng ban Tuyên giáo")).toBe("DOSSIER_OFFICIAL");
    expect(inferRoleKind("")).toBe("DOSSIER_OFFICIAL");
  });
});

describe("template library", () => {
  it("has at least 3 examples per role kind and category, each judged concrete", () => {
    for (const role of ROLE_KINDS) {
      for (const category of COMMITMENT_CATEGORIES) {
        const list = COMMITMENT_TEMPLATES[role][category];
        expect(list.length, `${role}/${category}`).toBeGreaterThanOrEqual(3);
        for (const text of list) {
          const r = analyzeCommitment(text);
          expect(r.verdict, `${role}/${category}: ${text} ${JSON.stringify(r.reasons)}`).toBe("concrete");
        }
      }
    }
  });

  it("gives every example a timeframe the reader finds, unless it is a standing rule (a taken example is saved as read)", () => {
    for (const role of ROLE_KINDS) {
      for (const category of COMMITMENT_CATEGORIES) {
        for (const text of COMMITMENT_TEMPLATES[role][category]) {
          const read = readItem(text);
          expect(read.timeframe !== null || read.rule, `${role}/${category}: ${text}`).toBe(true);
        }
      }
    }
  });

  it("has no two near-identical examples", () => {
    const all = ROLE_KINDS.flatMap((role) => COMMITMENT_CATEGORIES.flatMap((c) => [...COMMITMENT_TEMPLATES[role][c]]));
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) expect(textSimilarity(all[i] ?? "", all[j] ?? "")).toBeLessThan(0.8);
    }
  });

  it("suggestExamples returns the requested count, capped by what exists", () => {
    expect(suggestExamples("TEACHER", "STUDY")).toHaveLength(3);
    expect(suggestExamples("TEACHER", "STUDY", 2)).toHaveLength(2);
    expect(suggestExamples("TEACHER", "STUDY", 0)).toEqual([]);
    const all = COMMITMENT_TEMPLATES.DOSSIER_OFFICIAL.FOLLOW;
    expect(suggestExamples("DOSSIER_OFFICIAL", "FOLLOW", 100)).toEqual([...all]);
    expect(suggestExamples("RETIREE", "EXAMPLE")).toEqual(COMMITMENT_TEMPLATES.RETIREE.EXAMPLE.slice(0, 3));
  });

  it("suggestExamples rotates with an offset and never repeats within one answer", () => {
    const a = suggestExamples("DOSSIER_OFFICIAL", "STUDY", 3, 0);
    const b = suggestExamples("DOSSIER_OFFICIAL", "STUDY", 3, 1);
    expect(b[0]).toBe(a[1]);
    expect(new Set(b).size).toBe(3);
  });
});

describe("messages", () => {
  it("explains in one or two lines, addressing the member as đồng chí", () => {
    const cases = [
      ...sample.filter((r) => r.label === "vague").map((r) => analyzeCommitment(r.text).reasons),
      [],
      [{ code: "DUPLICATE_IN_CELL" as const }],
      [{ code: "SLOGAN" as const }],
    ];
    for (const reasons of cases) {
      const text = explainVagueness(reasons);
      const lines = text.split("\n");
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.length).toBeLessThanOrEqual(2);
      expect(text.toLowerCase()).toContain("đồng chí");
      for (const line of lines) expect(line.length).toBeLessThan(140);
    }
  });

  it("explains the missing measure and time frame together", () => {
    const text = explainVagueness([{ code: "ABSTRACT_ONLY" }, { code: "NO_MEASURE" }, { code: "NO_TIMEFRAME" }]);
    expect(text).toContain("nâng cao");
    expect(text).toContain("mỗi tháng");
  });

  it("offers numbered examples and the choice to keep", () => {
    const examples = suggestExamples("TEACHER", "FOLLOW");
    const text = offerExamples(examples, "Hùng");
    expect(text.startsWith("Đồng chí Hùng")).toBe(true);
    expect(text).toContain("giữ nguyên");
    expect(text).toContain(`1. ${examples[0]}`);
    expect(text).toContain(`3. ${examples[2]}`);
    expect(keptVagueNotice()).toContain("chi ủy");
    expect(vaguenessFlag([{ code: "NO_MEASURE" }, { code: "NO_TIMEFRAME" }])).toBe("Chung chung: chưa có số đo, chưa có thời hạn");
  });
});

describe("money in the features", () => {
  it("reads 'N đồng' as money only when đồng is not the first syllable of a word", () => {
    expect(extractFeatures("Ủng hộ 500.000 đồng cho quỹ").concrete).toContain("500000 dong");
    expect(extractFeatures("Trích 200.000 đồng hỗ trợ hộ nghèo").concrete).toContain("200000 dong");
    for (const text of ["Kèm cặp cho 1 đồng chí trẻ", "Hướng dẫn 2 đồng nghiệp", "Thăm 5 đồng bào", "Sửa 3 đồng hồ"]) {
      expect(
        extractFeatures(text).concrete.some((c) => /^\d+ dong$/.test(c)),
        text,
      ).toBe(false);
    }
  });
});
