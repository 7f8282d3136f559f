// Who a proactive message can reach, and the "member of my cell" lookups every chi ủy action
// shares. The Notifier reports from these reads; nothing here writes.
import { hotQuery, type Db, type Member, type Unit } from "./client.ts";
import { searchByName } from "./members.ts";
import type { MemberStatus } from "../domain/vocabulary.ts";

export type MemberStatusValue = MemberStatus;

/**
 * Why a member cannot get a message from the bot. Every channel that delivers counts: Zalo,
 * Telegram and the terminal chat (`npm run chat`, LOCAL), which shows the member each message
 * addressed to them (resolveTarget in deliveries.ts uses LOCAL only when nothing else is reachable).
 */
export type UnreachableReason = "not-linked" | "blocked";

export interface MemberReach {
  memberId: string;
  fullName: string;
  status: MemberStatusValue;
  /** Null when one of the member's accounts (Zalo, Telegram or the terminal chat) would receive the message now. */
  unreachable: UnreachableReason | null;
}

const reachSelect = {
  id: true,
  fullName: true,
  status: true,
  identities: { select: { reachable: true } },
} as const;

/**
 * The one rule of reach, over a member's accounts of every platform (the terminal chat included: it
 * delivers like the others): none is "not-linked", accounts that all stopped taking messages are
 * "blocked". A broadcast's preview and the digest's "chưa kết nối" read it; who gets reminders, the
 * digest and the roll-up select members with any account (`identities: { some: {} }`), the same
 * "linked", so none of them calls a member unreachable whom another one reaches.
 */
export function reachOf(accounts: readonly { reachable: boolean }[]): UnreachableReason | null {
  return accounts.length === 0 ? "not-linked" : accounts.some((i) => i.reachable) ? null : "blocked";
}

function toReach(m: { id: string; fullName: string; status: MemberStatusValue; identities: { reachable: boolean }[] }): MemberReach {
  return { memberId: m.id, fullName: m.fullName, status: m.status, unreachable: reachOf(m.identities) };
}

/** Reach of the given members (in the order given; unknown ids are left out). */
export async function membersReach(db: Db, memberIds: string[]): Promise<MemberReach[]> {
  if (memberIds.length === 0) return [];
  const rows = await db.member.findMany({ where: { id: { in: memberIds } }, select: reachSelect });
  const byId = new Map(rows.map((r) => [r.id, toReach(r)]));
  return memberIds.flatMap((id) => byId.get(id) ?? []);
}

/**
 * A broadcast's audience, by id: every member of the unit who has not LEFT (exempt members are
 * members and get notices), except the sender, who does not receive their own notice. The preview
 * and the send both read it, so what the secretary confirmed is what is sent.
 */
export async function broadcastAudience(db: Db, unitId: string, senderId: string): Promise<MemberReach[]> {
  // One statement on the pg pool, the accounts counted in it: Prisma's relation read of a
  // 5,000-member unit took ~0.3 s, time before a broadcast's first message leaves.
  const rows = await hotQuery<{ id: string; fullName: string; status: MemberStatusValue; accounts: number; reachable: boolean }>(
    db,
    `
    SELECT m.id, m."fullName", m.status::text AS status, count(i.id)::int AS accounts, coalesce(bool_or(i.reachable), false) AS reachable
    FROM "Member" m LEFT JOIN "Identity" i ON i."memberId" = m.id
    WHERE m."unitId" = $1 AND m.status <> 'LEFT' AND m.id <> $2
    GROUP BY m.id
    ORDER BY m.id`,
    [unitId, senderId],
  );
  return rows.map((m) => toReach({ id: m.id, fullName: m.fullName, status: m.status, identities: m.accounts === 0 ? [] : [{ reachable: m.reachable }] }));
}

const cellMemberSelect = { id: true, fullName: true, position: true, status: true, unitId: true } as const;

export type CellMember = Pick<Member, keyof typeof cellMemberSelect>;

/**
 * A member of the cell who has not LEFT, or null. The one place this rule is written. With
 * "with-unit", the whole row and its unit: what stands in a chat actor's place (a secretary
 * entering a member's registration).
 */
export async function cellMember(db: Db, unitId: string, memberId: string): Promise<CellMember | null>;
export async function cellMember(db: Db, unitId: string, memberId: string, shape: "with-unit"): Promise<(Member & { unit: Unit }) | null>;
export async function cellMember(db: Db, unitId: string, memberId: string, shape?: "with-unit"): Promise<CellMember | null> {
  if (!memberId) return null;
  const where = { id: memberId, unitId, status: { not: "LEFT" as const } };
  return shape === "with-unit" ? db.member.findFirst({ where, include: { unit: true } }) : db.member.findFirst({ where, select: cellMemberSelect });
}

/** Members of the cell who have not LEFT whose name matches as whole words (see findMembersByName). */
export async function cellMembersByName(db: Db, unitId: string, name: string): Promise<CellMember[]> {
  return searchByName(name, ({ where, take }) => db.member.findMany({ where: { unitId, ...where }, select: cellMemberSelect, orderBy: { id: "asc" }, take }));
}

/**
 * Broadcasts of the last `withinMs` whose rows are all written and every delivery is final and at least one was attempted
 * (sent or failed), with their counts. One that reached nobody has nothing to report: its author
 * was told so when sending.
 */
export async function finishedBroadcasts(db: Db, now: Date, withinMs: number) {
  const rows = await db.broadcast.findMany({
    where: {
      createdAt: { gte: new Date(now.getTime() - withinMs) },
      // Rows still being written: those written so far may all be final already.
      rowsWrittenAt: { not: null },
      deliveries: { none: { status: { in: ["PENDING", "SENDING"] } }, some: { status: { in: ["SENT", "FAILED"] } } },
    },
    select: { id: true, unitId: true, authorId: true, text: true, createdAt: true, unit: { select: { timeZone: true } } },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  if (rows.length === 0) return [];
  const counts = await db.delivery.groupBy({ by: ["broadcastId", "status"], where: { broadcastId: { in: rows.map((r) => r.id) } }, _count: { _all: true } });
  return rows.map((r) => {
    const of = (status: string) => counts.find((c) => c.broadcastId === r.id && c.status === status)?._count._all ?? 0;
    return { ...r, sent: of("SENT"), failed: of("FAILED"), skipped: of("SKIPPED") };
  });
}

/** Which of these dedupe keys already have a Delivery row. */
export async function existingDedupeKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.delivery.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } });
  return new Set(rows.map((r) => r.dedupeKey));
}

/**
 * Who the broadcast's deliveries did not reach (SKIPPED or FAILED), for the summary: the names of
 * members to tell directly, and how many exempt ones were missed (counted, not named, as in the preview).
 */
export async function broadcastMisses(
  db: Db,
  broadcastId: string,
  limit = 20,
): Promise<{ failedNames: string[]; moreFailed: boolean; exempt: { skipped: number; failed: number } }> {
  const exemptMissed = (status: "SKIPPED" | "FAILED") => db.delivery.count({ where: { broadcastId, status, member: { status: "EXEMPT" } } });
  const [rows, skipped, failed] = await Promise.all([
    db.delivery.findMany({
      where: { broadcastId, status: "FAILED", member: { status: { not: "EXEMPT" } } },
      select: { member: { select: { fullName: true } } },
      orderBy: { memberId: "asc" },
      take: limit + 1,
    }),
    exemptMissed("SKIPPED"),
    exemptMissed("FAILED"),
  ]);
  const names = rows.flatMap((r) => (r.member ? [r.member.fullName] : []));
  return { failedNames: names.slice(0, limit), moreFailed: names.length > limit, exempt: { skipped, failed } };
}
