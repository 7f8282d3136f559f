// Validation of one row of a member list (columns of examples/members.csv):
// ho_ten, chuc_vu, vai_tro, so_dien_thoai, trang_thai. Pure: returns the member or the Vietnamese
// reason the row was refused.
import { cleanName, fold } from "./text.ts";
import type { MemberRole, MemberStatus } from "./vocabulary.ts";

export interface MemberInput {
  fullName: string;
  position: string | null;
  role: MemberRole;
  phone: string | null;
  status: MemberStatus;
}

export type RowResult = { ok: true; member: MemberInput } | { ok: false; error: string };

export const MEMBER_COLUMNS = ["ho_ten", "chuc_vu", "vai_tro", "so_dien_thoai", "trang_thai"] as const;

// Codes as in the sample file, plus the words a secretary would type in Excel.
const ROLE_WORDS: Record<string, MemberRole> = {
  member: "MEMBER",
  "dang vien": "MEMBER",
  committee: "COMMITTEE",
  "chi uy vien": "COMMITTEE",
  "chi uy": "COMMITTEE",
  deputy_secretary: "DEPUTY_SECRETARY",
  "pho bi thu": "DEPUTY_SECRETARY",
  "pho bi thu chi bo": "DEPUTY_SECRETARY",
  secretary: "SECRETARY",
  "bi thu": "SECRETARY",
  "bi thu chi bo": "SECRETARY",
};

/** What a secretary reads and types: the Vietnamese names (the English codes are still accepted). */
export const ROLE_NAMES_VI: readonly string[] = ["Đảng viên", "Chi ủy viên", "Phó bí thư", "Bí thư"];
export const STATUS_NAMES_VI: readonly string[] = ["Đang sinh hoạt", "Miễn sinh hoạt", "Chuyển sinh hoạt"];

const STATUS_WORDS: Record<string, MemberStatus> = {
  active: "ACTIVE",
  "dang sinh hoat": "ACTIVE",
  "sinh hoat": "ACTIVE",
  exempt: "EXEMPT",
  "mien sinh hoat": "EXEMPT",
  left: "LEFT",
  "chuyen di": "LEFT",
  "chuyen sinh hoat": "LEFT",
  "da chuyen": "LEFT",
  "da chuyen di": "LEFT",
};

/**
 * Vietnamese phone numbers: "0912 000 001", "+84912000001", "84912000001" → "0912000001". A number
 * typed into an Excel cell loses its leading zero ("912000001"), so nine digits get it back.
 */
export function normalizePhone(raw: string): string | null {
  const digits = raw.replace(/[\s.\-()]/g, "").replace(/^\+/, "");
  if (!/^\d+$/.test(digits)) return null;
  const local = digits.startsWith("84") && digits.length === 11 ? `0${digits.slice(2)}` : /^[1-9]\d{8}$/.test(digits) ? `0${digits}` : digits;
  return /^0\d{9}$/.test(local) ? local : null;
}

export function parseMemberRow(row: Record<string, string | undefined>): RowResult {
  const fullName = cleanName(row.ho_ten ?? "");
  if (!fullName) return { ok: false, error: "thiếu họ tên (cột ho_ten)" };
  if (fullName.length > 100 || /\d/.test(fullName)) return { ok: false, error: `họ tên "${fullName}" không hợp lệ` };

  const roleRaw = (row.vai_tro ?? "").trim();
  const role = roleRaw ? ROLE_WORDS[fold(roleRaw)] : "MEMBER";
  if (!role) {
    return { ok: false, error: `vai trò "${roleRaw}" không hợp lệ (ghi một trong: ${ROLE_NAMES_VI.join(", ")})` };
  }

  const statusRaw = (row.trang_thai ?? "").trim();
  const status = statusRaw ? STATUS_WORDS[fold(statusRaw)] : "ACTIVE";
  if (!status) return { ok: false, error: `trạng thái "${statusRaw}" không hợp lệ (ghi một trong: ${STATUS_NAMES_VI.join(", ")})` };

  const phoneRaw = (row.so_dien_thoai ?? "").trim();
  let phone: string | null = null;
  if (phoneRaw) {
    phone = normalizePhone(phoneRaw);
    if (!phone) return { ok: false, error: `số điện thoại "${phoneRaw}" không hợp lệ (10 số, bắt đầu bằng 0)` };
  }

  const position = (row.chuc_vu ?? "").replace(/\s+/g, " ").trim() || null;
  return { ok: true, member: { fullName, position, role, phone, status } };
}
