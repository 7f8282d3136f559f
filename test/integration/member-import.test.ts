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
import { readMembersFile } from "../../src/import/members-file.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const SAMPLE = fileURLToPath(new URL("../fixtures/members.csv", import.meta.url));
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
  return t.db.member.findMany({ where: { unit: { name: unit } }, orderBy: { phone: "asc" } });
}

describe("importMembers", () => {
  const UNIT = "Chi bộ Phòng Tư pháp";

  it("imports the 12 members of the sample file", async () => {
    const report = await importMembers(t.db, UNIT, await readMembersFile(SAMPLE));
    expect(report).toEqual({ unit: UNIT, created: 12, updated: 0, unchanged: 0, errors: [] });
    const members = await membersOf(UNIT);
    expect(members).toHaveLength(12);
    const khai = members.find((m) => m.phone === "0987100001");
    expect(khai).toMatchObject({ fullName: "Trịnh Văn Khải", role: "SECRETARY", status: "ACTIVE", position: "Bí thư chi bộ; Giám đốc trung tâm" });
    expect(members.find((m) => m.fullName === "Vũ Văn Sáu")?.status).toBe("EXEMPT");
    const unit = await t.db.unit.findUniqueOrThrow({ where: { name: UNIT } });
    expect(unit.kind).toBe("CELL");
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = await membersOf(UNIT);
    const report = await importMembers(t.db, UNIT, await readMembersFile(SAMPLE));
    expect(report).toEqual({ unit: UNIT, created: 0, updated: 0, unchanged: 12, errors: [] });
    const after = await membersOf(UNIT);
    expect(after.map((m) => [m.id, m.updatedAt.getTime()])).toEqual(before.map((m) => [m.id, m.updatedAt.getTime()]));
  });

  it("updates only the row that changed", async () => {
    const edited = sampleText.replace("Phan Quốc Bảo,Kỹ thuật viên,MEMBER", "Phan Quốc Bảo,Kỹ thuật viên,COMMITTEE");
    expect(edited).not.toBe(sampleText);
    const before = await membersOf(UNIT);
    const report = await importMembers(t.db, UNIT, await readMembersFile(writeCsv("edited.csv", edited)));
    expect(report).toEqual({ unit: UNIT, created: 0, updated: 1, unchanged: 11, errors: [] });
    const after = await membersOf(UNIT);
    expect(after).toHaveLength(12);
    const bao = after.find((m) => m.fullName === "Phan Quốc Bảo");
    expect(bao?.role).toBe("COMMITTEE");
    const changed = after.filter((m, i) => m.updatedAt.getTime() !== before[i]?.updatedAt.getTime());
    expect(changed.map((m) => m.fullName)).toEqual(["Phan Quốc Bảo"]);
  });

  it("reports each bad row with its line number and still imports the good rows", async () => {
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
    const report = await importMembers(t.db, unit, await readMembersFile(file));
    expect(report.created).toBe(2);
    expect(report.updated + report.unchanged).toBe(0);
    expect(report.errors.map((e) => e.line)).toEqual([3, 4, 5, 7]);
    const [role, phone, name, duplicate] = report.errors.map((e) => e.error);
    expect(role).toContain("CHAIRMAN");
    expect(phone).toContain("09130");
    expect(name).toContain("ho_ten");
    expect(duplicate).toMatch(/0913000001.*dòng 2/);
    const members = await membersOf(unit);
    expect(members.map((m) => m.fullName).sort()).toEqual(["Cao Thị Yến", "Lý Thị Hoa"]);
    expect(members.find((m) => m.fullName === "Cao Thị Yến")?.phone).toBe("0913000005");
  });

  it("imports the XLSX version of the sample the same way", async () => {
    const rows = await readMembersFile(SAMPLE);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Danh sách");
    sheet.addRow(["ho_ten", "chuc_vu", "vai_tro", "so_dien_thoai", "trang_thai"]);
    for (const r of rows) sheet.addRow([r.values.ho_ten, r.values.chuc_vu, r.values.vai_tro, r.values.so_dien_thoai, r.values.trang_thai]);
    const file = join(dir, "members.xlsx");
    await workbook.xlsx.writeFile(file);

    const unit = "Chi bộ Phòng Tư pháp (xlsx)";
    expect(await importMembers(t.db, unit, await readMembersFile(file))).toEqual({ unit, created: 12, updated: 0, unchanged: 0, errors: [] });
    expect(await importMembers(t.db, unit, await readMembersFile(file))).toEqual({ unit, created: 0, updated: 0, unchanged: 12, errors: [] });
    const shape = (ms: Awaited<ReturnType<typeof membersOf>>) => ms.map((m) => [m.fullName, m.position, m.role, m.phone, m.status]);
    const fromCsv = await importMembers(t.db, "Chi bộ Phòng Tư pháp (csv)", rows);
    expect(fromCsv.created).toBe(12);
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
  it("imports a file into a unit and lists it as JSON, sorted by given name the Vietnamese way", async () => {
    const unit = "Chi bộ Văn phòng (CLI)";
    const env = { DATABASE_URL: t.url };
    const imported = await cli(["import-members", SAMPLE, "--unit", unit, "--json"], env);
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ unit, created: 12, updated: 0, unchanged: 0, errors: [] });

    const listed = await cli(["list-members", "--unit", unit, "--json"], env);
    expect(listed.code).toBe(0);
    const members = JSON.parse(listed.stdout) as { fullName: string; unit: string; role: string; phone: string | null }[];
    expect(members).toHaveLength(12);
    expect(new Set(members.map((m) => m.unit))).toEqual(new Set([unit]));
    // Vietnamese alphabet: a < ă < â < b < c < d < đ … o < ô < ơ … u < ư; by given name (the last word).
    expect(members.map((m) => m.fullName)).toEqual([
      "Châu Thị Ân",
      "Phan Quốc Bảo",
      "Kiều Thị Diệu",
      "Lâm Văn Đạt",
      "Lương Thị Hạnh",
      "Trịnh Văn Khải",
      "Hồ Minh Phúc",
      "Tôn Nữ Quỳnh",
      "Vũ Văn Sáu",
      "Tạ Đức Thịnh",
      "Mai Thị Xuân",
      "Mạc Thị Yến",
    ]);
  }, 200_000);

  it("reports bad rows with line numbers and exits 1; a missing file is one clear line", async () => {
    const env = { DATABASE_URL: t.url };
    const file = writeCsv("cli-bad.csv", "ho_ten,vai_tro,so_dien_thoai\nTạ Văn Đức,MEMBER,0913000006\nX Y,BOSS,\n");
    const run = await cli(["import-members", file, "--unit", "Chi bộ CLI lỗi"], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("thêm mới 1");
    expect(run.stdout).toMatch(/Dòng 3: .*BOSS/);

    const noFile = await cli(["import-members", join(dir, "nope.csv"), "--unit", "X"], env);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr.trim().split("\n")).toEqual([expect.stringContaining("nope.csv")]);
  }, 200_000);
});
