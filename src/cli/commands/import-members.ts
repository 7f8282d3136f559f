// npm run cli -- import-members <file.csv|file.xlsx> --unit "<unit name>" [--dry-run] [--create-unit] [--json]
// Prints the preview; without --dry-run it then imports the whole file in one transaction, or
// nothing when any row is refused. The unit must exist (a typo must not create a new cell): the
// closest names are offered, and --create-unit creates it on purpose.
import { parseArgs } from "node:util";
import type { CliContext } from "../context.ts";
import { loadMembersFile, MemberFileError } from "../../import/members-file.ts";
import { prepareImport, type ImportPreview } from "../../import/import-members.ts";
import { importMembersNow } from "../../usecases/import-members.ts";
import { previewLines } from "../../import/preview-text.ts";
import { resolveUnitByName } from "../../db/units.ts";
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
  let unit: { id: string; name: string } | { create: string };
  if (match.kind === "found") unit = match.unit;
  else if (match.kind === "none" && values["create-unit"]) unit = { create: unitName };
  else {
    ctx.err(describeUnitMismatch(unitName, match));
    if (match.kind === "none") ctx.err(`Nếu đúng là chi bộ mới, chạy lại với --create-unit để tạo “${unitName}”.`);
    return 1;
  }
  const importFile = { fileName: basename(path), encoding: file.encoding, rows: file.rows };

  if (values["dry-run"]) {
    // A cell that does not exist yet has no members: its preview is every row added.
    const { preview } = await prepareImport(db, "create" in unit ? { id: "", name: unit.create } : unit, importFile);
    if (values.json) ctx.out(JSON.stringify({ dryRun: true, ...previewJson(preview) }));
    else {
      for (const line of previewLines(preview)) ctx.out(line);
      ctx.out(preview.blocked ? "Chạy thử: tệp chưa nhập được, hãy sửa các dòng trên." : "Chạy thử: chưa ghi gì. Bỏ --dry-run để nhập.");
    }
    return preview.blocked ? 1 : 0;
  }

  const outcome = await importMembersNow({ db, now: ctx.now() }, { unit, file: importFile, actorId: null, via: "cli" });
  if (outcome.kind === "refused") {
    if (values.json) ctx.out(JSON.stringify({ imported: false, reason: outcome.code, ...previewJson(outcome.preview) }));
    else {
      for (const line of previewLines(outcome.preview)) ctx.out(line);
      ctx.out(outcome.reason);
    }
    return 1;
  }
  const { kind: _kind, ...summary } = outcome;
  if (values.json) ctx.out(JSON.stringify({ imported: true, ...summary, errors: [] }));
  else
    ctx.out(
      `${outcome.unit}: đã nhập. Thêm mới ${outcome.created}, cập nhật ${outcome.updated}${outcome.roleChanges > 0 ? ` (đổi vai trò ${outcome.roleChanges})` : ""}, không đổi ${outcome.unchanged}.`,
    );
  return 0;
}
