// Infers what kind of work a member does from their position (chức vụ) and unit name, so the
// vagueness coach can offer examples that fit: a teacher gets teaching examples, a retiree in a
// residential cell gets neighbourhood examples. Pure; matches with and without diacritics.

import { fold } from "./text.ts";

export const ROLE_KINDS = ["DOSSIER_OFFICIAL", "TEACHER", "HEALTH_WORKER", "ENTERPRISE", "RESIDENTIAL", "RETIREE"] as const;

export type RoleKind = (typeof ROLE_KINDS)[number];

/** Most cells using the bot are in agencies; office titles with no other hint land here. */
export const DEFAULT_ROLE_KIND: RoleKind = "DOSSIER_OFFICIAL";

// Patterns run on fold()ed text padded with spaces. Folding merges "trường" (school) with
// "trưởng" (head), so schools are recognised only with a school level after the word.
const RETIREE = /\b(huu tri|nghi huu|ve huu|can bo huu|luong huu|cuu chien binh|ccb)\b/;
const TEACHER_POSITION = /\b(giao vien|giang vien|hieu truong|hieu pho|co giao|thay giao|giao vu|tong phu trach|to truong chuyen mon|bao mau|giao sinh)\b/;
const SCHOOL_UNIT =
  /\b(truong (mam non|mau giao|tieu hoc|trung hoc|thcs|thpt|th|pho thong|dai hoc|cao dang|trung cap|chinh tri|phtdt|dan toc noi tru)|phong giao duc|so giao duc|giao duc)\b/;
const HEALTH_POSITION = /\b(bac si|bac sy|y si|y ta|dieu duong|duoc si|ho sinh|ky thuat vien (xet nghiem|y|chan doan)|luong y|nu ho sinh)\b/;
const HEALTH_UNIT = /\b(benh vien|tram y te|trung tam y te|phong kham|y te|khoa (noi|ngoai|san|nhi|cap cuu|duoc|xet nghiem))\b/;
const ENTERPRISE_POSITION =
  /\b(cong nhan|ky su|quan doc|to truong san xuat|truong ca|tho|nhan vien (kinh doanh|ban hang|ky thuat|van hanh)|lai xe|thu kho|giam sat san xuat)\b/;
const ENTERPRISE_UNIT = /\b(cong ty|tong cong ty|doanh nghiep|nha may|xi nghiep|tap doan|hop tac xa|ngan hang|tnhh|co phan|phan xuong|xuong)\b/;
const RESIDENTIAL_POSITION =
  /\b(truong (thon|ap|khu pho|khu|xom)|to truong to dan pho|to truong dan pho|to pho|bi thu chi bo (thon|ap|khu pho|khu|xom|to dan pho)|cong an vien|nong dan|buon ban|noi tro|lao dong tu do)\b/;
const RESIDENTIAL_UNIT = /\b(thon|ap|xom|khu pho|to dan pho|khu dan cu|khom|buon|phum|soc|lang|khu \d+)\b/;
const OFFICE_POSITION =
  /\b(chuyen vien|can bo|cong chuc|vien chuc|van thu|ke toan|thu quy|thanh tra|truong phong|pho truong phong|chanh van phong|dia chinh|tu phap|mot cua|thu ky|nhan vien)\b/;

function padded(input: string | null | undefined): string {
  return input ? ` ${fold(input).replace(/[^a-z0-9]+/g, " ")} ` : " ";
}

/**
 * Role kind for a member. Precedence:
 * 1. a retiree is a retiree whatever their unit (they register neighbourhood and family items);
 * 2. an occupation-specific position decides (teacher, health worker, worker, village head);
 * 3. otherwise the unit decides, except that an office title (chuyên viên, kế toán, văn thư) in a
 *    school or hospital is administrative work, which fits the dossier examples better;
 * 4. otherwise the default, DOSSIER_OFFICIAL.
 */
export function inferRoleKind(position?: string | null, unit?: string | null): RoleKind {
  const p = padded(position);
  const u = padded(unit);

  if (RETIREE.test(p)) return "RETIREE";
  if (TEACHER_POSITION.test(p)) return "TEACHER";
  if (HEALTH_POSITION.test(p)) return "HEALTH_WORKER";
  if (ENTERPRISE_POSITION.test(p)) return "ENTERPRISE";
  if (RESIDENTIAL_POSITION.test(p)) return "RESIDENTIAL";

  const officeTitle = OFFICE_POSITION.test(p);
  if (ENTERPRISE_UNIT.test(u)) return "ENTERPRISE";
  if (RESIDENTIAL_UNIT.test(u)) return RETIREE.test(u) ? "RETIREE" : "RESIDENTIAL";
  if (!officeTitle && SCHOOL_UNIT.test(u)) return "TEACHER";
  if (!officeTitle && HEALTH_UNIT.test(u)) return "HEALTH_WORKER";
  if (RETIREE.test(u)) return "RETIREE";
  return DEFAULT_ROLE_KIND;
}

export function isRoleKind(value: string): value is RoleKind {
  return (ROLE_KINDS as readonly string[]).includes(value);
}
