// Member list parsing: one row (parseMemberRow), CSV files (BOM, blank lines, ";" separators) and
// XLSX workbooks built here with exceljs, with the line numbers a secretary sees in Excel.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { normalizePhone, parseMemberRow, type MemberInput } from "../../src/domain/member-row.ts";
import { MemberFileError, parseMembersCsv, readMembersFile } from "../../src/import/members-file.ts";

const dir = mkdtempSync(join(tmpdir(), "chibo-import-unit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ok(row: Record<string, string>): MemberInput {
  const result = parseMemberRow(row);
  if (!result.ok) throw new Error(`expected a good row, got: ${result.error}`);
  return result.member;
}

function refused(row: Record<string, string>): string {
  const result = parseMemberRow(row);
  if (result.ok) throw new Error(`expected a refused row, got ${JSON.stringify(result.member)}`);
  return result.error;
}

describe("parseMemberRow", () => {
  it("reads a full row of the sample file", () => {
    expect(
      ok({ ho_ten: "  Nguyễn   Văn Hùng ", chuc_vu: "Bí thư chi bộ;  Trưởng phòng", vai_tro: "SECRETARY", so_dien_thoai: "0912000001", trang_thai: "ACTIVE" }),
    ).toEqual({ fullName: "Nguyễn Văn Hùng", position: "Bí thư chi bộ; Trưởng phòng", role: "SECRETARY", phone: "0912000001", status: "ACTIVE" });
  });

  it("defaults to an active member without phone or position", () => {
    expect(ok({ ho_ten: "Trần Thị Mai" })).toEqual({ fullName: "Trần Thị Mai", position: null, role: "MEMBER", phone: null, status: "ACTIVE" });
  });

  it.each([
    ["MEMBER", "MEMBER"],
    ["member", "MEMBER"],
    ["Đảng viên", "MEMBER"],
    ["COMMITTEE", "COMMITTEE"],
    ["Chi ủy viên", "COMMITTEE"],
    ["chi uy", "COMMITTEE"],
    ["DEPUTY_SECRETARY", "DEPUTY_SECRETARY"],
    ["Phó bí thư", "DEPUTY_SECRETARY"],
    ["Phó Bí thư chi bộ", "DEPUTY_SECRETARY"],
    ["SECRETARY", "SECRETARY"],
    ["Bí thư", "SECRETARY"],
    ["bi thu chi bo", "SECRETARY"],
  ])("role %s → %s", (word, role) => {
    expect(ok({ ho_ten: "Lê Quang Vinh", vai_tro: word }).role).toBe(role);
  });

  it.each([
    ["ACTIVE", "ACTIVE"],
    ["Đang sinh hoạt", "ACTIVE"],
    ["EXEMPT", "EXEMPT"],
    ["Miễn sinh hoạt", "EXEMPT"],
    ["mien sinh hoat", "EXEMPT"],
    ["LEFT", "LEFT"],
    ["Chuyển sinh hoạt", "LEFT"],
  ])("status %s → %s", (word, status) => {
    expect(ok({ ho_ten: "Ngô Văn Bảy", trang_thai: word }).status).toBe(status);
  });

  it.each([
    ["0912000001", "0912000001"],
    ["0912 000 001", "0912000001"],
    ["0912.000.001", "0912000001"],
    ["+84912000001", "0912000001"],
    ["+84 912 000 001", "0912000001"],
    ["84912000001", "0912000001"],
    // An Excel number cell drops the leading zero.
    ["912000001", "0912000001"],
  ])("phone %s → %s", (raw, phone) => {
    expect(normalizePhone(raw)).toBe(phone);
  });

  it.each(["12345", "09120000011", "0912-ABC-001", "+1 202 555 0100", "0912000001 / 0913000002"])("refuses phone %s", (raw) => {
    expect(refused({ ho_ten: "Hoàng Minh Tuấn", so_dien_thoai: raw })).toContain(raw);
  });

  it("refuses a missing or odd name", () => {
    expect(refused({ ho_ten: "   ", vai_tro: "MEMBER" })).toContain("ho_ten");
    expect(refused({ vai_tro: "MEMBER" })).toContain("ho_ten");
    expect(refused({ ho_ten: "Nguyễn Văn 2" })).toContain("không hợp lệ");
  });

  it("refuses an unknown role or status and names the allowed values", () => {
    // Vietnamese names, as the secretary types them, not the English codes.
    const role = refused({ ho_ten: "Đặng Văn Lợi", vai_tro: "Chủ tịch" });
    expect(role).toMatch(/Chủ tịch.*Đảng viên, Chi ủy viên, Phó bí thư, Bí thư/);
    expect(role).not.toMatch(/MEMBER|COMMITTEE|SECRETARY/);
    const status = refused({ ho_ten: "Đặng Văn Lợi", trang_thai: "nghỉ" });
    expect(status).toMatch(/nghỉ.*Đang sinh hoạt, Miễn sinh hoạt/);
    expect(status).not.toMatch(/ACTIVE|EXEMPT/);
  });
});

describe("parseMembersCsv", () => {
  it("keeps the line numbers of the file across a BOM, blank lines and CRLF", () => {
    const csv = [
      "\uFEFFho_ten,chuc_vu,vai_tro,so_dien_thoai,trang_thai",
      "Nguyễn Văn Hùng,Bí thư chi bộ; Trưởng phòng,SECRETARY,0912000001,ACTIVE",
      "",
      "Trần Thị Mai,Phó bí thư chi bộ,DEPUTY_SECRETARY,0912000002,ACTIVE",
      " , , , , ",
      "",
      '"Lê Quang Vinh","Chi ủy viên, Chuyên viên chính",COMMITTEE,0912000003,ACTIVE',
      "",
    ].join("\r\n");
    const rows = parseMembersCsv(csv);
    expect(rows.map((r) => r.line)).toEqual([2, 4, 7]);
    expect(rows[0]?.values).toEqual({
      ho_ten: "Nguyễn Văn Hùng",
      chuc_vu: "Bí thư chi bộ; Trưởng phòng",
      vai_tro: "SECRETARY",
      so_dien_thoai: "0912000001",
      trang_thai: "ACTIVE",
    });
    expect(rows[2]?.values.chuc_vu).toBe("Chi ủy viên, Chuyên viên chính");
  });

  it("reads a header-only or empty file as no rows", () => {
    expect(parseMembersCsv("ho_ten,vai_tro\n")).toEqual([]);
    expect(parseMembersCsv("")).toEqual([]);
  });

  it("reads a short row with the missing cells empty", () => {
    const rows = parseMembersCsv("ho_ten,chuc_vu,vai_tro,so_dien_thoai\nVõ Thị Thu Hà\n");
    expect(rows).toEqual([{ line: 2, values: { ho_ten: "Võ Thị Thu Hà", chuc_vu: "", vai_tro: "", so_dien_thoai: "" } }]);
  });

  it("accepts the ';' separator and Vietnamese headers that Excel on Vietnamese Windows writes", () => {
    const rows = parseMembersCsv("Họ và tên;Chức vụ;Vai trò;SĐT;Trạng thái\nĐặng Văn Lợi;Văn thư, lưu trữ;Đảng viên;0912 000 007;Đang sinh hoạt\n");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.values).toEqual({
      ho_ten: "Đặng Văn Lợi",
      chuc_vu: "Văn thư, lưu trữ",
      vai_tro: "Đảng viên",
      so_dien_thoai: "0912 000 007",
      trang_thai: "Đang sinh hoạt",
    });
    expect(ok(rows[0]!.values)).toMatchObject({ role: "MEMBER", phone: "0912000007", status: "ACTIVE" });
  });
});

describe("readMembersFile", () => {
  const sample = new URL("../../examples/members.csv", import.meta.url);

  it("reads the example CSV: 12 rows on lines 2-13, all valid", async () => {
    const rows = await readMembersFile(sample.pathname);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(rows.every((r) => parseMemberRow(r.values).ok)).toBe(true);
  });

  it("reads examples/members.xlsx into the same rows as examples/members.csv", async () => {
    const csvRows = await readMembersFile(sample.pathname);
    const xlsxRows = await readMembersFile(new URL("../../examples/members.xlsx", import.meta.url).pathname);
    expect(xlsxRows).toEqual(csvRows);
  });

  it("reads an XLSX workbook into the same rows with Excel's row numbers", async () => {
    const csvRows = await readMembersFile(sample.pathname);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Đảng viên");
    sheet.addRow(["ho_ten", "chuc_vu", "vai_tro", "so_dien_thoai", "trang_thai"]);
    for (const [i, row] of csvRows.entries()) {
      sheet.addRow([row.values.ho_ten, row.values.chuc_vu, row.values.vai_tro, row.values.so_dien_thoai, row.values.trang_thai]);
      if (i === 3) sheet.addRow([]); // a blank row in the middle: line numbers move on, the row is skipped
    }
    const file = join(dir, "members.xlsx");
    await workbook.xlsx.writeFile(file);

    const rows = await readMembersFile(file);
    expect(rows.map((r) => r.values)).toEqual(csvRows.map((r) => r.values));
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it("reads numbers, formulas and rich text in XLSX cells as text", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Sheet1");
    sheet.addRow(["Họ tên", "Chức vụ", "Vai trò", "Số điện thoại", "Trạng thái"]);
    sheet.addRow([{ richText: [{ text: "Bùi Thị " }, { text: "Ngọc Ánh", font: { bold: true } }] }, "Chuyên viên", "MEMBER", 912000008, "ACTIVE"]);
    sheet.addRow([{ formula: '"Đỗ Thành "&"Công"', result: "Đỗ Thành Công" }, "Chuyên viên", "Chi ủy viên", "0912000009", "Miễn sinh hoạt"]);
    const file = join(dir, "typed.xlsx");
    await workbook.xlsx.writeFile(file);

    const rows = await readMembersFile(file);
    expect(rows.map((r) => r.line)).toEqual([2, 3]);
    expect(rows.map((r) => ok(r.values))).toEqual([
      { fullName: "Bùi Thị Ngọc Ánh", position: "Chuyên viên", role: "MEMBER", phone: "0912000008", status: "ACTIVE" },
      { fullName: "Đỗ Thành Công", position: "Chuyên viên", role: "COMMITTEE", phone: "0912000009", status: "EXEMPT" },
    ]);
  });

  it("refuses other file types and unreadable files with a Vietnamese message", async () => {
    const odt = join(dir, "members.ods");
    writeFileSync(odt, "x");
    await expect(readMembersFile(odt)).rejects.toThrow(MemberFileError);
    await expect(readMembersFile(join(dir, "missing.csv"))).rejects.toThrow(/Không đọc được/);
    const fake = join(dir, "fake.xlsx");
    writeFileSync(fake, "ho_ten\nNguyễn Văn Hùng\n");
    await expect(readMembersFile(fake)).rejects.toThrow(/XLSX/);
  });
});
