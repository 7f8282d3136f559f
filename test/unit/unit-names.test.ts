import { describe, expect, it } from "vitest";
import { closestUnitNames, describeUnitMismatch, matchUnitName } from "../../src/domain/unit-names.ts";

const units = [
  { name: "Đảng ủy Phường Bến Nghé (demo)" },
  { name: "Chi bộ Khu phố 3 (demo)" },
  { name: "Chi bộ Khu phố 5 (demo)" },
  { name: "Chi bộ Trường Tiểu học Lê Lợi" },
];

describe("matchUnitName", () => {
  it("matches exactly, without diacritics, and without the trailing parenthesis", () => {
    expect(matchUnitName("Chi bộ Khu phố 3 (demo)", units)).toEqual({ kind: "found", unit: units[1] });
    expect(matchUnitName("chi bo khu pho 3 (demo)", units)).toEqual({ kind: "found", unit: units[1] });
    expect(matchUnitName("Chi bo Khu pho 5", units)).toEqual({ kind: "found", unit: units[2] });
    expect(matchUnitName("  CHI BỘ  TRƯỜNG TIỂU HỌC LÊ LỢI ", units)).toEqual({ kind: "found", unit: units[3] });
  });

  it("refuses an ambiguous name and lists the candidates", () => {
    const two = [{ name: "Chi bộ 1 (A)" }, { name: "Chi bộ 1 (B)" }];
    const m = matchUnitName("Chi bo 1", two);
    expect(m.kind).toBe("ambiguous");
    if (m.kind === "ambiguous") expect(m.candidates.map((u) => u.name)).toEqual(["Chi bộ 1 (A)", "Chi bộ 1 (B)"]);
  });

  it("refuses a typo and offers the closest names first", () => {
    const m = matchUnitName("Chi bộ Khu phố 4", units);
    expect(m.kind).toBe("none");
    if (m.kind === "none") {
      expect(m.closest[0]).toMatch(/Khu phố [35]/);
      expect(describeUnitMismatch("Chi bộ Khu phố 4", m)).toContain("Tên gần nhất: ");
    }
    expect(closestUnitNames("Le Loi", units)[0]).toBe("Chi bộ Trường Tiểu học Lê Lợi");
  });
});
