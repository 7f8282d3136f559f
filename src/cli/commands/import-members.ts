// npm run cli -- import-members <file.csv|file.xlsx> --unit "<unit name>"
import { parseArgs } from "node:util";
import type { CliContext } from "../context.ts";
import { readMembersFile, MemberFileError } from "../../import/members-file.ts";
import { importMembers } from "../../import/import-members.ts";

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { unit: { type: "string" }, json: { type: "boolean" } }, allowPositionals: true });
  const file = positionals[0];
  if (!file || !values.unit) {
    ctx.err('Cách dùng: npm run cli -- import-members <tệp.csv|tệp.xlsx> --unit "<tên chi bộ>"');
    return 2;
  }
  let rows;
  try {
    rows = await readMembersFile(file);
  } catch (error) {
    if (error instanceof MemberFileError) {
      ctx.err(error.message);
      return 1;
    }
    throw error;
  }
  const db = await ctx.db();
  const report = await importMembers(db, values.unit, rows);
  if (values.json) {
    ctx.out(JSON.stringify(report));
  } else {
    ctx.out(`${report.unit}: thêm mới ${report.created}, cập nhật ${report.updated}, không đổi ${report.unchanged}, lỗi ${report.errors.length}.`);
    for (const e of report.errors) ctx.out(`  Dòng ${e.line}: ${e.error}`);
  }
  return report.errors.length > 0 ? 1 : 0;
}
