// Loads what the digest needs for one cell or a whole committee in a handful of bulk queries (no
// per-member queries, so a 10,000-member committee stays fast), then hands it to the pure assembly.
import type { Db } from "./client.ts";
import { subtreeUnitIds } from "./units.ts";
import { buildCellDigest, buildRollup, type CellDigest, type CellDigestInput, type Rollup } from "../domain/digest.ts";
import { openPeriod, periodForMeeting } from "../domain/periods.ts";
import { renderCellDigest, renderRollup } from "../messages/digest.ts";

const YEAR_MS = 366 * 86_400_000;

/** Digests of several cells, loaded together. */
export async function loadCellDigests(db: Db, unitIds: string[], now: Date): Promise<CellDigest[]> {
  if (unitIds.length === 0) return [];
  const units = await db.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, name: true, timeZone: true } });
  const meetings = await db.meeting.findMany({
    where: { unitId: { in: unitIds }, status: { in: ["SCHEDULED", "MOVED"] }, startsAt: { gt: now } },
    orderBy: { startsAt: "asc" },
    select: { unitId: true, startsAt: true, place: true, kind: true },
  });
  const nextMeeting = new Map<string, (typeof meetings)[number]>();
  for (const m of meetings) if (!nextMeeting.has(m.unitId)) nextMeeting.set(m.unitId, m);

  const periods = new Map(
    units.map((u) => {
      const meeting = nextMeeting.get(u.id);
      return [u.id, meeting ? periodForMeeting(meeting, u.timeZone) : openPeriod(now, u.timeZone)] as const;
    }),
  );
  const years = [...new Set([...periods.values()].map((p) => p.year))];

  const members = await db.member.findMany({
    where: { unitId: { in: unitIds }, status: { not: "LEFT" } },
    select: { id: true, unitId: true, fullName: true, status: true, identities: { where: { platform: { not: "LOCAL" } }, select: { reachable: true } } },
  });
  const memberIds = members.map((m) => m.id);
  const [registrations, assessments, exemplars, collective] = await Promise.all([
    db.registration.findMany({
      where: { memberId: { in: memberIds }, year: { in: years } },
      select: {
        memberId: true,
        year: true,
        status: true,
        submittedAt: true,
        items: { select: { id: true, category: true, text: true, vagueVerdict: true, vagueKept: true }, orderBy: { position: "asc" } },
      },
    }),
    db.assessment.findMany({
      where: { memberId: { in: memberIds }, createdAt: { gte: new Date(now.getTime() - YEAR_MS) } },
      select: { memberId: true, period: true, submittedAt: true, _count: { select: { reviews: true } }, items: { select: { itemId: true, progress: true } } },
    }),
    db.exemplar.findMany({ where: { memberId: { in: memberIds }, year: { in: years } }, select: { memberId: true, year: true } }),
    db.collectiveCommitment.groupBy({ by: ["unitId", "year"], where: { unitId: { in: unitIds }, year: { in: years } }, _count: { _all: true } }),
  ]);

  const unitOfMember = new Map(members.map((m) => [m.id, m.unitId]));
  const byUnit = <T extends { memberId: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const unitId = unitOfMember.get(row.memberId);
      if (!unitId) continue;
      const list = map.get(unitId) ?? [];
      list.push(row);
      map.set(unitId, list);
    }
    return map;
  };
  const regsByUnit = byUnit(registrations);
  const assessByUnit = byUnit(assessments);
  const exemplarsByUnit = byUnit(exemplars);
  const membersByUnit = new Map<string, typeof members>();
  for (const m of members) membersByUnit.set(m.unitId, [...(membersByUnit.get(m.unitId) ?? []), m]);

  return units.map((unit) => {
    const period = periods.get(unit.id)!;
    const meeting = nextMeeting.get(unit.id);
    const input: CellDigestInput = {
      unit,
      meeting: meeting ? { startsAt: meeting.startsAt, place: meeting.place, kind: meeting.kind } : null,
      period: period.period,
      now,
      members: (membersByUnit.get(unit.id) ?? []).map((m) => ({
        id: m.id,
        fullName: m.fullName,
        status: m.status,
        linked: m.identities.length > 0,
        reachable: m.identities.some((i) => i.reachable),
      })),
      registrations: (regsByUnit.get(unit.id) ?? []).filter((r) => r.year === period.year),
      assessments: (assessByUnit.get(unit.id) ?? []).map((a) => ({
        memberId: a.memberId,
        period: a.period,
        submittedAt: a.submittedAt,
        hasReview: a._count.reviews > 0,
        items: a.items,
      })),
      exemplars: exemplarsByUnit.get(unit.id) ?? [],
      collectiveItems: collective.find((c) => c.unitId === unit.id && c.year === period.year)?._count._all ?? 0,
    };
    return buildCellDigest(input);
  });
}

export async function loadCellDigest(db: Db, unitId: string, now: Date): Promise<CellDigest | null> {
  const [digest] = await loadCellDigests(db, [unitId], now);
  return digest ?? null;
}

export async function loadCellDigestText(db: Db, unitId: string, now: Date, options: { dashboardUrl?: string; limit?: number } = {}): Promise<string | null> {
  const digest = await loadCellDigest(db, unitId, now);
  return digest ? renderCellDigest(digest, options) : null;
}

/** The roll-up of every cell under a committee: numbers only, no member's text. */
export async function loadRollup(db: Db, committeeId: string, now: Date): Promise<Rollup | null> {
  const committee = await db.unit.findUnique({ where: { id: committeeId }, select: { id: true, name: true, timeZone: true } });
  if (!committee) return null;
  const ids = await subtreeUnitIds(db, committeeId);
  const cells = await db.unit.findMany({ where: { id: { in: ids }, kind: "CELL" }, select: { id: true } });
  const digests = await loadCellDigests(db, cells.map((c) => c.id), now);
  return buildRollup({ committee, cells: digests, now });
}

export async function loadRollupText(db: Db, committeeId: string, now: Date, options: { dashboardUrl?: string; limit?: number } = {}): Promise<string | null> {
  const rollup = await loadRollup(db, committeeId, now);
  return rollup ? renderRollup(rollup, options) : null;
}
