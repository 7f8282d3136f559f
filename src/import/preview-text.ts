// The import preview as plain Vietnamese lines (CLI), and the labels the dashboard page shares.
import type { FieldChange, MemberField } from "../domain/member-import-plan.ts";
import type { ImportPreview } from "./import-members.ts";

export const FIELD_LABELS: Record<MemberField, string> = {
  fullName: "Họ tên",
  position: "Chức vụ",
  role: "Vai trò",
  status: "Trạng thái",
  phone: "Số điện thoại",
};

const ROLE_VI: Record<string, string> = { SECRETARY: "Bí thư", DEPUTY_SECRETARY: "Phó bí thư", COMMITTEE: "Chi ủy viên", MEMBER: "Đảng viên" };
const STATUS_VI: Record<string, string> = { ACTIVE: "Đang sinh hoạt", EXEMPT: "Miễn sinh hoạt", LEFT: "Đã chuyển đi" };

export function fieldValue(field: MemberField, value: string | null): string {
  if (value === null || value === "") return "(trống)";
  if (field === "role") return ROLE_VI[value] ?? value;
  if (field === "status") return STATUS_VI[value] ?? value;
  return value;
}

export function describeChange(c: FieldChange): string {
  return `${FIELD_LABELS[c.field]}: ${fieldValue(c.field, c.before)} → ${fieldValue(c.field, c.after)}`;
}

export const ENCODING_LABELS: Record<string, string> = {
  "UTF-8": "UTF-8",
  "UTF-16LE": "UTF-16 (Unicode Text)",
  "UTF-16BE": "UTF-16 BE",
  "windows-1258": "Windows-1258 (CSV của Excel tiếng Việt)",
  XLSX: "Bảng tính XLSX",
};

export function previewCounts(p: ImportPreview): string {
  return `thêm mới ${p.adds.length}, cập nhật ${p.updates.length}, không đổi ${p.unchanged}, trùng tên ${p.namesakes.length}, lỗi ${p.errors.length}`;
}

export function previewLines(p: ImportPreview): string[] {
  const lines = [`${p.unit} ← ${p.fileName} (${ENCODING_LABELS[p.encoding] ?? p.encoding}): ${previewCounts(p)}.`];
  const roles = p.updates.filter((u) => u.changes.some((c) => c.field === "role"));
  if (roles.length > 0) {
    lines.push("Đổi vai trò:");
    for (const u of roles) lines.push(`  Dòng ${u.line}: ${u.fullName}: ${describeChange(u.changes.find((c) => c.field === "role")!)}`);
  }
  if (p.adds.length > 0) {
    lines.push("Thêm mới:");
    for (const a of p.adds)
      lines.push(`  Dòng ${a.line}: ${a.member.fullName} (${fieldValue("role", a.member.role)}${a.member.phone ? `, ${a.member.phone}` : ""})`);
  }
  if (p.updates.length > 0) {
    lines.push("Cập nhật:");
    for (const u of p.updates) lines.push(`  Dòng ${u.line}: ${u.fullName}: ${u.changes.map(describeChange).join("; ")}`);
  }
  if (p.namesakes.length > 0) {
    lines.push("Trùng tên, chưa phân biệt được (ghi thêm số điện thoại):");
    for (const n of p.namesakes) lines.push(`  Dòng ${n.line}: ${n.error}`);
  }
  if (p.errors.length > 0) {
    lines.push("Dòng lỗi:");
    for (const e of p.errors) lines.push(`  Dòng ${e.line}: ${e.error}`);
  }
  if (p.masked.length > 0) lines.push(`Đã ẩn số giấy tờ cá nhân ở dòng ${p.masked.join(", ")}.`);
  if (p.total === 0) lines.push("Tệp không có dòng nào ngoài dòng tiêu đề.");
  return lines;
}
