// Loads what the digest needs for one cell or a whole committee in a handful of bulk queries (no
// per-member queries), then hands it to the pure assembly (domain/digest/). The year of
// assessments and their per-item progress is reduced in PostgreSQL (digest-history.ts); large
// answers come back column by column in a single row (digest-columns.ts).
import { Prisma, type Db } from "./client.ts";
import { subtreeUnitIds } from "./units.ts";
import { parseArray, parseIntegers, split } from "./digest-columns.ts";
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

/**
 * Members (not LEFT) of the units, numbered by the query (`ord`): per member in `memberNumbers`
 * "unit accounts anyReachable" (unit: its index in the units given; anyReachable 0/1), in
 * `statuses` its status, in `members` its id and in `names` its name (NULL when not asked for).
 * Per registration of the years in `registrationNumbers` "k ord year submittedAt" (epoch ms, -1:
 * none; k: the registration's number) and in `registrationStatuses` its status; per item of a
 * registered one in `itemNumbers` "k vagueKept" (0/1), and its id, category, verdict and text
 * (NULL when not asked for) in the columns named so.
 */
interface PeopleColumns {
  memberCount: number;
  members: string | null;
  names: string | null;
  memberNumbers: string | null;
  statuses: string | null;
  registrationCount: number;
  registrationNumbers: string | null;
  registrationStatuses: string | null;
  itemCount: number;
  itemNumbers: string | null;
  itemIds: string | null;
  categories: string | null;
  verdicts: string | null;
  texts: string | null;
}

/**
 * Members (not LEFT) of the units, by id, and their registrations of the years; items only of
 * registered ones. One statement, so that members travel as numbers of its own. `withTexts: false`
 * (the roll-up, which counts) leaves out members' names and items' texts: most of the bytes.
 */
async function loadPeople(
  db: Db,
  unitIds: string[],
  years: number[],
  withTexts: boolean,
): Promise<{ members: Array<DigestMemberInput & { unitId: string }>; registrations: Array<DigestRegistrationInput & { year: number }> }> {
  // Joined with the members: a unit given twice would give its members twice.
  const units = [...new Set(unitIds)];
  const [columns] = await db.$queryRaw<PeopleColumns[]>`
    WITH m AS MATERIALIZED (
      SELECT m.id, (row_number() OVER () - 1)::int AS ord, u.k - 1 AS unit, m.status, m."fullName"
      FROM "Member" m JOIN unnest(${units}::text[]) WITH ORDINALITY AS u (id, k) ON u.id = m."unitId"
      WHERE m.status <> 'LEFT'
    ), r AS MATERIALIZED (
      SELECT r.id, m.ord, r.year, r.status, r."submittedAt", (row_number() OVER () - 1)::int AS k
      FROM "Registration" r JOIN m ON m.id = r."memberId"
      WHERE r.year = ANY(${years})
    )
    SELECT mc.*, rc.*, ic.*
    FROM (
      SELECT count(*)::int AS "memberCount", json_agg(m.id)::text AS members,
        ${withTexts ? Prisma.sql`json_agg(m."fullName")::text` : Prisma.sql`NULL`} AS names,
        string_agg(m.unit || ' ' || coalesce(i.n, 0) || CASE WHEN i.reachable THEN ' 1' ELSE ' 0' END, ' ') AS "memberNumbers",
        string_agg(m.status::text, ',') AS statuses
      FROM m LEFT JOIN (
        SELECT "memberId", count(*) AS n, bool_or(reachable) AS reachable FROM "Identity" WHERE "memberId" IN (SELECT id FROM m) GROUP BY 1
      ) i ON i."memberId" = m.id
    ) mc, (
      SELECT count(*)::int AS "registrationCount",
        string_agg(k || ' ' || ord || ' ' || year || ' ' || coalesce(((date_part('epoch', "submittedAt") * 1000)::bigint), -1), ' ') AS "registrationNumbers",
        string_agg(status::text, ',') AS "registrationStatuses"
      FROM r
    ) rc, (
      SELECT count(*)::int AS "itemCount", string_agg(r.k || CASE WHEN ci."vagueKept" THEN ' 1' ELSE ' 0' END, ' ') AS "itemNumbers",
        json_agg(ci.id)::text AS "itemIds", string_agg(ci.category::text, ',') AS categories, json_agg(ci."vagueVerdict")::text AS verdicts,
        ${withTexts ? Prisma.sql`json_agg(ci.text)::text` : Prisma.sql`NULL`} AS texts
      FROM r JOIN "CommitmentItem" ci ON ci."registrationId" = r.id
      WHERE r.status IN ('SUBMITTED', 'APPROVED')
    ) ic`;
  const c = columns!;
  // Members, in the order of their numbers.
  const memberIds = parseArray<string>(c.members, c.memberCount);
  const names = withTexts ? parseArray<string>(c.names, c.memberCount) : null;
  const memberNumbers = parseIntegers(c.memberNumbers, c.memberCount * 3);
  const statuses = split(c.statuses, ",", c.memberCount);
  const members = memberIds.map((id, ord) => {
    const accounts = memberNumbers[ord * 3 + 1]!;
    // Reach by the rule the broadcast and the reminders use (reachOf), from the accounts reduced in SQL.
    const reach = reachOf(accounts === 0 ? [] : [{ reachable: memberNumbers[ord * 3 + 2] === 1 }]);
    return {
      id,
      unitId: units[memberNumbers[ord * 3]!]!,
      fullName: names?.[ord] ?? "",
      status: statuses[ord] as MemberStatusValue,
      linked: reach !== "not-linked",
      reachable: reach === null,
    };
  });

  // Registrations, by their numbers; then their items.
  const registrationNumbers = parseIntegers(c.registrationNumbers, c.registrationCount * 4);
  const registrationStatuses = split(c.registrationStatuses, ",", c.registrationCount);
  const registrations = new Array<DigestRegistrationInput & { year: number }>(c.registrationCount);
  for (let j = 0; j < c.registrationCount; j++) {
    const at = j * 4;
    const submittedAt = registrationNumbers[at + 3]!;
    registrations[registrationNumbers[at]!] = {
      memberId: memberIds[registrationNumbers[at + 1]!]!,
      year: registrationNumbers[at + 2]!,
      status: registrationStatuses[j] as RegistrationStatus,
      submittedAt: submittedAt < 0 ? null : new Date(submittedAt),
      items: [],
    };
  }
  const itemNumbers = parseIntegers(c.itemNumbers, c.itemCount * 2);
  const itemIds = parseArray<string>(c.itemIds, c.itemCount);
  const categories = split(c.categories, ",", c.itemCount);
  const verdicts = parseArray<string | null>(c.verdicts, c.itemCount);
  const texts = withTexts ? parseArray<string>(c.texts, c.itemCount) : null;
  for (let j = 0; j < c.itemCount; j++) {
    registrations[itemNumbers[j * 2]!]!.items.push({
      id: itemIds[j]!,
      category: categories[j] as CommitmentCategoryValue,
      text: texts?.[j] ?? "",
      vagueVerdict: verdicts[j] ?? null,
      vagueKept: itemNumbers[j * 2 + 1] === 1,
    });
  }
  // A fixed order, so that members of the same name always rank the same way.
  return { members: members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), registrations };
}

// ---------------------------------------------------------------------------------------------
// Digests

/** Digests of several cells, loaded together. */
export async function loadCellDigests(db: Db, unitIds: string[], now: Date): Promise<CellDigest[]> {
  return (await loadCellInputs(db, unitIds, now, { numbersOnly: false })).map((input) => buildCellDigest(input));
}

/**
 * What the digests of several cells are built from. `numbersOnly` leaves out what only the
 * digest's lists use, for the roll-up: members' names and items' texts (most of the bytes a
 * committee's members and registrations come in) and whether assessments have a review (a join
 * with Review).
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
    const [{ members, registrations }, exemplars, collective] = await Promise.all([
      loadPeople(db, unitIds, [...new Set([...years, ...nextYears.values()])], !options.numbersOnly),
      db.exemplar.findMany({
        where: { year: { in: years }, member: { unitId: { in: unitIds }, status: { not: "LEFT" } } },
        select: { memberId: true, year: true },
      }),
      db.collectiveCommitment.groupBy({ by: ["unitId", "year"], where: { unitId: { in: unitIds }, year: { in: years } }, _count: { _all: true } }),
    ]);
    return { units, nextMeeting, periods, nextYears, members, registrations, exemplars, collective };
  };
  // The history first: its masks query takes longest.
  const [history, { units, nextMeeting, periods, nextYears, members, registrations, exemplars, collective }] = await Promise.all([
    loadHistory(db, unitIds, since, { reviews: !options.numbersOnly }),
    loadUnits(),
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
