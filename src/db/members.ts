// Members (đảng viên).
import type { Db, Prisma } from "./client.ts";
import type { MemberInput } from "../domain/member-row.ts";
import type { MessengerPlatform } from "../domain/vocabulary.ts";
import { fold, sortByVietnameseName } from "../domain/text.ts";
import { nameQueryWords, pickByName } from "../domain/name-search.ts";

export type UpsertOutcome = "created" | "updated" | "unchanged";

/**
 * Insert or update one member of a unit. The phone number identifies a member within the unit;
 * without a phone, the name (without diacritics) does. Unchanged rows are not written at all, so
 * importing the same file twice changes nothing.
 */
export async function upsertMember(db: Db, unitId: string, input: MemberInput): Promise<{ id: string; outcome: UpsertOutcome }> {
  const searchName = fold(input.fullName);
  const existing = input.phone
    ? await db.member.findUnique({ where: { unitId_phone: { unitId, phone: input.phone } } })
    : await db.member.findFirst({ where: { unitId, searchName, phone: null } });
  const data = { fullName: input.fullName, searchName, position: input.position, role: input.role, status: input.status, phone: input.phone };
  if (!existing) {
    const created = await db.member.create({ data: { unitId, ...data } });
    return { id: created.id, outcome: "created" };
  }
  const same =
    existing.fullName === data.fullName &&
    existing.position === data.position &&
    existing.role === data.role &&
    existing.status === data.status &&
    existing.phone === data.phone;
  if (same) return { id: existing.id, outcome: "unchanged" };
  await db.member.update({ where: { id: existing.id }, data });
  return { id: existing.id, outcome: "updated" };
}

export interface MemberListing {
  id: string;
  fullName: string;
  position: string | null;
  role: string;
  status: string;
  phone: string | null;
  unit: string;
  linked: string[];
}

export async function listMembers(db: Db, options: { unitId?: string } = {}): Promise<MemberListing[]> {
  const rows = await db.member.findMany({
    where: options.unitId ? { unitId: options.unitId } : {},
    include: { unit: { select: { name: true } }, identities: { select: { platform: true } } },
  });
  const listed = rows.map((m) => ({
    id: m.id,
    fullName: m.fullName,
    position: m.position,
    role: m.role,
    status: m.status,
    phone: m.phone,
    unit: m.unit.name,
    linked: [...new Set(m.identities.map((i) => i.platform))].sort(),
  }));
  return sortByVietnameseName(listed, (m) => m.fullName).sort((a, b) => a.unit.localeCompare(b.unit, "vi"));
}

/**
 * Members who have not LEFT whose name matches the typed words as whole words, with or without
 * diacritics ("hung" finds "Nguyễn Văn Hùng"; "ha" does not find "Phạm …"). A full name typed
 * finds only that name.
 */
export async function findMembersByName(db: Db, name: string, options: { unitIds?: string[] } = {}) {
  const inUnits = options.unitIds ? { unitId: { in: options.unitIds } } : {};
  return searchByName(name, ({ where, take }) =>
    db.member.findMany({ where: { ...inUnits, ...where }, include: { unit: true }, orderBy: { id: "asc" }, take }),
  );
}

/** How many rows the database narrows to before the whole-word check. */
const CANDIDATES = 500;

/**
 * A name search: `load` gets the SQL side (members who have not LEFT with each word somewhere in
 * the folded name; LEFT members are excluded there, so former members never crowd current ones
 * out of the candidates or the 20 kept) and takes at most CANDIDATES rows; pickByName keeps the
 * whole-word matches.
 */
export async function searchByName<T extends { fullName: string }>(
  name: string,
  load: (query: { where: Prisma.MemberWhereInput; take: number }) => Promise<T[]>,
): Promise<T[]> {
  const words = nameQueryWords(name);
  // Nothing typed (a sticker, a photo) names nobody.
  if (words.length === 0) return [];
  const rows = await load({ where: { status: { not: "LEFT" }, AND: words.map((w) => ({ searchName: { contains: w } })) }, take: CANDIDATES });
  return pickByName(rows, name, (m) => m.fullName).slice(0, 20);
}

/** Whether the member turned the optional reminders off. */
export async function optionalRemindersOff(db: Db, memberId: string): Promise<boolean> {
  return (await db.member.findUniqueOrThrow({ where: { id: memberId }, select: { optionalRemindersOff: true } })).optionalRemindersOff;
}

export async function setOptionalRemindersOff(db: Db, memberId: string, off: boolean): Promise<void> {
  await db.member.update({ where: { id: memberId }, data: { optionalRemindersOff: off } });
}

export async function setPreferredPlatform(db: Db, memberId: string, platform: MessengerPlatform): Promise<void> {
  await db.member.update({ where: { id: memberId }, data: { preferredPlatform: platform } });
}
