// What the dashboard pages and exports read. Every function takes the unit id the session was
// checked against and filters by it in the query itself, so an id from the URL that belongs to
// another cell finds nothing.
import type { Db } from "./client.ts";
import { subtreeUnitIds } from "./units.ts";
import { DASHBOARD_ROLES } from "./dashboard-auth.ts";
import { sortByVietnameseName } from "../domain/text.ts";

export interface ScopeUnit {
  id: string;
  name: string;
  timeZone: string;
}

export interface DashboardScope {
  member: { id: string; fullName: string; role: string; unitId: string };
  /** Cells whose chi ủy the member is in: every page, with names. */
  cells: Array<ScopeUnit & { canManage: boolean }>;
  /** Committees under the member's supervision (UnitAccess and the committees below): roll-ups. */
  committees: ScopeUnit[];
  /** Cells under supervision: numbers only (roll-up rows), never member names. */
  supervisedCells: ScopeUnit[];
}

const unitCollator = new Intl.Collator("vi", { sensitivity: "base", numeric: true });
const byName = <T extends { name: string }>(units: T[]) => [...units].sort((a, b) => unitCollator.compare(a.name, b.name));

/** What the member may see on the dashboard now; null when nothing (plain member, left the party). */
export async function loadScope(db: Db, memberId: string): Promise<DashboardScope | null> {
  const member = await db.member.findUnique({
    where: { id: memberId },
    select: {
      id: true,
      fullName: true,
      role: true,
      status: true,
      unitId: true,
      unit: { select: { id: true, name: true, timeZone: true, kind: true } },
      accesses: { select: { unitId: true } },
    },
  });
  if (!member || member.status === "LEFT") return null;
  const chiUy = member.unit.kind === "CELL" && (DASHBOARD_ROLES as readonly string[]).includes(member.role);
  const cells = chiUy
    ? [
        {
          id: member.unit.id,
          name: member.unit.name,
          timeZone: member.unit.timeZone,
          canManage: member.role === "SECRETARY" || member.role === "DEPUTY_SECRETARY",
        },
      ]
    : [];
  const ids = new Set<string>();
  for (const access of member.accesses) for (const id of await subtreeUnitIds(db, access.unitId)) ids.add(id);
  const supervised =
    ids.size > 0 ? await db.unit.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true, timeZone: true, kind: true } }) : [];
  const strip = (u: { id: string; name: string; timeZone: string }) => ({ id: u.id, name: u.name, timeZone: u.timeZone });
  const scope: DashboardScope = {
    member: { id: member.id, fullName: member.fullName, role: member.role, unitId: member.unitId },
    cells,
    committees: byName(supervised.filter((u) => u.kind === "COMMITTEE").map(strip)),
    supervisedCells: byName(supervised.filter((u) => u.kind === "CELL").map(strip)),
  };
  if (scope.cells.length === 0 && scope.committees.length === 0 && scope.supervisedCells.length === 0) return null;
  return scope;
}

// ---------------------------------------------------------------------------------------------
// Members

const STATUS_ORDER: Record<string, number> = { ACTIVE: 0, EXEMPT: 1, LEFT: 2 };

export async function cellMembers(db: Db, unitId: string, now: Date) {
  const rows = await db.member.findMany({
    where: { unitId },
    select: {
      id: true,
      fullName: true,
      position: true,
      role: true,
      status: true,
      phone: true,
      preferredPlatform: true,
      identities: { where: { platform: { not: "LOCAL" } }, select: { platform: true, reachable: true } },
      inviteCodes: { where: { usedAt: null, expiresAt: { gt: now } }, select: { expiresAt: true }, orderBy: { createdAt: "desc" }, take: 1 },
    },
  });
  return sortByVietnameseName(rows, (m) => m.fullName).sort((a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9));
}

export type CellMember = Awaited<ReturnType<typeof cellMembers>>[number];

/** A member of the unit (any status), or null. */
export async function unitMember(db: Db, unitId: string, memberId: string) {
  return db.member.findFirst({ where: { id: memberId, unitId }, select: { id: true, fullName: true, position: true, role: true, status: true, unitId: true } });
}

// ---------------------------------------------------------------------------------------------
// Registrations

/** The unit's current members with their registration of the year (items, comments), Vietnamese order. */
export async function cellRegistrations(db: Db, unitId: string, year: number) {
  const members = await db.member.findMany({
    where: { unitId, status: { not: "LEFT" } },
    select: {
      id: true,
      fullName: true,
      position: true,
      status: true,
      registrations: {
        where: { year },
        include: {
          items: { orderBy: { position: "asc" } },
          reviews: { orderBy: { createdAt: "desc" }, take: 3, include: { author: { select: { fullName: true } } } },
        },
      },
    },
  });
  return sortByVietnameseName(members, (m) => m.fullName).map((m) => ({
    id: m.id,
    fullName: m.fullName,
    position: m.position,
    status: m.status,
    registration: m.registrations[0] ?? null,
  }));
}

export type CellRegistrationRow = Awaited<ReturnType<typeof cellRegistrations>>[number];

// ---------------------------------------------------------------------------------------------
// Assessments

/** Every current member with their assessment of the period (items, comments) and the year's items. */
export async function cellAssessments(db: Db, unitId: string, period: string, year: number) {
  const members = await db.member.findMany({
    where: { unitId, status: { not: "LEFT" } },
    select: {
      id: true,
      fullName: true,
      status: true,
      registrations: {
        where: { year },
        select: { status: true, items: { orderBy: { position: "asc" }, select: { id: true, position: true, category: true, text: true } } },
      },
      assessments: {
        where: { period },
        select: {
          id: true,
          kind: true,
          submittedAt: true,
          overallNote: true,
          selfRating: true,
          shortcomingsNextYear: true,
          enteredById: true,
          items: { select: { itemId: true, progress: true, note: true, evidence: true } },
          reviews: {
            orderBy: { createdAt: "asc" },
            select: { id: true, text: true, proposedRating: true, createdAt: true, author: { select: { fullName: true } } },
          },
        },
      },
    },
  });
  return sortByVietnameseName(members, (m) => m.fullName).map((m) => ({
    id: m.id,
    fullName: m.fullName,
    status: m.status,
    items: m.registrations[0]?.items ?? [],
    assessment: m.assessments[0] ?? null,
  }));
}

export type CellAssessmentRow = Awaited<ReturnType<typeof cellAssessments>>[number];

/** Whether the assessment belongs to a current member of the unit. */
export async function unitAssessment(db: Db, unitId: string, assessmentId: string) {
  return db.assessment.findFirst({
    where: { id: assessmentId, member: { unitId, status: { not: "LEFT" } } },
    select: { id: true, period: true, kind: true, memberId: true, member: { select: { fullName: true } } },
  });
}

// ---------------------------------------------------------------------------------------------
// Meetings

export async function recentMeetings(db: Db, unitId: string, now: Date, limit = 8) {
  return db.meeting.findMany({
    where: { unitId, OR: [{ startsAt: { lte: now } }, { status: { in: ["CANCELLED", "HELD"] } }] },
    orderBy: { startsAt: "desc" },
    take: limit,
  });
}

// ---------------------------------------------------------------------------------------------
// Digests sent before meetings

export interface DigestHistoryEntry {
  meetingId: string;
  meetingStartsAt: Date | null;
  createdAt: Date;
  text: string;
  recipients: Array<{ fullName: string; status: string }>;
}

/** Digests the bot sent to the chi ủy before each meeting (Delivery rows "digest:<meeting>:<member>"). */
export async function digestHistory(db: Db, unitId: string, limit = 12): Promise<DigestHistoryEntry[]> {
  const rows = await db.delivery.findMany({
    where: { purpose: "digest", member: { unitId } },
    orderBy: { createdAt: "desc" },
    take: 400,
    select: { dedupeKey: true, payload: true, status: true, createdAt: true, member: { select: { fullName: true } } },
  });
  const byMeeting = new Map<string, DigestHistoryEntry>();
  for (const row of rows) {
    const meetingId = row.dedupeKey.split(":")[1] ?? "";
    const payload = row.payload as { text?: unknown } | null;
    const text = payload && typeof payload.text === "string" ? payload.text : "";
    let entry = byMeeting.get(meetingId);
    if (!entry) {
      if (byMeeting.size >= limit) continue;
      entry = { meetingId, meetingStartsAt: null, createdAt: row.createdAt, text, recipients: [] };
      byMeeting.set(meetingId, entry);
    }
    // The longest text is the Telegram one (Zalo's is shortened).
    if (text.length > entry.text.length) entry.text = text;
    entry.recipients.push({ fullName: row.member?.fullName ?? "", status: row.status });
  }
  const meetings = await db.meeting.findMany({ where: { unitId, id: { in: [...byMeeting.keys()] } }, select: { id: true, startsAt: true } });
  for (const m of meetings) {
    const entry = byMeeting.get(m.id);
    if (entry) entry.meetingStartsAt = m.startsAt;
  }
  return [...byMeeting.values()].map((e) => ({ ...e, recipients: sortByVietnameseName(e.recipients, (r) => r.fullName) }));
}

// ---------------------------------------------------------------------------------------------
// Broadcasts

export async function listBroadcasts(db: Db, unitId: string, limit = 20) {
  const broadcasts = await db.broadcast.findMany({
    where: { unitId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, text: true, createdAt: true, author: { select: { fullName: true } } },
  });
  const counts = broadcasts.length
    ? await db.delivery.groupBy({ by: ["broadcastId", "status"], where: { broadcastId: { in: broadcasts.map((b) => b.id) } }, _count: { _all: true } })
    : [];
  return broadcasts.map((b) => {
    const mine = counts.filter((c) => c.broadcastId === b.id);
    const count = (status: string) => mine.filter((c) => c.status === status).reduce((n, c) => n + c._count._all, 0);
    return {
      ...b,
      total: mine.reduce((n, c) => n + c._count._all, 0),
      sent: count("SENT"),
      pending: count("PENDING") + count("SENDING"),
      failed: count("FAILED"),
      skipped: count("SKIPPED"),
    };
  });
}

export async function broadcastDetail(db: Db, unitId: string, broadcastId: string) {
  const broadcast = await db.broadcast.findFirst({
    where: { id: broadcastId, unitId },
    select: { id: true, text: true, createdAt: true, author: { select: { fullName: true } } },
  });
  if (!broadcast) return null;
  const deliveries = await db.delivery.findMany({
    where: { broadcastId },
    select: { status: true, platform: true, sentAt: true, lastError: true, attempts: true, member: { select: { fullName: true } } },
  });
  return { broadcast, deliveries: sortByVietnameseName(deliveries, (d) => d.member?.fullName ?? "") };
}

// ---------------------------------------------------------------------------------------------
// Roll-up trend: the share of ACTIVE members who submitted the self-assessment of each month

/**
 * For each cell and month ("2026-03"): how many of its ACTIVE members submitted an assessment
 * covering that month — the month's own, or the quarter's or year's one when the meeting of that
 * month evaluated the quarter or year. One grouped query whatever the number of members.
 */
export async function assessedByMonth(db: Db, cellIds: string[], months: string[]): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  if (cellIds.length === 0 || months.length === 0) return out;
  const years = [...new Set(months.map((m) => Number(m.slice(0, 4))))];
  const rows = await db.$queryRaw<{ unitId: string; month: string; n: number }[]>`
    SELECT t."unitId", t.month, COUNT(DISTINCT t."memberId")::int AS n FROM (
      SELECT m."unitId", a."memberId",
        CASE
          WHEN a.period ~ '^[0-9]{4}-[0-9]{2}$' THEN a.period
          WHEN a.period ~ '^[0-9]{4}-Q[1-4]$' THEN substr(a.period, 1, 4) || '-' || lpad((substr(a.period, 7, 1)::int * 3)::text, 2, '0')
          ELSE a.period || '-12'
        END AS month
      FROM "Assessment" a JOIN "Member" m ON m.id = a."memberId"
      WHERE m."unitId" = ANY(${cellIds}) AND m.status = 'ACTIVE' AND a."submittedAt" IS NOT NULL AND a.year = ANY(${years})
    ) t
    WHERE t.month = ANY(${months})
    GROUP BY t."unitId", t.month`;
  for (const row of rows) {
    const perCell = out.get(row.unitId) ?? new Map<string, number>();
    perCell.set(row.month, Number(row.n));
    out.set(row.unitId, perCell);
  }
  return out;
}

/** ACTIVE members per cell (today's count: the denominator of the trend). */
export async function activeMemberCounts(db: Db, cellIds: string[]): Promise<Map<string, number>> {
  if (cellIds.length === 0) return new Map();
  const rows = await db.member.groupBy({ by: ["unitId"], where: { unitId: { in: cellIds }, status: "ACTIVE" }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.unitId, r._count._all]));
}

// ---------------------------------------------------------------------------------------------
// Exports

/** The year's assessments of the unit's current members, with items and the chi ủy's comments. */
export async function yearAssessments(db: Db, unitId: string, year: number) {
  const members = await db.member.findMany({
    where: { unitId, status: { not: "LEFT" } },
    select: {
      id: true,
      fullName: true,
      status: true,
      registrations: { where: { year }, select: { items: { orderBy: { position: "asc" }, select: { id: true, position: true, category: true, text: true } } } },
      assessments: {
        where: { year },
        orderBy: { period: "asc" },
        select: {
          period: true,
          kind: true,
          submittedAt: true,
          overallNote: true,
          selfRating: true,
          items: { select: { itemId: true, progress: true, note: true } },
          reviews: { orderBy: { createdAt: "asc" }, select: { text: true, createdAt: true, author: { select: { fullName: true } } } },
        },
      },
    },
  });
  return sortByVietnameseName(members, (m) => m.fullName);
}

/** The member's sổ tự tu dưỡng of the year: registration, every assessment, every comment. */
export async function memberNotebook(db: Db, unitId: string, memberId: string, year: number) {
  const member = await db.member.findFirst({
    where: { id: memberId, unitId },
    select: { id: true, fullName: true, position: true, status: true, unit: { select: { name: true, timeZone: true } } },
  });
  if (!member) return null;
  const [registration, assessments] = await Promise.all([
    db.registration.findUnique({
      where: { memberId_year: { memberId, year } },
      include: {
        items: { orderBy: { position: "asc" } },
        reviews: { orderBy: { createdAt: "asc" }, include: { author: { select: { fullName: true } } } },
      },
    }),
    db.assessment.findMany({
      where: { memberId, year },
      orderBy: { period: "asc" },
      include: {
        items: true,
        reviews: { orderBy: { createdAt: "asc" }, include: { author: { select: { fullName: true } } } },
      },
    }),
  ]);
  return { member, registration, assessments };
}

export type MemberNotebook = NonNullable<Awaited<ReturnType<typeof memberNotebook>>>;
