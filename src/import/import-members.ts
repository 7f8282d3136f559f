// Importing a member list into a cell, in two steps: preview (what would be added, updated with
// each field's before → after, role changes, namesakes, refused rows by line) and apply (one
// transaction: the whole list or nothing). The CLI applies at once unless --dry-run; the dashboard
// stores the preview and a background job applies it after the secretary confirms.
import type { Db } from "../db/client.ts";
import { applyMemberImport, cellMembersForImport, type ImportSummary } from "../db/member-imports.ts";
import { isBlocked, planImport, type ImportPlan, type ImportPreview, type ParsedRow } from "../domain/member-import-plan.ts";

export type { ImportPreview };
import { checkRows } from "./rows.ts";
import type { FileRow } from "./members-file.ts";

export interface PreparedImport {
  preview: ImportPreview;
  /** The rows to apply (only when the preview is not blocked). */
  rows: ParsedRow[];
}

export interface ImportUnit {
  id: string;
  name: string;
}

export interface ImportFile {
  fileName: string;
  encoding: string;
  rows: readonly FileRow[];
}

function toPreview(unit: ImportUnit, file: ImportFile, plan: ImportPlan, masked: number[]): ImportPreview {
  return {
    unit: unit.name,
    fileName: file.fileName,
    encoding: file.encoding,
    total: file.rows.length,
    adds: plan.adds,
    updates: plan.updates,
    unchanged: plan.unchanged,
    namesakes: plan.namesakes,
    errors: plan.errors,
    masked,
    blocked: isBlocked(plan) || file.rows.length === 0,
    hash: plan.hash,
  };
}

export async function prepareImport(db: Db, unit: ImportUnit, file: ImportFile): Promise<PreparedImport> {
  const checked = checkRows(file.rows);
  const plan = planImport(checked.rows, await cellMembersForImport(db, unit.id));
  const preview = toPreview(unit, file, plan, checked.masked);
  const rows = preview.blocked ? [] : checked.rows.filter((r): r is ParsedRow => "member" in r);
  return { preview, rows };
}

export type ImportOutcome =
  ({ imported: true; unit: string } & ImportSummary) | { imported: false; unit: string; reason: "blocked" | "changed"; preview: ImportPreview };

/** Preview and apply in one go (the CLI): all rows in one transaction, or nothing when any row is refused. */
export async function importMembers(
  db: Db,
  unit: ImportUnit,
  file: ImportFile,
  options: { actorId?: string | null; via?: "cli" | "dashboard" } = {},
): Promise<ImportOutcome> {
  const { preview, rows } = await prepareImport(db, unit, file);
  if (preview.blocked) return { imported: false, unit: unit.name, reason: "blocked", preview };
  const result = await applyMemberImport(db, {
    unitId: unit.id,
    rows,
    actorId: options.actorId ?? null,
    via: options.via ?? "cli",
    expectedHash: preview.hash,
  });
  if (result.kind === "refused") {
    const checked = checkRows(file.rows);
    return { imported: false, unit: unit.name, reason: result.reason, preview: toPreview(unit, file, result.plan, checked.masked) };
  }
  const summary = result.summary ?? { created: 0, updated: 0, unchanged: 0, roleChanges: 0 };
  return { imported: true, unit: unit.name, ...summary };
}
