// The dashboard's member import end to end over HTTP, with the real BullMQ worker: the sample
// downloads, a Windows-1258 file, a role change previewed and audited with before and after, a NUL
// byte refusing the whole file by line, legacy encodings and an XLSX bomb refused (memory bounded,
// /healthz answering), 10,000 rows applied by the background job all at once or not at all, and
// stored JSON that no longer decodes shown as such (never a 500, never a made-up count).
import { readFileSync } from "node:fs";
import { createDeflateRaw } from "node:zlib";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csrfOf, login, startDashboard, type Browser, type DashHarness } from "./dashboard-harness.ts";
import { importMsg } from "../../src/messages/import.ts";

let h: DashHarness;
let hung: Browser;
const office = (rest = "") => `/dashboard/cells/${h.officeId}${rest}`;

beforeAll(async () => {
  h = await startDashboard();
  hung = await login(h, "hung");
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function upload(name: string, content: Buffer) {
  const token = csrfOf((await hung.get(office("/members"))).body);
  const payload = Buffer.concat([
    Buffer.from(
      `--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--XX\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from("\r\n--XX--\r\n"),
  ]);
  return hung.request("POST", office("/members/import"), { payload, contentType: "multipart/form-data; boundary=XX" });
}

async function confirm(previewUrl: string) {
  const preview = await hung.get(previewUrl);
  return hung.post(`${previewUrl}/confirm`, { _csrf: csrfOf(preview.body) });
}

async function waitDone(previewUrl: string, onPoll?: () => Promise<void>) {
  for (let i = 0; i < 1200; i++) {
    await onPoll?.();
    const page = await hung.get(previewUrl);
    if (page.body.includes("Đã nhập danh sách") || page.body.includes("Chưa nhập được")) return page;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("import did not finish");
}

const officeCount = () => h.t.db.member.count({ where: { unitId: h.officeId } });

describe("dashboard member import", () => {
  it("offers the sample list for download (XLSX and CSV), the same as examples/", async () => {
    const page = await hung.get(office("/members"));
    expect(page.body).toContain("/members/import/sample.xlsx");
    const xlsx = await hung.get(office("/members/import/sample.xlsx"));
    expect(xlsx.status).toBe(200);
    expect(String(xlsx.headers["content-disposition"])).toContain("attachment;");
    expect(xlsx.raw.equals(readFileSync(new URL("../../examples/members.xlsx", import.meta.url)))).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw as never);
    expect(wb.worksheets[0]?.rowCount).toBe(13);
    const csv = await hung.get(office("/members/import/sample.csv"));
    expect(csv.body).toBe(readFileSync(new URL("../../examples/members.csv", import.meta.url), "utf8"));
  });

  it("reads a Windows-1258 CSV (Excel on Vietnamese Windows) without corrupting the names", async () => {
    // Windows-1258 writes tone marks as separate combining bytes: "Hường" = "Hương" + U+0300.
    const text = "ho_ten,chuc_vu,vai_tro,so_dien_thoai\nPhạm Thị Hường,Chuyên viên,Đảng viên,0912000077\n";
    const form = text
      .normalize("NFD")
      .replace(
        /(\P{M})(\p{M}+)/gu,
        (_, b: string, m: string) =>
          `${(b + m.replace(/[\u0300\u0301\u0303\u0309\u0323]/gu, "")).normalize("NFC")}${m.match(/[\u0300\u0301\u0303\u0309\u0323]/gu)?.join("") ?? ""}`,
      );
    const res = await upload("ds.csv", iconv.encode(form, "windows1258"));
    expect(res.status).toBe(303);
    const preview = await hung.get(res.location);
    expect(preview.body).toContain("Windows-1258");
    expect(preview.body).toContain("Dòng 2: Phạm Thị Hường");
    await confirm(res.location);
    await waitDone(res.location);
    const m = await h.t.db.member.findFirstOrThrow({ where: { unitId: h.officeId, phone: "0912000077" } });
    expect(m.fullName).toBe("Phạm Thị Hường");
    expect(m.fullName).toBe(m.fullName.normalize("NFC"));
  }, 60_000);

  it("previews a role change before → after, applies it after confirmation and audits before and after", async () => {
    const res = await upload(
      "ds.csv",
      Buffer.from("Họ và tên,Chức vụ,Vai trò,Số điện thoại\nĐặng Văn Lợi,Văn thư; Tổ trưởng công đoàn,Chi ủy viên,0912000007\n"),
    );
    const preview = await hung.get(res.location);
    expect(preview.body).toContain("Đổi vai trò (1)");
    expect(preview.body).toContain("Vai trò: Đảng viên → Chi ủy viên");
    expect(preview.body).toContain("Chức vụ: Văn thư → Văn thư; Tổ trưởng công đoàn");
    expect((await h.t.db.member.findUniqueOrThrow({ where: { id: h.ids.loi } })).role).toBe("MEMBER");
    const confirmed = await confirm(res.location);
    expect(confirmed.status).toBe(303);
    const again = await hung.post(`${res.location}/confirm`, { _csrf: csrfOf(preview.body) }); // a double click
    expect(again.location).toBe(res.location);
    const done = await waitDone(res.location);
    expect(done.body).toContain("Đã nhập danh sách");
    expect((await h.t.db.member.findUniqueOrThrow({ where: { id: h.ids.loi } })).role).toBe("COMMITTEE");
    const audits = await h.t.db.auditLog.findMany({ where: { action: "member.role.changed", targetId: h.ids.loi } });
    expect(audits).toHaveLength(1);
    expect(audits[0]?.actorId).toBe(h.ids.hung);
    expect(audits[0]?.detail).toMatchObject({ before: "MEMBER", after: "COMMITTEE", via: "import-dashboard" });
  }, 60_000);

  it("refuses the whole file for one NUL byte after good rows: its line named, no 500, nothing written", async () => {
    const before = await officeCount();
    const rows = Array.from({ length: 20 }, (_, i) => `Người Mới ${"ABCDEFGHIJKLMNOPQRST"[i]},,,09130001${String(i).padStart(2, "0")}`);
    const res = await upload("ds.csv", Buffer.from(["ho_ten,chuc_vu,vai_tro,so_dien_thoai", ...rows, "Trần\u0000 Văn Hỏng,,,0913999999"].join("\n")));
    expect(res.status).toBe(303);
    const preview = await hung.get(res.location);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatch(/Dòng 22: cột Họ và tên có ký tự NUL/);
    expect(preview.body).toContain("Chưa nhập được");
    expect(preview.body).not.toContain("Xác nhận nhập");
    const forced = await confirm(res.location);
    expect(forced.status).toBe(303);
    expect(await officeCount()).toBe(before);
    const staged = await h.t.db.memberImport.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect(staged.status).toBe("PREVIEWED");
  });

  it("refuses a TCVN3 file naming the encoding", async () => {
    const res = await upload("ds.csv", iconv.encode("ho_ten,chuc_vu\nNguyễn Văn Thường,Chuyên viên\nĐỗ Thị Hằng,Kế toán\n", "tcvn"));
    expect(res.status).toBe(422);
    expect(res.body).toContain("TCVN3");
  });

  it("refuses an XLSX bomb before unpacking it: memory stays bounded and /healthz keeps answering", async () => {
    // 400 MB of zeros as sheet1.xml, whose headers claim 1 KB: only counting while inflating stops it.
    const deflated: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const z = createDeflateRaw({ level: 9 });
      z.on("data", (c: Buffer) => deflated.push(c));
      z.on("end", resolve);
      z.on("error", reject);
      const chunk = Buffer.alloc(1024 * 1024);
      for (let i = 0; i < 400; i++) z.write(chunk);
      z.end();
    });
    const data = Buffer.concat(deflated);
    const name = Buffer.from("xl/worksheets/sheet1.xml");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(1024, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(1024, 24);
    central.writeUInt16LE(name.length, 28);
    const cd = Buffer.concat([central, name]);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(cd.length, 12);
    end.writeUInt32LE(30 + name.length + data.length, 16);
    const bomb = Buffer.concat([local, name, data, cd, end]);
    expect(bomb.length).toBeLessThan(1024 * 1024);

    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const before = await officeCount();
    let answered = 0;
    const upload$ = upload("bom.xlsx", bomb);
    // /healthz while the file is being checked (the guard yields between steps).
    const health = await h.app.inject({ method: "GET", url: "/healthz" });
    if (health.statusCode === 200) answered++;
    const res = await upload$;
    clearInterval(sampler);
    expect(res.status).toBe(422);
    expect(res.body).toContain("lớn hơn 50 MB");
    expect(answered).toBe(1);
    expect(await officeCount()).toBe(before);
    // exceljs would have inflated all 400 MB; the guard keeps at most one step's output.
    expect((peak - base) / 1024 / 1024).toBeLessThan(150);
  }, 120_000);

  it("says so when a stored preview, rows or summary no longer decode: no 500, nothing written, no made-up count", async () => {
    const before = await officeCount();
    const file = Buffer.from("Họ và tên,Vai trò,Số điện thoại\nPhan Văn Giải Mã,Đảng viên,0912999001\n");
    const importIdOf = (location: string) => location.split("/").pop()!;

    // A preview that does not decode: the page says to upload again, and it cannot be confirmed.
    const badPreview = await upload("a.csv", file);
    await h.t.db.memberImport.update({ where: { id: importIdOf(badPreview.location) }, data: { preview: { adds: "?" } } });
    const page = await hung.get(badPreview.location);
    expect(page.status).toBe(200);
    expect(page.body).toContain(importMsg.unreadable());
    expect(page.body).not.toContain("Xác nhận nhập");
    await hung.post(`${badPreview.location}/confirm`, { _csrf: csrfOf(page.body) });
    expect((await h.t.db.memberImport.findUniqueOrThrow({ where: { id: importIdOf(badPreview.location) } })).status).toBe("PREVIEWED");

    // Rows that do not decode: the job writes nothing and leaves the import FAILED with the reason.
    const badRows = await upload("b.csv", file);
    await h.t.db.memberImport.update({
      where: { id: importIdOf(badRows.location) },
      data: { rows: [{ line: 2, member: { fullName: "Phan Văn Giải Mã", role: "BOSS" } }] },
    });
    await confirm(badRows.location);
    const failed = await waitDone(badRows.location);
    expect(failed.body).toContain("Chưa nhập được");
    expect(failed.body).toContain(importMsg.unreadable());
    expect(await officeCount()).toBe(before);

    // A DONE import whose summary does not decode: done, without counts it cannot vouch for.
    const badSummary = await upload("c.csv", file);
    await h.t.db.memberImport.update({ where: { id: importIdOf(badSummary.location) }, data: { status: "DONE", result: { created: "một" } } });
    const done = await hung.get(badSummary.location);
    expect(done.status).toBe(200);
    expect(done.body).toContain("Đã nhập danh sách");
    expect(done.body).toContain(importMsg.summaryUnreadable());
    expect(done.body).not.toContain("thêm mới");
  }, 60_000);

  it("applies 10,000 rows in the background job, all at once: the cell never holds half the list", async () => {
    const before = await officeCount();
    const lines = ["ho_ten,chuc_vu,vai_tro,so_dien_thoai,trang_thai"];
    for (let i = 0; i < 10_000; i++)
      lines.push(
        `Đảng Viên Thử ${i.toString(36).replace(/\d/g, (d) => "abcdefghij"[Number(d)]!)},Chuyên viên,Đảng viên,097${String(i).padStart(7, "0")},Đang sinh hoạt`,
      );
    const res = await upload("lon.csv", Buffer.from(lines.join("\n")));
    expect(res.status).toBe(303);
    const preview = await hung.get(res.location);
    expect(preview.body).toContain("Xác nhận nhập 10000 thay đổi");
    expect(preview.body).toContain("… và 9800 dòng khác.");
    await confirm(res.location);
    const seen = new Set<number>();
    const done = await waitDone(res.location, async () => {
      seen.add(await officeCount());
    });
    expect(done.body).toContain("<b>10000</b> thêm mới");
    seen.add(await officeCount());
    expect([...seen].every((n) => n === before || n === before + 10_000)).toBe(true);
    expect(await officeCount()).toBe(before + 10_000);
    const staged = await h.t.db.memberImport.findFirstOrThrow({ where: { status: "DONE" }, orderBy: { createdAt: "desc" } });
    expect(staged).toMatchObject({ total: 10_000, processed: 10_000 });
  }, 300_000);
});
