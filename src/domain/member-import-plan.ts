// What importing a member list would do to a cell, worked out before anything is written: rows to
// add, rows to update with each changed field (before → after), rows unchanged, namesakes that
// cannot be told apart, and refused rows by line. The same plan is shown as the preview and applied
// by the confirmed import, which recomputes it inside its transaction and refuses if it differs
// (the cell changed since the preview). Pure: no I/O, no clock.
import { createHash } from "node:crypto";
import { fold } from "./text.ts";
import type { MemberInput } from "./member-row.ts";
import type { MemberRole, MemberStatus } from "./vocabulary.ts";

export interface ParsedRow {
  line: number;
  member: MemberInput;
}
export type RowOutcome = ParsedRow | { line: number; error: string };

export interface ExistingMember {
  id: string;
  fullName: string;
  position: string | null;
  role: MemberRole;
  status: MemberStatus;
  phone: string | null;
}

export const MEMBER_FIELDS = ["fullName", "position", "role", "status", "phone"] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];
export interface FieldChange {
  field: MemberField;
  before: string | null;
  after: string | null;
}
export interface PlannedUpdate {
  line: number;
  id: string;
  fullName: string;
  changes: FieldChange[];
}
export interface LineIssue {
  line: number;
  error: string;
}

export interface ImportPlan {
  adds: ParsedRow[];
  updates: PlannedUpdate[];
  unchanged: number;
  /** Same name and no phone number to tell the people apart: never merged, the secretary decides. */
  namesakes: LineIssue[];
  errors: LineIssue[];
  /** Hash of what would be written, to check at confirmation that it is still the same. */
  hash: string;
}

export function isBlocked(plan: Pick<ImportPlan, "namesakes" | "errors">): boolean {
  return plan.errors.length > 0 || plan.namesakes.length > 0;
}

export function roleChanges(plan: Pick<ImportPlan, "updates">): PlannedUpdate[] {
  return plan.updates.filter((u) => u.changes.some((c) => c.field === "role"));
}

/** The plan as shown to the secretary (and stored for the dashboard's confirmation). */
export interface ImportPreview {
  unit: string;
  fileName: string;
  encoding: string;
  /** Non-empty rows in the file. */
  total: number;
  adds: ParsedRow[];
  updates: PlannedUpdate[];
  unchanged: number;
  namesakes: LineIssue[];
  errors: LineIssue[];
  /** Lines where a personal number (CCCD, party card) was masked in a free-text cell. */
  masked: number[];
  /** True when nothing may be imported until the file is corrected. */
  blocked: boolean;
  hash: string;
}

const describePhone = (m: ExistingMember) => (m.phone ? `số ${m.phone}` : "không có số điện thoại");

export function planImport(rows: readonly RowOutcome[], existing: readonly ExistingMember[]): ImportPlan {
  const byPhone = new Map<string, ExistingMember>();
  const byName = new Map<string, ExistingMember[]>();
  for (const m of existing) {
    if (m.phone) byPhone.set(m.phone, m);
    const key = fold(m.fullName);
    byName.set(key, [...(byName.get(key) ?? []), m]);
  }
  const good = rows.filter((r): r is ParsedRow => "member" in r);
  const fileNames = new Map<string, ParsedRow[]>();
  for (const r of good) {
    const key = fold(r.member.fullName);
    fileNames.set(key, [...(fileNames.get(key) ?? []), r]);
  }

  const plan: Omit<ImportPlan, "hash"> = { adds: [], updates: [], unchanged: 0, namesakes: [], errors: [] };
  const seenPhones = new Map<string, number>();
  const claimed = new Map<string, number>();
  for (const row of rows) {
    if (!("member" in row)) {
      plan.errors.push({ line: row.line, error: row.error });
      continue;
    }
    const { member, line } = row;
    const phone = member.phone;
    if (phone && seenPhones.has(phone)) {
      plan.errors.push({ line, error: `số điện thoại ${phone} trùng với dòng ${seenPhones.get(phone)}` });
      continue;
    }
    if (phone) seenPhones.set(phone, line);
    const key = fold(member.fullName);
    const sameInFile = (fileNames.get(key) ?? []).filter((r) => r !== row);
    const sameInCell = byName.get(key) ?? [];
    const phoneless = sameInCell.filter((m) => m.phone === null);

    let target: ExistingMember | undefined = phone ? byPhone.get(phone) : undefined;
    if (!target) {
      if (!phone && sameInFile.length > 0) {
        plan.namesakes.push({
          line,
          error: `"${member.fullName}" trùng họ tên với dòng ${sameInFile.map((r) => r.line).join(", ")} mà không có số điện thoại để phân biệt`,
        });
        continue;
      }
      if (phone && sameInFile.some((r) => !r.member.phone)) {
        // The phoneless row is flagged on its own line; this one is a different person by its number.
      } else if (phone && phoneless.length > 0) {
        if (phoneless.length === 1 && sameInCell.length === 1 && sameInFile.length === 0) target = phoneless[0];
        else {
          plan.namesakes.push({
            line,
            error: `"${member.fullName}": chi bộ có ${sameInCell.length} người cùng họ tên (${sameInCell.map(describePhone).join("; ")}), không biết dòng này là ai`,
          });
          continue;
        }
      } else if (!phone && sameInCell.length > 0) {
        if (sameInCell.length === 1 && phoneless.length === 1) target = phoneless[0];
        else {
          plan.namesakes.push({
            line,
            error: `"${member.fullName}" trùng họ tên với ${sameInCell.length === 1 ? "đảng viên đã có" : `${sameInCell.length} đảng viên đã có`} (${sameInCell.map(describePhone).join("; ")}); dòng này không có số điện thoại để phân biệt`,
          });
          continue;
        }
      }
    }
    if (!target) {
      plan.adds.push(row);
      continue;
    }
    const earlier = claimed.get(target.id);
    if (earlier !== undefined) {
      plan.errors.push({ line, error: `dòng này và dòng ${earlier} cùng chỉ một đảng viên (${target.fullName})` });
      continue;
    }
    claimed.set(target.id, line);
    const changes: FieldChange[] = [];
    for (const field of MEMBER_FIELDS) {
      const before = target[field];
      const after = member[field];
      if (before !== after) changes.push({ field, before, after });
    }
    if (changes.length === 0) plan.unchanged++;
    else plan.updates.push({ line, id: target.id, fullName: target.fullName, changes });
  }
  // Arrays, not objects: the stored rows come back from JSONB with their keys in another order.
  const canonical = [
    plan.adds.map(({ line, member: m }) => [line, m.fullName, m.position, m.role, m.phone, m.status]),
    plan.updates.map((u) => [u.line, u.id, u.changes.map((c) => [c.field, c.before, c.after])]),
    plan.unchanged,
    plan.namesakes.map((n) => [n.line, n.error]),
    plan.errors.map((e) => [e.line, e.error]),
  ];
  const hash = createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
  return { ...plan, hash };
}
