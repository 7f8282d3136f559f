import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { addSheet, excelDay, HEADER_ROW, newWorkbook, safeText, workbookBuffer } from "../../src/exports/xlsx.ts";
import { dateLine, headerLines, placeOf } from "../../src/exports/units.ts";
import { YEAR_END_FORMS, yearEndForm } from "../../src/exports/templates.ts";
import { yearEndDraft } from "../../src/domain/year-end-draft.ts";
import { loadConfig } from "../../src/config.ts";

describe("safeText", () => {
  it("puts an apostrophe before text that a spreadsheet would read as a formula", () => {
    for (const text of ["=1+1", "+84912", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=x", "\r=x"])
      expect(safeText(text)).toEqual({ value: `'${text}`, quoted: true });
    for (const text of ["Đọc sách", "100% hồ sơ", "a=b", " =x"]) expect(safeText(text)).toEqual({ value: text, quoted: false });
  });
});

describe("addSheet", () => {
  it("writes the title block, the page setup and typed cells", async () => {
    const wb = newWorkbook(new Date("2026-11-20T03:00:00Z"));
    const title = {
      unit: "Đảng bộ X · Chi bộ Y",
      document: "Danh sách thử",
      period: "Năm 2026",
      exportedAt: new Date("2026-11-30T18:00:00Z"),
      zone: "Asia/Ho_Chi_Minh",
    };
    addSheet(wb, title, {
      name: "Hẹp",
      columns: [
        { header: "STT", width: 6 },
        { header: "Ngày", width: 12 },
        { header: "Ghi chú", width: 30 },
      ],
      rows: [[1, { day: new Date("2026-03-04T20:00:00Z") }, "=cmd"]],
    });
    addSheet(wb, title, {
      name: "Rộng",
      columns: [
        { header: "A", width: 60 },
        { header: "B", width: 60 },
      ],
      rows: [],
    });
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await workbookBuffer(wb)) as never);
    const narrow = back.getWorksheet("Hẹp")!;
    expect(narrow.getCell("A1").value).toBe("Đảng bộ X · Chi bộ Y");
    expect(narrow.getCell("A2").value).toBe("DANH SÁCH THỬ");
    // Export date in the unit's zone: 01:00 on 01/12 in Hà Nội.
    expect(narrow.getCell("A3").value).toBe("Năm 2026 · Ngày xuất: 01/12/2026");
    expect(narrow.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    });
    expect(back.getWorksheet("Rộng")!.pageSetup.orientation).toBe("landscape");
    const row = narrow.getRow(HEADER_ROW + 1);
    expect(row.getCell(1).value).toBe(1);
    expect((row.getCell(2).value as Date).toISOString()).toBe("2026-03-05T00:00:00.000Z");
    expect(row.getCell(2).numFmt).toBe("dd/mm/yyyy");
    expect(row.getCell(3).value).toBe("'=cmd");
    expect(narrow.views[0]).toMatchObject({ state: "frozen", ySplit: HEADER_ROW });
  });

  it("takes the calendar day in the unit's zone", () => {
    expect(excelDay(new Date("2026-12-31T17:30:00Z"), "Asia/Ho_Chi_Minh").toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });
});

describe("party-document header", () => {
  const unit = { name: "Chi bộ Khu phố 4 (demo)", parentName: "Đảng bộ Phường An Phú (demo)", place: null, timeZone: "Asia/Ho_Chi_Minh" };
  it("writes the committee and the cell in capitals, adding what a bare name leaves out", () => {
    expect(headerLines(unit)).toEqual(["ĐẢNG BỘ PHƯỜNG AN PHÚ (DEMO)", "CHI BỘ KHU PHỐ 4 (DEMO)"]);
    expect(headerLines({ name: "Khu phố 4", parentName: "Phường An Phú" })).toEqual(["ĐẢNG BỘ PHƯỜNG AN PHÚ", "CHI BỘ KHU PHỐ 4"]);
    expect(headerLines({ name: "Đảng bộ Phường An Phú", parentName: null })).toEqual(["ĐẢNG BỘ PHƯỜNG AN PHÚ"]);
  });
  it("dates the document at its place, ngày dd tháng MM năm yyyy in the unit's zone", () => {
    expect(placeOf(unit)).toBe("Phường An Phú");
    expect(dateLine(unit, new Date("2026-01-04T18:00:00Z"))).toBe("Phường An Phú, ngày 05 tháng 01 năm 2026");
    expect(dateLine({ ...unit, place: "Thủ Đức" }, new Date("2026-11-20T03:00:00Z"))).toBe("Thủ Đức, ngày 20 tháng 11 năm 2026");
  });
});

describe("year-end forms", () => {
  it("are data: every form numbers its sections and the default comes from the configuration", () => {
    for (const form of Object.values(YEAR_END_FORMS)) expect(form.sections.length).toBeGreaterThan(2);
    expect(yearEndForm(loadConfig({}).YEAR_END_FORM).id).toBe("chibo");
    expect(yearEndForm(loadConfig({ YEAR_END_FORM: "02a-2023" }).YEAR_END_FORM).sections[0]?.heading).toBe("Ưu điểm, kết quả đạt được");
    expect(() => loadConfig({ YEAR_END_FORM: "khong-co" })).toThrow(/YEAR_END_FORM/);
    expect(loadConfig({ DOCUMENT_PLACE: "Thủ Đức" }).DOCUMENT_PLACE).toBe("Thủ Đức");
  });
  it("never says 'đăng ký 0 nội dung' for a year without a registration", () => {
    const draft = yearEndDraft({ year: 2026, items: [], months: [], reviews: [] });
    expect(draft).not.toContain("0 nội dung");
    expect(draft).toContain("chưa có bản đăng ký");
  });
});
