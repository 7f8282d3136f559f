// npm run cli -- import-members <file.csv|file.xlsx> --unit "<unit name>" [--dry-run] [--create-unit] [--json]
// Prints the preview; without --dry-run it then imports the whole file in one transaction, or
// nothing when any row is refused. The unit must exist (a typo must not create a new cell): the
// closest names are offered, and --create-unit creates it on purpose.
import { parseArgs } from "node:util";
import type { CliContext } from "../context.ts";
import { loadMembersFile, MemberFileError } from "../../import/members-file.ts";
import { importMembers, prepareImport, type ImportPreview } from "../../import/import-members.ts";
import { previewLines } from "../../import/preview-text.ts";
import { ensureUnit, resolveUnitByName } from "../../db/units.ts";
import { describeUnitMismatch } from "../../domain/unit-names.ts";
import { basename } from "node:path";

const USAGE = 'Cách dùng: npm run cli -- import-members <tệp.csv|tệp.xlsx> --unit "<tên chi bộ>" [--dry-run] [--create-unit] [--json]';

function previewJson(p: ImportPreview) {
  return {
    unit: p.unit,
    encoding: p.encoding,
    adds: p.adds.map((a) => ({ line: a.line, ...a.member })),
    updates: p.updates,
    unchanged: p.unchanged,
    namesakes: p.namesakes,
    errors: p.errors,
    masked: p.masked,
    blocked: p.blocked,
  };
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { unit: { type: "string" }, json: { type: "boolean" }, "dry-run": { type: "boolean" }, "create-unit": { type: "boolean" } },
    allowPositionals: true,
  });
  const path = positionals[0];
  const unitName = values.unit?.trim();
  if (!path || !unitName) {
    ctx.err(USAGE);
    return 2;
  }
  let file;
  try {
    file = await loadMembersFile(path);
  } catch (error) {
    if (error instanceof MemberFileError) {
      ctx.err(error.message);
      return 1;
    }
    throw error;
  }
  const db = await ctx.db();
  const match = await resolveUnitByName(db, unitName);
  let unit: { id: string; name: string };
  if (match.kind === "found") unit = match.unit;
  else if (match.kind === "none" && values["create-unit"]) unit = await ensureUnit(db, { name: unitName, kind: "CELL" });
  else {
    ctx.err(describeUnitMismatch(unitName, match));
    if (match.kind === "none") ctx.err(`Nếu đúng là chi bộ mới, chạy lại với --create-unit để tạo “${unitName}”.`);
    return 1;
  }
  const importFile = { fileName: basename(path), encoding: file.encoding, rows: file.rows };

  if (values["dry-run"]) {
    const { preview } = await prepareImport(db, unit, importFile);
    if (values.json) ctx.out(JSON.stringify({ dryRun: true, ...previewJson(preview) }));
    else {
      for (const line of previewLines(preview)) ctx.out(line);
      ctx.out(preview.blocked ? "Chạy thử: tệp chưa nhập được, hãy sửa các dòng trên." : "Chạy thử: chưa ghi gì. Bỏ --dry-run để nhập.");
    }
    return preview.blocked ? 1 : 0;
  }

  const outcome = await importMembers(db, unit, importFile, { via: "cli" });
  if (!outcome.imported) {
    const why =
      outcome.reason === "changed"
        ? "Danh sách chi bộ vừa thay đổi trong lúc nhập; chưa ghi gì, hãy chạy lại."
        : "Không nhập dòng nào (nhập cả tệp hoặc không gì cả): sửa các dòng trên rồi chạy lại.";
    if (values.json) ctx.out(JSON.stringify({ imported: false, reason: outcome.reason, ...previewJson(outcome.preview) }));
    else {
      for (const line of previewLines(outcome.preview)) ctx.out(line);
      ctx.out(why);
    }
    return 1;
  }
  const { imported: _imported, ...summary } = outcome;
  if (values.json) ctx.out(JSON.stringify({ imported: true, ...summary, errors: [] }));
  else
    ctx.out(
      `${outcome.unit}: đã nhập. Thêm mới ${outcome.created}, cập nhật ${outcome.updated}${outcome.roleChanges > 0 ? ` (đổi vai trò ${outcome.roleChanges})` : ""}, không đổi ${outcome.unchanged}.`,
    );
  return 0;
}
