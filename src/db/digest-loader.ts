// Loads what the digest needs for one cell or a whole committee in a handful of bulk queries (no
// per-member queries), then hands it to the pure assembly (domain/digest/). The year of
// assessments and their per-item progress is reduced in PostgreSQL (digest-history.ts); large
// answers come back column by column in a single row (digest-columns.ts).
import { Prisma, type Db } from "./client.ts";
import { subtreeUnitIds } from "./units.ts";
import { parseArray, split, type Columns } from "./digest-columns.ts";
import { loadHistory } from "./digest-history.ts";
import { reachOf } from "./reach.ts";
import {
  buildCellDigest,
  buildCellStats,
  buildRollup,
  type CellDigest,
  type CellDigestInput,
  type CommitmentCategoryValue,
  type DigestMemberInput,
  type DigestRegistrationInput,
  type RegistrationStatus,
  type Rollup,
} from "../domain/digest/index.ts";
import type { MemberStatusValue } from "../domain/owed.ts";
import { openPeriod, periodForMeeting, type AssessmentPeriod } from "../domain/periods.ts";
import { leadingRegistrationYear } from "../domain/registration-rules.ts";

export { loadHistory };

const YEAR_MS = 366 * 86_400_000;

// ---------------------------------------------------------------------------------------------
// Members and registrations

/** Per member: id, unit, name, and "STATUS accounts anyReachable" (count, 0/1). */
type MemberColumns = Columns & { ids: string | null; units: string | null; names: string | null; flags: string | null };

/** Members (not LEFT) of the units, by id. */
async function loadMembers(db: Db, unitIds: string[]): Promise<Array<DigestMemberInput & { unitId: string }>> {
  const [columns] = await db.$queryRaw<MemberColumns[]>`
    SELECT count(*)::int AS n, json_agg(id)::text AS ids, json_agg("unitId")::text AS units,
      json_agg("fullName")::text AS names, string_agg(flags, ',') AS flags
    FROM (
      SELECT m.id, m."unitId", m."fullName",
        m.status || ' ' || count(i.id) || CASE WHEN bool_or(i.reachable) THEN ' 1' ELSE ' 0' END AS flags
      FROM "Member" m LEFT JOIN "Identity" i ON i."memberId" = m.id
      WHERE m."unitId" = ANY(${unitIds}) AND m.status <> 'LEFT'
      GROUP BY m.id
    ) s`;
  const n = columns?.n ?? 0;
  const ids = parseArray<string>(columns?.ids ?? null, n);
  const units = parseArray<string>(columns?.units ?? null, n);
  const names = parseArray<string>(columns?.names ?? null, n);
  const flags = split(columns?.flags ?? null, ",", n);
  const members = ids.map((id, k) => {
    const [status, accounts, anyReachable] = flags[k]!.split(" ");
    // Reach by the rule the broadcast and the reminders use (reachOf), from the accounts reduced in SQL.
    const reach = reachOf(Number(accounts) === 0 ? [] : [{ reachable: anyReachable === "1" }]);
    return { id, unitId: units[k]!, fullName: names[k]!, status: status as MemberStatusValue, linked: reach !== "not-linked", reachable: reach === null };
  });
  // A fixed order, so that members of the same name always rank the same way.
  return members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Per registration and item (one row without item for a registration that is not registered or has
 * none): member, "year STATUS submittedAt|- CATEGORY|- vagueKept", item id, text and vagueVerdict.
 */
type RegistrationColumns = Columns & { members: string | null; fields: string | null; items: string | null; texts: string | null; verdicts: string | null };

/** Registrations of the years by members (not LEFT) of the units; items only of registered ones. */
async function loadRegistrations(db: Db, unitIds: string[], years: number[], withTexts: boolean): Promise<Array<DigestRegistrationInput & { year: number }>> {
  const [columns] = await db.$queryRaw<RegistrationColumns[]>`
    SELECT count(*)::int AS n, json_agg(r."memberId")::text AS members,
      string_agg(r.year || ' ' || r.status || ' ' || coalesce(((date_part('epoch', r."submittedAt") * 1000)::bigint)::text, '-')
        || ' ' || coalesce(ci.category::text, '-') || ' ' || coalesce(ci."vagueKept", false), ',') AS fields,
      json_agg(ci.id)::text AS items, ${withTexts ? Prisma.sql`json_agg(ci.text)::text` : Prisma.sql`NULL`} AS texts, json_agg(ci."vagueVerdict")::text AS verdicts
    FROM "Registration" r JOIN "Member" m ON m.id = r."memberId"
    LEFT JOIN "CommitmentItem" ci ON ci."registrationId" = r.id AND r.status IN ('SUBMITTED', 'APPROVED')
    WHERE m."unitId" = ANY(${unitIds}) AND m.status <> 'LEFT' AND r.year = ANY(${years})`;
  const n = columns?.n ?? 0;
  const members = parseArray<string>(columns?.members ?? null, n);
  const fields = split(columns?.fields ?? null, ",", n);
  const itemIds = parseArray<string | null>(columns?.items ?? null, n);
  const texts = withTexts ? parseArray<string | null>(columns?.texts ?? null, n) : null;
  const verdicts = parseArray<string | null>(columns?.verdicts ?? null, n);
  const registrations = new Map<string, DigestRegistrationInput & { year: number }>();
  for (let k = 0; k < n; k++) {
    const memberId = members[k]!;
    const [year, status, submittedAt, category, vagueKept] = fields[k]!.split(" ") as [string, RegistrationStatus, string, string, string];
    const key = `${year} ${memberId}`;
    let registration = registrations.get(key);
    if (!registration) {
      registration = { memberId, year: Number(year), status, submittedAt: submittedAt === "-" ? null : new Date(Number(submittedAt)), items: [] };
      registrations.set(key, registration);
    }
    const itemId = itemIds[k];
    if (itemId === null || itemId === undefined) continue;
    registration.items.push({
      id: itemId,
      category: category as CommitmentCategoryValue,
      text: texts?.[k] ?? "",
      vagueVerdict: verdicts[k] ?? null,
      vagueKept: vagueKept === "true",
    });
  }
  return [...registrations.values()];
}

// ---------------------------------------------------------------------------------------------
// Digests

/** Digests of several cells, loaded together. */
export async function loadCellDigests(db: Db, unitIds: string[], now: Date): Promise<CellDigest[]> {
  return (await loadCellInputs(db, unitIds, now, { numbersOnly: false })).map((input) => buildCellDigest(input));
}

/**
 * What the digests of several cells are built from. `numbersOnly` leaves out what only the
 * digest's lists use, for the roll-up: every item's text (most of what the registrations query
 * sends for a committee) and whether assessments have a review (a join with Review).
 */
async function loadCellInputs(db: Db, unitIds: string[], now: Date, options: { numbersOnly: boolean }): Promise<CellDigestInput[]> {
  if (unitIds.length === 0) return [];
  const since = new Date(now.getTime() - YEAR_MS);

  // Units, their next meeting and the period each digest is for; then what depends on the year.
  const loadUnits = async () => {
    const [units, meetings] = await Promise.all([
      db.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, name: true, timeZone: true } }),
      db.meeting.findMany({
        where: { unitId: { in: unitIds }, status: { in: ["SCHEDULED", "MOVED"] }, startsAt: { gt: now } },
        orderBy: { startsAt: "asc" },
        select: { unitId: true, startsAt: true, place: true, kind: true },
      }),
    ]);
    const nextMeeting = new Map<string, (typeof meetings)[number]>();
    for (const m of meetings) if (!nextMeeting.has(m.unitId)) nextMeeting.set(m.unitId, m);
    // Cells of a committee often meet at the same time: each distinct meeting is placed once.
    const placed = new Map<string, AssessmentPeriod>();
    const periods = new Map(
      units.map((u) => {
        const meeting = nextMeeting.get(u.id);
        const key = meeting ? `${u.timeZone} ${meeting.kind} ${meeting.startsAt.getTime()}` : u.timeZone;
        let period = placed.get(key);
        if (!period) placed.set(key, (period = meeting ? periodForMeeting(meeting, u.timeZone) : openPeriod(now, u.timeZone)));
        return [u.id, period] as const;
      }),
    );
    // From November the digest also shows next year's registrations (not the roll-up: numbers of the period's year only).
    const nextYears = new Map<string, number>();
    if (!options.numbersOnly) {
      for (const u of units) {
        const leading = leadingRegistrationYear(now, u.timeZone);
        if (leading > periods.get(u.id)!.year) nextYears.set(u.id, leading);
      }
    }
    const years = [...new Set([...periods.values()].map((p) => p.year))];
    const [registrations, exemplars, collective] = await Promise.all([
      loadRegistrations(db, unitIds, [...new Set([...years, ...nextYears.values()])], !options.numbersOnly),
      db.exemplar.findMany({
        where: { year: { in: years }, member: { unitId: { in: unitIds }, status: { not: "LEFT" } } },
        select: { memberId: true, year: true },
      }),
      db.collectiveCommitment.groupBy({ by: ["unitId", "year"], where: { unitId: { in: unitIds }, year: { in: years } }, _count: { _all: true } }),
    ]);
    return { units, nextMeeting, periods, nextYears, registrations, exemplars, collective };
  };
  const [{ units, nextMeeting, periods, nextYears, registrations, exemplars, collective }, members, history] = await Promise.all([
    loadUnits(),
    loadMembers(db, unitIds),
    loadHistory(db, unitIds, since, { reviews: !options.numbersOnly }),
  ]);

  const unitOfMember = new Map(members.map((m) => [m.id, m.unitId]));
  const byUnit = <T extends { memberId: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const unitId = unitOfMember.get(row.memberId);
      if (!unitId) continue;
      let list = map.get(unitId);
      if (!list) map.set(unitId, (list = []));
      list.push(row);
    }
    return map;
  };
  const regsByUnit = byUnit(registrations);
  const assessmentsByUnit = byUnit(history.assessments);
  const itemsByUnit = byUnit(history.items);
  const exemplarsByUnit = byUnit(exemplars);
  const membersByUnit = new Map<string, DigestMemberInput[]>();
  for (const { unitId, ...m } of members) {
    let list = membersByUnit.get(unitId);
    if (!list) membersByUnit.set(unitId, (list = []));
    list.push(m);
  }

  return units.map((unit) => {
    const period = periods.get(unit.id)!;
    const meeting = nextMeeting.get(unit.id);
    const nextYear = nextYears.get(unit.id);
    const unitRegistrations = regsByUnit.get(unit.id) ?? [];
    return {
      unit,
      meeting: meeting ? { startsAt: meeting.startsAt, place: meeting.place, kind: meeting.kind } : null,
      period: period.period,
      now,
      members: membersByUnit.get(unit.id) ?? [],
      registrations: unitRegistrations.filter((r) => r.year === period.year),
      nextYear: nextYear === undefined ? null : { year: nextYear, registrations: unitRegistrations.filter((r) => r.year === nextYear) },
      history: { assessments: assessmentsByUnit.get(unit.id) ?? [], items: itemsByUnit.get(unit.id) ?? [] },
      exemplars: exemplarsByUnit.get(unit.id) ?? [],
      collectiveItems: collective.find((c) => c.unitId === unit.id && c.year === period.year)?._count._all ?? 0,
    };
  });
}

export async function loadCellDigest(db: Db, unitId: string, now: Date): Promise<CellDigest | null> {
  const [digest] = await loadCellDigests(db, [unitId], now);
  return digest ?? null;
}

/** The roll-up of every cell under a committee: numbers only, no member's text. */
export async function loadRollup(db: Db, committeeId: string, now: Date): Promise<Rollup | null> {
  const committee = await db.unit.findUnique({ where: { id: committeeId }, select: { id: true, name: true, timeZone: true } });
  if (!committee) return null;
  const ids = await subtreeUnitIds(db, committeeId);
  const cells = await db.unit.findMany({ where: { id: { in: ids }, kind: "CELL" }, select: { id: true } });
  const inputs = await loadCellInputs(
    db,
    cells.map((c) => c.id),
    now,
    { numbersOnly: true },
  );
  return buildRollup({ committee, cells: inputs.map((input) => buildCellStats(input)), now });
}
