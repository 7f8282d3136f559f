// Imports a member list file into a unit: every good row is upserted, every bad row is reported
// with its line number and skipped.
import type { Db } from "../db/client.ts";
import { ensureUnit } from "../db/units.ts";
import { upsertMember } from "../db/members.ts";
import { parseMemberRow } from "../domain/member-row.ts";
import type { FileRow } from "./members-file.ts";

export interface ImportReport {
  unit: string;
  created: number;
  updated: number;
  unchanged: number;
  errors: { line: number; error: string }[];
}

export async function importMembers(db: Db, unitName: string, rows: readonly FileRow[]): Promise<ImportReport> {
  const unit = await ensureUnit(db, { name: unitName, kind: "CELL" });
  const report: ImportReport = { unit: unit.name, created: 0, updated: 0, unchanged: 0, errors: [] };
  const seenPhones = new Map<string, number>();
  for (const row of rows) {
    const parsed = parseMemberRow(row.values);
    if (!parsed.ok) {
      report.errors.push({ line: row.line, error: parsed.error });
      continue;
    }
    const phone = parsed.member.phone;
    if (phone && seenPhones.has(phone)) {
      report.errors.push({ line: row.line, error: `số điện thoại ${phone} trùng với dòng ${seenPhones.get(phone)}` });
      continue;
    }
    if (phone) seenPhones.set(phone, row.line);
    const { outcome } = await upsertMember(db, unit.id, parsed.member);
    report[outcome] += 1;
  }
  return report;
}
