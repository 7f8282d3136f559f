// Member files as Vietnamese offices save them: UTF-8 with and without BOM, UTF-16 ("Unicode Text")
// LE/BE, Windows-1258 (plain "CSV" on Vietnamese Windows, tone marks as combining characters),
// and the legacy TCVN3/VNI font encodings, which are refused by name. Files are generated here
// with iconv-lite. Also the XLSX size guard, name hygiene and masking of personal numbers.
import { deflateRawSync } from "node:zlib";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeText } from "../../src/import/encoding.ts";
import { MemberFileError, parseMembersFile } from "../../src/import/members-file.ts";
import { checkXlsxSize } from "../../src/import/xlsx-guard.ts";
import { checkRows } from "../../src/import/rows.ts";
import { cleanShortText } from "../../src/domain/text.ts";

const LINES = [
  "Họ và tên;Chức vụ;Vai trò;Số điện thoại;Trạng thái",
  "Nguyễn Thị Ngọc Diễm;Bí thư chi bộ;Bí thư;0912000001;Đang sinh hoạt",
  "",
  "Trần Văn Đức;Chi ủy viên;Chi ủy viên;0912000002;Đang sinh hoạt",
  "Phạm Thị Hường;Kế toán trưởng;Đảng viên;0912000003;Miễn sinh hoạt",
];
const CSV = LINES.join("\r\n") + "\r\n";
const NAMES = ["Nguyễn Thị Ngọc Diễm", "Trần Văn Đức", "Phạm Thị Hường"];

/** Windows-1258 keeps ă â ê ô ơ ư đ precomposed and writes the five tones as combining marks. */
function toWindows1258Form(text: string): string {
  const TONES = /[\u0300\u0301\u0303\u0309\u0323]/gu;
  return text
    .normalize("NFD")
    .replace(
      /(\P{M})(\p{M}+)/gu,
      (_, base: string, marks: string) => `${(base + marks.replace(TONES, "")).normalize("NFC")}${marks.match(TONES)?.join("") ?? ""}`,
    );
}

async function names(bytes: Buffer) {
  const file = await parseMembersFile("ds.csv", bytes);
  return {
    encoding: file.encoding,
    lines: file.rows.map((r) => r.line),
    names: file.rows.map((r) => r.values.ho_ten),
    roles: file.rows.map((r) => r.values.vai_tro),
  };
}

describe("member files in every encoding", () => {
  it.each([
    ["UTF-8 without BOM", Buffer.from(CSV, "utf8"), "UTF-8"],
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, "utf8")]), "UTF-8"],
    ["UTF-16 LE with BOM (Excel's Unicode Text)", iconv.encode(CSV.replaceAll(";", "\t"), "utf16le", { addBOM: true }), "UTF-16LE"],
    ["UTF-16 BE with BOM", iconv.encode(CSV, "utf16be", { addBOM: true }), "UTF-16BE"],
    ["UTF-16 LE without BOM", iconv.encode(CSV, "utf16le"), "UTF-16LE"],
  ])("%s: names intact, line numbers as in Excel", async (_label, bytes, encoding) => {
    expect(await names(bytes)).toEqual({ encoding, lines: [2, 4, 5], names: NAMES, roles: ["Bí thư", "Chi ủy viên", "Đảng viên"] });
  });

  it("Windows-1258 (combining tone marks) is decoded and normalised to NFC", async () => {
    const form = toWindows1258Form(CSV);
    const bytes = iconv.encode(form, "windows1258");
    expect(iconv.decode(bytes, "windows1258")).toBe(form); // every character has a byte: nothing lost in the fixture
    expect(bytes.includes(0xec)).toBe(true); // the combining acute of "Diễm"/"Đức" family is there as its own byte
    const read = await names(bytes);
    expect(read).toEqual({ encoding: "windows-1258", lines: [2, 4, 5], names: NAMES, roles: ["Bí thư", "Chi ủy viên", "Đảng viên"] });
    for (const n of read.names) expect(n).toBe(n?.normalize("NFC"));
    const checked = checkRows((await parseMembersFile("ds.csv", bytes)).rows);
    expect(checked.rows.map((r) => ("member" in r ? r.member.role : r.error))).toEqual(["SECRETARY", "COMMITTEE", "MEMBER"]);
  });

  it("refuses a TCVN3 (ABC) file, naming the encoding", async () => {
    const bytes = iconv.encode(CSV, "tcvn");
    const decoded = decodeText(bytes);
    expect(decoded).toMatchObject({ ok: false, encoding: "TCVN3" });
    await expect(parseMembersFile("ds.csv", bytes)).rejects.toThrow(MemberFileError);
    await expect(parseMembersFile("ds.csv", bytes)).rejects.toThrow(/bảng mã cũ TCVN3 \(ABC/);
  });

  it("refuses a VNI file, naming the encoding", async () => {
    // VNI-Windows writes a base letter then a mark byte: "Nguyeãn Thò Ngoïc Dieãm", "Traàn Vaên Ñöùc".
    const vni = ["Hoï vaø teân,Chöùc vuï", "Nguyeãn Thò Ngoïc Dieãm,Bí thö chi boä", "Traàn Vaên Ñöùc,Chi uûy vieân"].join("\r\n");
    const bytes = Buffer.from(vni, "latin1");
    expect(decodeText(bytes)).toMatchObject({ ok: false, encoding: "VNI" });
    await expect(parseMembersFile("ds.csv", bytes)).rejects.toThrow(/bảng mã cũ VNI/);
  });

  it("does not mistake plain Windows-1258 or ASCII for a legacy encoding", () => {
    expect(decodeText(iconv.encode(toWindows1258Form("Hoàng Văn Toàn,Phó bí thư,Xuân Thuỷ,Nguyễn Thị Oanh"), "windows1258"))).toMatchObject({
      ok: true,
      encoding: "windows-1258",
    });
    expect(decodeText(Buffer.from("ho_ten\nNguyen Van A\n"))).toMatchObject({ ok: true, encoding: "UTF-8" });
  });
});

/** A one-entry zip (deflate) whose headers may declare a size other than the real one. */
function zipWith(name: string, content: Buffer, declaredSize = content.length): Buffer {
  const data = deflateRawSync(content, { level: 9 });
  const fname = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declaredSize >>> 0, 22);
  local.writeUInt16LE(fname.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declaredSize >>> 0, 24);
  central.writeUInt16LE(fname.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + fname.length + data.length;
  const cd = Buffer.concat([central, fname]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, fname, data, cd, end]);
}

describe("XLSX size guard", () => {
  it("refuses a file whose directory declares a huge size, before inflating anything", async () => {
    // 4 GB declared, 1 KB real: only the directory was read, or this would have passed.
    const bomb = zipWith("xl/worksheets/sheet1.xml", Buffer.alloc(1024), 0xffffffff);
    const result = await checkXlsxSize(bomb);
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining("lớn hơn 50 MB") });
  });

  it("stops a file whose headers lie at the limit (inflating as a stream, counting)", async () => {
    const bomb = zipWith("xl/worksheets/sheet1.xml", Buffer.alloc(60 * 1024 * 1024), 1000);
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(await checkXlsxSize(bomb)).toMatchObject({ ok: false, error: expect.stringContaining("quá lớn") });
    await expect(parseMembersFile("ds.xlsx", bomb)).rejects.toThrow(/lớn hơn 50 MB/);
  });

  it("lets a normal workbook through with its real unpacked size", async () => {
    const ok = zipWith("xl/worksheets/sheet1.xml", Buffer.from("<worksheet/>".repeat(1000)));
    expect(await checkXlsxSize(ok)).toEqual({ ok: true, unpackedBytes: 12_000 });
    expect(await checkXlsxSize(Buffer.from("not a zip"))).toMatchObject({ ok: false, error: expect.stringContaining("không phải bảng tính XLSX") });
  });
});

describe("cell hygiene and personal numbers", () => {
  it("strips bidi overrides, zero-width and control characters from names", () => {
    expect(cleanShortText("\u202EĐỗ\u200B Văn\u00A0\u0007Hải\u2069 ")).toBe("Đỗ Văn Hải");
    const { rows } = checkRows([{ line: 2, values: { ho_ten: "Lê\u200D Thị \u202ENga", vai_tro: "Đảng viên" } }]);
    expect(rows).toEqual([{ line: 2, member: expect.objectContaining({ fullName: "Lê Thị Nga" }) }]);
  });

  it("masks a CCCD typed into the position column and reports the line", () => {
    const { rows, masked } = checkRows([
      { line: 2, values: { ho_ten: "Lê Thị Nga", chuc_vu: "Chuyên viên, CCCD 001234567890" } },
      { line: 3, values: { ho_ten: "Lê Văn Nam", chuc_vu: "Văn thư" } },
    ]);
    expect(masked).toEqual([2]);
    const first = rows[0];
    expect(first && "member" in first ? first.member.position : null).toBe("Chuyên viên, CCCD [đã ẩn]");
  });
});
