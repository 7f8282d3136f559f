// The admin CLI as a person meets it: commands never migrate (a pending migration is one line
// pointing at `npm run db:migrate`), list-members is a readable Vietnamese table, unit names are
// matched as typed or refused with the closest names, and --help covers every option.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DEMO_CELLS, type Harness } from "../support/harness.ts";
import { ROOT } from "../support/processes.ts";
import { COMMANDS, commandHelp } from "../../src/cli/help.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let h: Harness;
const extra: TestDb[] = [];

beforeAll(async () => {
  h = await createHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
  for (const t of extra) await t.drop();
});

function cli(args: string[], url = h.t.url) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/index.ts", ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: url },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("CLI start-up", () => {
  it("refuses with one line when a migration is pending, and applies nothing", async () => {
    const t = await createTestDb();
    extra.push(t);
    const [latest] = await t.db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1',
    );
    await t.db.$executeRawUnsafe('DELETE FROM "_prisma_migrations" WHERE migration_name = $1', latest!.migration_name);

    const run = cli(["list-members"], t.url);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("npm run db:migrate");
    const after = await t.db.$queryRawUnsafe<{ n: bigint }[]>(
      'SELECT count(*) AS n FROM "_prisma_migrations" WHERE migration_name = $1',
      latest!.migration_name,
    );
    expect(Number(after[0]!.n)).toBe(0);
  }, 120_000);

  it("lists members as an aligned table with a header and Vietnamese roles and statuses; JSON unchanged", () => {
    const run = cli(["list-members", "--unit", DEMO_CELLS[0]]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^Họ tên +Vai trò +Trạng thái +Điện thoại +Đơn vị +Đã liên kết$/);
    expect(lines[1]).toMatch(/^-+( +-+){5}$/);
    const rows = lines.slice(2, -1);
    expect(rows.length).toBeGreaterThan(3);
    expect(run.stdout).toContain("Bí thư");
    expect(run.stdout).toContain("Đang sinh hoạt");
    expect(run.stdout).not.toMatch(/\b(SECRETARY|MEMBER|ACTIVE|EXEMPT)\b/);
    expect(run.stdout).not.toMatch(/[ \t]$/m);
    // The role column starts at the same place on every line (characters, not bytes).
    const roleAt = [...lines[0]!].join("").indexOf("Vai trò");
    for (const row of rows) expect([...row].slice(roleAt, roleAt + 1).join(""), row).not.toBe(" ");
    expect(lines.at(-1)).toMatch(/^\d+ đảng viên\.$/);

    const json = JSON.parse(cli(["list-members", "--unit", DEMO_CELLS[0], "--json"]).stdout) as {
      fullName: string;
      role: string;
      status: string;
      unit: string;
    }[];
    expect(json.length).toBe(rows.length);
    expect(json[0]).toEqual(expect.objectContaining({ role: expect.stringMatching(/^[A-Z_]+$/), status: expect.stringMatching(/^[A-Z]+$/) }));
  }, 120_000);

  it("matches a unit typed without diacritics and without its (demo); refuses a wrong one with the closest names", () => {
    const typed = cli(["list-members", "--unit", "chi bo khu pho 4", "--json"]);
    expect(typed.stderr).toBe("");
    expect(new Set((JSON.parse(typed.stdout) as { unit: string }[]).map((m) => m.unit))).toEqual(new Set([DEMO_CELLS[1]]));

    for (const args of [["list-members"], ["digest"], ["meetings"], ["invite", "--member", "hung"]]) {
      const run = cli([...args, "--unit", "chi bo khu pho 9"]);
      expect(run.code, args.join(" ")).toBe(1);
      expect(run.stdout).toBe("");
      const lines = run.stderr.trim().split("\n");
      expect(lines, args.join(" ")).toHaveLength(1);
      expect(lines[0]).toContain("Tên gần nhất");
      expect(lines[0]).toContain(DEMO_CELLS[1]);
    }
  }, 240_000);

  it("answers a mistyped option, an unquoted name and a finished migration in one Vietnamese line, never node's English", () => {
    const runs = [
      { args: ["list-members", "--bogus"], says: "Lệnh list-members không có tùy chọn --bogus." },
      { args: ["list-members", "--unit", "chi", "bo", "khu", "pho", "4"], says: "không nhận “bo”: tên có dấu cách phải đặt trong ngoặc kép" },
      { args: ["invite", "--member"], says: "Tùy chọn --member cần một giá trị" },
      { args: ["meetings", "--unit", DEMO_CELLS[1], "--days"], says: "Tùy chọn --days cần một giá trị" },
      { args: ["parse-registration", "--bogus"], says: "Lệnh parse-registration không có tùy chọn --bogus." },
    ];
    for (const { args, says } of runs) {
      const run = cli(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr, args.join(" ")).toContain(says);
      expect(run.stderr, args.join(" ")).not.toMatch(/Unknown|Unexpected|argument|Usage|Option/);
    }
    const migrated = cli(["migrate"]);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toBe("Cơ sở dữ liệu đã được cập nhật.\n");
  }, 240_000);

  it("describes every command, and every option each command accepts, in --help", () => {
    const top = cli(["--help"]);
    expect(top.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(top.stdout).toContain(name);

    const one = cli(["list-members", "--help"]);
    expect(one.code).toBe(0);
    expect(one.stdout.trim()).toBe(commandHelp("list-members"));

    for (const name of Object.keys(COMMANDS)) {
      const help = { stdout: commandHelp(name) };
      // The options the command's own parser accepts, read from its source.
      const source = readFileSync(join(ROOT, "src", "cli", "commands", `${name}.ts`), "utf8");
      const declared = new Set([
        ...[...source.matchAll(/^\s+([a-z][a-z-]*): \{ type: "(?:string|boolean)"/gm)].map((m) => m[1]!),
        ...[...source.matchAll(/\b([a-z]+): \{ type: "(?:string|boolean)"/g)].map((m) => m[1]!),
        ...[...source.matchAll(/arg === "--([a-z-]+)"/g)].map((m) => m[1]!),
      ]);
      for (const option of declared) expect(help.stdout, `${name} --help misses --${option}`).toContain(`--${option}`);
    }
  }, 240_000);
});
