// importMembers on a real PostgreSQL database: the sample file, idempotency, edits, bad rows, XLSX,
// and the CLI end to end (import-members, list-members --json) in child processes.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importMembers } from "../../src/import/import-members.ts";
import { loadMembersFile, readMembersFile } from "../../src/import/members-file.ts";
import { ensureUnit } from "../../src/db/units.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const SAMPLE = fileURLToPath(new URL("../../examples/members.csv", import.meta.url));
const sampleText = readFileSync(SAMPLE, "utf8");

let t: TestDb;
const dir = mkdtempSync(join(tmpdir(), "chibo-import-"));

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function writeCsv(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function membersOf(unit: string) {
  return t.db.member.findMany({ where: { unit: { name: unit } }, orderBy: [{ phone: "asc" }, { fullName: "asc" }] });
}

async function cell(name: string) {
  return ensureUnit(t.db, { name, kind: "CELL" });
}

async function importFile(unit: string, path: string) {
  const file = await loadMembersFile(path);
  return importMembers(t.db, await cell(unit), { fileName: path, encoding: file.encoding, rows: file.rows });
}

describe("importMembers", () => {
  const UNIT = "Chi bộ Phòng Tư pháp";

  it("imports the 12 members of the example file", async () => {
    const report = await importFile(UNIT, SAMPLE);
    expect(report).toEqual({ imported: true, unit: UNIT, created: 12, updated: 0, unchanged: 0, roleChanges: 0 });
    const members = await membersOf(UNIT);
    expect(members).toHaveLength(12);
    const khai = members.find((m) => m.phone === "0987100201");
    expect(khai).toMatchObject({ fullName: "Trịnh Văn Khải", role: "SECRETARY", status: "ACTIVE", position: "Bí thư chi bộ; Trưởng phòng" });
    expect(members.find((m) => m.fullName === "Hà Văn Sáu")?.status).toBe("EXEMPT");
    expect(members.find((m) => m.fullName === "Vương Thị Lệ Quyên")?.phone).toBeNull();
    const unit = await t.db.unit.findUniqueOrThrow({ where: { name: UNIT } });
    expect(unit.kind).toBe("CELL");
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = await membersOf(UNIT);
    const report = await importFile(UNIT, SAMPLE);
    expect(report).toEqual({ imported: true, unit: UNIT, created: 0, updated: 0, unchanged: 12, roleChanges: 0 });
    const after = await membersOf(UNIT);
    expect(after.map((m) => [m.id, m.updatedAt.getTime()])).toEqual(before.map((m) => [m.id, m.updatedAt.getTime()]));
  });

  it("updates only the row that changed, and audits the role change with before and after", async () => {
    const edited = sampleText.replace("Kiều Quốc Bảo,Chuyên viên,Đảng viên", "Kiều Quốc Bảo,Chuyên viên,Chi ủy viên");
    expect(edited).not.toBe(sampleText);
    const before = await membersOf(UNIT);
    const report = await importFile(UNIT, writeCsv("edited.csv", edited));
    expect(report).toEqual({ imported: true, unit: UNIT, created: 0, updated: 1, unchanged: 11, roleChanges: 1 });
    const after = await membersOf(UNIT);
    expect(after).toHaveLength(12);
    const bao = after.find((m) => m.fullName === "Kiều Quốc Bảo");
    expect(bao?.role).toBe("COMMITTEE");
    const changed = after.filter((m, i) => m.updatedAt.getTime() !== before[i]?.updatedAt.getTime());
    expect(changed.map((m) => m.fullName)).toEqual(["Kiều Quốc Bảo"]);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "member.role.changed", targetId: bao!.id } });
    expect(audit.detail).toMatchObject({
      before: "MEMBER",
      after: "COMMITTEE",
      via: "import-cli",
      changes: [{ field: "role", before: "MEMBER", after: "COMMITTEE" }],
    });
  });

  it("refuses the whole file when one row is bad, listing each bad row by line; nothing is written", async () => {
    const unit = "Chi bộ Khu phố 7";
    const file = writeCsv(
      "bad.csv",
      [
        "ho_ten,chuc_vu,vai_tro,so_dien_thoai,trang_thai",
        "Lý Thị Hoa,Bí thư chi bộ,SECRETARY,0913000001,ACTIVE", // 2 good
        "Trương Văn Phúc,Phó bí thư,CHAIRMAN,0913000002,ACTIVE", // 3 bad role
        "Đinh Thị Lan,Chi ủy viên,COMMITTEE,09130,ACTIVE", // 4 bad phone
        ",Tổ trưởng,MEMBER,0913000004,ACTIVE", // 5 missing name
        "", // 6 blank: skipped, not an error
        "Mai Văn Sơn,Tổ trưởng,MEMBER,0913000001,ACTIVE", // 7 duplicate phone of line 2
        "Cao Thị Yến,Giáo viên,Đảng viên,+84 913 000 005,Đang sinh hoạt", // 8 good
      ].join("\n"),
    );
    const report = await importFile(unit, file);
    if (report.imported) throw new Error("expected a refusal");
    expect(report.reason).toBe("blocked");
    expect(report.preview.adds.map((a) => a.line)).toEqual([2, 8]);
    expect(report.preview.errors.map((e) => e.line)).toEqual([3, 4, 5, 7]);
    const [role, phone, name, duplicate] = report.preview.errors.map((e) => e.error);
    expect(role).toContain("CHAIRMAN");
    expect(role).toContain("Chi ủy viên");
    expect(phone).toContain("09130");
    expect(name).toContain("ho_ten");
    expect(duplicate).toMatch(/0913000001.*dòng 2/);
    expect(await membersOf(unit)).toEqual([]);
  });

  it("refuses a file with a NUL byte after good rows, naming its line; nothing is written", async () => {
    const unit = "Chi bộ NUL";
    const good = Array.from(
      { length: 30 },
      (_, i) => `Đảng viên Số ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))},,,09140000${String(i).padStart(2, "0")},`,
    );
    const file = writeCsv("nul.csv", ["ho_ten,chuc_vu,vai_tro,so_dien_thoai,trang_thai", ...good, "Trần Văn\u0000 Hỏng,,,0914999999,"].join("\n"));
    const report = await importFile(unit, file);
    if (report.imported) throw new Error("expected a refusal");
    expect(report.preview.errors).toEqual([{ line: 32, error: expect.stringContaining("NUL") }]);
    expect(await membersOf(unit)).toEqual([]);
  });

  it("flags namesakes without a phone instead of merging them", async () => {
    const unit = "Chi bộ Trùng tên";
    const first = await importFile(unit, writeCsv("ns1.csv", "ho_ten,so_dien_thoai\nNguyễn Văn An,0915000001\nLê Thị Bình,\n"));
    expect(first).toMatchObject({ imported: true, created: 2 });
    // "Nguyễn Văn An" without a phone: the cell's An has one, so the row cannot be told apart.
    // Two "Phạm Văn Cường" rows without phones in the same file: two people or one typed twice?
    const second = await importFile(unit, writeCsv("ns2.csv", "ho_ten,so_dien_thoai\nNguyen Van An,\nPhạm Văn Cường,\nPhạm Văn Cường,\nLê Thị Bình,\n"));
    if (second.imported) throw new Error("expected a refusal");
    expect(second.preview.namesakes.map((n) => n.line)).toEqual([2, 3, 4]);
    expect(second.preview.namesakes[0]?.error).toContain("0915000001");
    expect(second.preview.namesakes[1]?.error).toContain("dòng 4");
    expect((await membersOf(unit)).map((m) => m.fullName).sort()).toEqual(["Lê Thị Bình", "Nguyễn Văn An"]);
  });

  it("imports the XLSX version of the example the same way", async () => {
    const rows = await readMembersFile(SAMPLE);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Danh sách");
    sheet.addRow(["ho_ten", "chuc_vu", "vai_tro", "so_dien_thoai", "trang_thai"]);
    for (const r of rows) sheet.addRow([r.values.ho_ten, r.values.chuc_vu, r.values.vai_tro, r.values.so_dien_thoai, r.values.trang_thai]);
    const file = join(dir, "members.xlsx");
    await workbook.xlsx.writeFile(file);

    const unit = "Chi bộ Phòng Tư pháp (xlsx)";
    expect(await importFile(unit, file)).toEqual({ imported: true, unit, created: 12, updated: 0, unchanged: 0, roleChanges: 0 });
    expect(await importFile(unit, file)).toEqual({ imported: true, unit, created: 0, updated: 0, unchanged: 12, roleChanges: 0 });
    const shape = (ms: Awaited<ReturnType<typeof membersOf>>) => ms.map((m) => [m.fullName, m.position, m.role, m.phone, m.status]);
    const fromCsv = await importFile("Chi bộ Phòng Tư pháp (csv)", SAMPLE);
    expect(fromCsv).toMatchObject({ imported: true, created: 12 });
    expect(shape(await membersOf(unit))).toEqual(shape(await membersOf("Chi bộ Phòng Tư pháp (csv)")));
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/index.ts", ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("CLI: import-members and list-members", () => {
  it("imports a file into a new unit (--create-unit) and lists it as JSON, sorted by given name the Vietnamese way", async () => {
    const unit = "Chi bộ Văn phòng (CLI)";
    const env = { DATABASE_URL: t.url };
    const imported = await cli(["import-members", SAMPLE, "--unit", unit, "--create-unit", "--json"], env);
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: true, unit, created: 12, updated: 0, unchanged: 0, errors: [] });

    const listed = await cli(["list-members", "--unit", unit, "--json"], env);
    expect(listed.code).toBe(0);
    const members = JSON.parse(listed.stdout) as { fullName: string; unit: string; role: string; phone: string | null }[];
    expect(members).toHaveLength(12);
    expect(new Set(members.map((m) => m.unit))).toEqual(new Set([unit]));
    // Vietnamese alphabet: a < ă < â < b < c < d < đ … o < ô < ơ … u < ư; by given name (the last word).
    expect(members.map((m) => m.fullName)).toEqual([
      "Kiều Quốc Bảo",
      "La Thị Diễm",
      "Tô Minh Đức",
      "Âu Thị Hạnh",
      "Lưu Thị Thanh Hương",
      "Trịnh Văn Khải",
      "Đoàn Hữu Nghĩa",
      "Châu Thị Bích Ngọc",
      "Vương Thị Lệ Quyên",
      "Hà Văn Sáu",
      "Mạc Văn Toàn",
      "Phan Thị Ánh Tuyết",
    ]);
  }, 200_000);

  it("refuses a file with a bad row as a whole (exit 1, lines named, nothing written); a missing file is one clear line", async () => {
    const env = { DATABASE_URL: t.url };
    await ensureUnit(t.db, { name: "Chi bộ CLI lỗi", kind: "CELL" });
    const file = writeCsv("cli-bad.csv", "ho_ten,vai_tro,so_dien_thoai\nTạ Văn Đức,MEMBER,0913000006\nX Y,BOSS,\n");
    const run = await cli(["import-members", file, "--unit", "Chi bộ CLI lỗi"], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("thêm mới 1");
    expect(run.stdout).toMatch(/Dòng 3: .*BOSS.*Đảng viên, Chi ủy viên, Phó bí thư, Bí thư/);
    expect(run.stdout).toContain("Không nhập dòng nào");
    expect(await membersOf("Chi bộ CLI lỗi")).toEqual([]);

    const noFile = await cli(["import-members", join(dir, "nope.csv"), "--unit", "X"], env);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr.trim().split("\n")).toEqual([expect.stringContaining("nope.csv")]);
  }, 200_000);

  it("--dry-run prints the preview (changes before → after, role changes) and writes nothing", async () => {
    const env = { DATABASE_URL: t.url };
    const unit = "Chi bộ Phòng Tư pháp";
    const before = await membersOf(unit);
    const edited = sampleText
      .replace("La Thị Diễm,Kế toán,Đảng viên", "La Thị Diễm,Kế toán trưởng,Phó bí thư")
      .concat("Ông Văn Mới,Chuyên viên,Đảng viên,0987100299,Đang sinh hoạt\n");
    const run = await cli(["import-members", writeCsv("dry.csv", edited), "--unit", "chi bo phong tu phap", "--dry-run"], env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    // Kiều Quốc Bảo was made chi ủy viên above; the example file says đảng viên: called out too.
    expect(run.stdout).toContain("thêm mới 1, cập nhật 2");
    expect(run.stdout).toMatch(
      /Đổi vai trò:\n {2}Dòng 6: Kiều Quốc Bảo: Vai trò: Chi ủy viên → Đảng viên\n {2}Dòng 7: La Thị Diễm: Vai trò: Đảng viên → Phó bí thư/,
    );
    expect(run.stdout).toContain("Chức vụ: Kế toán → Kế toán trưởng");
    expect(run.stdout).toContain("Dòng 14: Ông Văn Mới");
    expect(run.stdout).toContain("Chạy thử: chưa ghi gì");
    const after = await membersOf(unit);
    expect(after.map((m) => [m.id, m.role, m.updatedAt.getTime()])).toEqual(before.map((m) => [m.id, m.role, m.updatedAt.getTime()]));
  }, 200_000);

  it("refuses an unknown --unit with the closest names and creates nothing", async () => {
    const env = { DATABASE_URL: t.url };
    const units = await t.db.unit.count();
    const run = await cli(["import-members", SAMPLE, "--unit", "Chi bộ Phòng Tư phap 2"], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Không có đơn vị “Chi bộ Phòng Tư phap 2”");
    expect(run.stderr).toContain("Chi bộ Phòng Tư pháp");
    expect(run.stderr).toContain("--create-unit");
    expect(await t.db.unit.count()).toBe(units);
  }, 200_000);
});
