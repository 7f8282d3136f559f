// The dashboard's downloads over fastify inject against the real web server on the demo data:
// every XLSX is print-ready (title block, A4 fitted to one page wide, header row on every page,
// numbers and dates typed, formula-looking text neutralised) and every DOCX is a party document
// (header, date line, numbered sections, signatures, A4, Times New Roman). The files are read
// back with exceljs and from word/document.xml; LibreOffice is not needed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { openDashboard, readXlsx as xlsx, sheetText, unzip, type DashHarness, type Browser } from "./dashboard-harness.ts";
import { REGISTRATION_SHEETS, ASSESSMENT_SHEETS, HEADER_ROW, YEAR_COLUMN } from "../../src/exports/index.ts";

let h: DashHarness;
let hung: Browser; // secretary, office cell

beforeAll(async () => {
  ({
    h,
    browsers: [hung],
  } = await openDashboard("hung"));
});
afterAll(() => h?.close());

const office = (rest = "") => `/dashboard/cells/${h.officeId}${rest}`;

describe("exports", () => {
  /** Every sheet is print-ready: title block, A4 fitted to one page wide, header row on each page. */
  function expectPrintReady(wb: ExcelJS.Workbook, document: string) {
    for (const ws of wb.worksheets) {
      expect(ws.getCell("A1").value, ws.name).toBe("Đảng bộ Phường An Phú (demo) · Chi bộ Văn phòng UBND phường (demo)");
      expect(String(ws.getCell("A2").value), ws.name).toContain(document.toLocaleUpperCase("vi"));
      expect(String(ws.getCell("A3").value), ws.name).toMatch(/^Năm 2026 · Ngày xuất: 20\/11\/2026$/);
      expect(ws.pageSetup.paperSize, ws.name).toBe(9);
      expect(ws.pageSetup.fitToPage, ws.name).toBe(true);
      expect(ws.pageSetup.fitToWidth, ws.name).toBe(1);
      expect(ws.pageSetup.fitToHeight, ws.name).toBe(0);
      expect(ws.pageSetup.printTitlesRow, ws.name).toBe(`${HEADER_ROW}:${HEADER_ROW}`);
    }
  }

  it("downloads the cell's registrations as a print-ready XLSX", async () => {
    const res = await hung.get(office("/export/registrations.xlsx?year=2026"));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    expect(String(res.headers["content-disposition"])).toContain("attachment;");
    const wb = await xlsx(res.raw);
    expectPrintReady(wb, "Danh sách đăng ký học tập và làm theo năm 2026");
    const sheet = wb.getWorksheet(REGISTRATION_SHEETS.individual)!;
    expect(sheet.pageSetup.orientation).toBe("landscape");
    const text = sheetText(sheet);
    expect(text).toContain("Họ và tên");
    expect(text).toContain("Nội dung thứ");
    expect(text).not.toContain("Nội dung số");
    expect(text).toContain("Hoàng Minh Tuấn");
    expect(text).toContain("Đo đạc, cập nhật 200 thửa đất biến động");
    expect(text).toContain("Chưa đăng ký");
    // Numbers as numbers, the sending date as a real date shown dd/MM/yyyy.
    const tuan = sheet.getRows(HEADER_ROW + 1, sheet.rowCount - HEADER_ROW)!.find((r) => r.getCell(2).value === "Hoàng Minh Tuấn")!;
    expect(typeof tuan.getCell(1).value).toBe("number");
    expect(typeof tuan.getCell(6).value).toBe("number");
    expect(tuan.getCell(5).value).toBeInstanceOf(Date);
    expect(tuan.getCell(5).numFmt).toBe("dd/mm/yyyy");
    expect(wb.getWorksheet(REGISTRATION_SHEETS.collective)).toBeTruthy();
  });

  it("downloads the year's assessments as XLSX, the yearly result in its own column", async () => {
    const res = await hung.get(office("/export/assessments.xlsx?year=2026"));
    expect(res.status).toBe(200);
    const wb = await xlsx(res.raw);
    expectPrintReady(wb, "Tổng hợp tự đánh giá của đảng viên năm 2026");
    const progressSheet = wb.getWorksheet(ASSESSMENT_SHEETS.progress)!;
    expect((progressSheet.getRow(HEADER_ROW).values as unknown[]).slice(-2)).toEqual(["T12", YEAR_COLUMN]);
    const progress = sheetText(progressSheet);
    expect(progress).toContain("Hoàng Minh Tuấn");
    expect(progress).toContain("Hoàn thành");
    expect(sheetText(wb.getWorksheet(ASSESSMENT_SHEETS.assessments))).toContain("Đồng chí làm tốt, cần giữ tiến độ.");
    expect(sheetText(wb.getWorksheet(ASSESSMENT_SHEETS.summary))).toContain("10/2026");
    const digest = await hung.get(office("/export/digest.xlsx"));
    expect(digest.status).toBe(200);
    const digestBook = await xlsx(digest.raw);
    expect(digestBook.getWorksheet("Tổng hợp")).toBeTruthy();
    expect(digestBook.getWorksheet("Tổng hợp")!.getCell("A1").value).toBe("Đảng bộ Phường An Phú (demo) · Chi bộ Văn phòng UBND phường (demo)");
  });

  it("marks text that starts like a formula so a re-saved CSV cannot run it", async () => {
    const reg = await h.t.db.registration.findFirstOrThrow({
      where: { memberId: h.ids.tuan, year: 2026 },
      include: { items: { orderBy: { position: "asc" } } },
    });
    const item = reg.items[0]!;
    await h.t.db.commitmentItem.update({ where: { id: item.id }, data: { measure: '=HYPERLINK("http://x","bấm")' } });
    try {
      const wb = await xlsx((await hung.get(office("/export/registrations.xlsx?year=2026"))).raw);
      const sheet = wb.getWorksheet(REGISTRATION_SHEETS.individual)!;
      const cell = sheet
        .getRows(HEADER_ROW + 1, sheet.rowCount - HEADER_ROW)!
        .map((r) => r.getCell(9))
        .find((c) => String(c.value).includes("HYPERLINK"))!;
      expect(cell.value).toBe('\'=HYPERLINK("http://x","bấm")');
      expect(cell.type).toBe(ExcelJS.ValueType.String);
    } finally {
      await h.t.db.commitmentItem.update({ where: { id: item.id }, data: { measure: item.measure } });
    }
  });

  /** word/document.xml of a DOCX: A4, Times New Roman, the party header and the date line. */
  function expectPartyDocument(raw: Buffer): string {
    const zip = unzip(raw);
    const xml = zip.get("word/document.xml")!.toString("utf8");
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toContain('w:ascii="Times New Roman"');
    const sizes = [...xml.matchAll(/<w:sz w:val="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(0);
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(26);
    expect(zip.get("word/styles.xml")!.toString("utf8")).toContain('w:ascii="Times New Roman"');
    for (const text of [
      "ĐẢNG BỘ PHƯỜNG AN PHÚ (DEMO)",
      "CHI BỘ VĂN PHÒNG UBND PHƯỜNG (DEMO)",
      "ĐẢNG CỘNG SẢN VIỆT NAM",
      "Phường An Phú, ngày 20 tháng 11 năm 2026",
    ])
      expect(xml).toContain(text);
    for (const text of ["Dự thảo do bot", "Xuất từ trang quản lý", "đăng ký 0 nội dung"]) expect(xml).not.toContain(text);
    // The header comes first, the signature block last (the member's name on the right).
    expect(xml.indexOf("ĐẢNG CỘNG SẢN VIỆT NAM")).toBeLessThan(xml.indexOf("Họ và tên"));
    expect(xml.lastIndexOf("(Ký, ghi rõ họ tên)")).toBeGreaterThan(xml.indexOf("Họ và tên"));
    return xml;
  }

  it("downloads a member's sổ tự tu dưỡng, registration form and year-end self-assessment as party documents", async () => {
    const notebook = await hung.get(office(`/members/${h.ids.tuan}/notebook.docx?year=2026`));
    expect(notebook.status).toBe(200);
    expect(notebook.headers["content-type"]).toContain("wordprocessingml");
    expect(String(notebook.headers["content-disposition"])).toContain("filename*=UTF-8''so-tu-tu-duong-2026-Ho%C3%A0ng");
    const xml = expectPartyDocument(notebook.raw);
    for (const text of [
      "Hoàng Minh Tuấn",
      "SỔ TỰ TU DƯỠNG NĂM 2026",
      "I. NỘI DUNG ĐĂNG KÝ",
      "II. TIẾN ĐỘ THỰC HIỆN",
      "III. NHẬN XÉT CỦA CHI ỦY",
      "Đo đạc, cập nhật 200 thửa đất biến động",
      "tháng 10/2026",
      "Đồng chí làm tốt, cần giữ tiến độ.",
    ]) {
      expect(xml).toContain(text);
    }

    const form = await hung.get(office(`/members/${h.ids.tuan}/registration.docx?year=2026`));
    expect(form.status).toBe(200);
    const xml3 = expectPartyDocument(form.raw);
    for (const text of [
      "BẢN ĐĂNG KÝ HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH",
      "Năm 2026",
      "Hoàng Minh Tuấn",
      "Đo đạc, cập nhật 200 thửa đất biến động",
      "CAM KẾT",
      "NGƯỜI ĐĂNG KÝ",
      "XÁC NHẬN CỦA CHI ỦY",
    ]) {
      expect(xml3).toContain(text);
    }

    const yearEnd = await hung.get(office(`/members/${h.ids.tuan}/year-end.docx?year=2026`));
    expect(yearEnd.status).toBe(200);
    const xml2 = expectPartyDocument(yearEnd.raw);
    expect(xml2).toContain("Hoàng Minh Tuấn");
    expect(xml2).toContain("đã tự đánh giá 3/12 tháng");
    expect(xml2).toContain("Hoàn thành xuất sắc nhiệm vụ");
    // Sections from the form (templates.ts), numbered; the chi ủy's comments as theirs, not the member's.
    let last = -1;
    for (const heading of [
      "I. KẾT QUẢ THỰC HIỆN NỘI DUNG ĐÃ ĐĂNG KÝ",
      "II. ƯU ĐIỂM, KẾT QUẢ NỔI BẬT",
      "III. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN",
      "IV. PHƯƠNG HƯỚNG, BIỆN PHÁP KHẮC PHỤC",
      "V. TỰ NHẬN MỨC XẾP LOẠI CHẤT LƯỢNG",
      "NHẬN XÉT CỦA CHI ỦY TRONG NĂM",
      "NGƯỜI TỰ ĐÁNH GIÁ",
    ]) {
      const at = xml2.indexOf(heading);
      expect(at, heading).toBeGreaterThan(last);
      last = at;
    }
    // The last section and the signatures sit in one row that may not split, so a page break never
    // leaves the signatures alone on the last page.
    const lastSection = xml2.indexOf("NHẬN XÉT CỦA CHI ỦY TRONG NĂM");
    const rowStart = xml2.lastIndexOf("<w:tr>", lastSection);
    expect(rowStart).toBeGreaterThan(-1);
    expect(xml2.slice(rowStart, lastSection)).not.toContain("</w:tr>");
    expect(xml2.slice(rowStart, lastSection)).toContain("<w:cantSplit/>");
    expect(xml2.slice(lastSection, xml2.indexOf("NGƯỜI TỰ ĐÁNH GIÁ"))).not.toContain("</w:tbl>");
    expect(xml2).not.toContain("bản thân tiếp thu");
    // The months' overall notes stay under I (the results), as written, not under II (what was achieved).
    const notes = xml2.indexOf("Nhận xét chung các tháng: Hoàn thành 200 thửa (tháng 11); Đã cập nhật 150 thửa (tháng 10).");
    expect(notes).toBeGreaterThan(xml2.indexOf("I. KẾT QUẢ THỰC HIỆN NỘI DUNG ĐÃ ĐĂNG KÝ"));
    expect(notes).toBeLessThan(xml2.indexOf("II. ƯU ĐIỂM, KẾT QUẢ NỔI BẬT"));
    expect(xml2.split("150 thửa")).toHaveLength(2);
    expect(xml2).toMatch(/đồng chí [^<]+ nhận xét tự đánh giá tháng 10\/2026: “Đồng chí làm tốt, cần giữ tiến độ.”/);

    // A member without a registration: no "đăng ký 0 nội dung".
    const empty = await hung.get(office(`/members/${h.ids.bay}/year-end.docx?year=2026`));
    expect(empty.status).toBe(200);
    expect(expectPartyDocument(empty.raw)).toContain("chưa có bản đăng ký");
    expect(await h.t.db.auditLog.count({ where: { action: { startsWith: "export." }, actorId: h.ids.hung } })).toBeGreaterThanOrEqual(6);
  });

  it("shows the member's three documents on the member page", async () => {
    const res = await hung.get(office(`/members/${h.ids.tuan}?year=2026`));
    for (const link of ["/registration.docx?year=2026", "/notebook.docx?year=2026", "/year-end.docx?year=2026"])
      expect(res.body).toContain(`${h.ids.tuan}${link}`);
  });
});
