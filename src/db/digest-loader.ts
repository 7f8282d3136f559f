// Loads what the digest needs for one cell or a whole committee in a handful of bulk queries (no
// per-member queries), then hands it to the pure assembly (domain/digest/).
//
// A 10,000-member committee has ~100,000 assessments a year with ~300,000 item progress rows.
// Those rows never leave PostgreSQL: it reduces them to one row per item and member holding, for
// each progress value, a bit mask of the member's assessments that reported it. Together with the
// list of assessments (without items) that is enough to read every item's history back exactly,
// in order of submission as summarizeAssessments reads raw assessments, and to tell which
// assessments had every item on track. The loader hands buildCellDigest that reduced history.
//
// Large answers come back as a single row whose columns each hold the values of all rows: strings
// as a JSON array, numbers and enum values joined by a separator (the counts are checked).
// PostgreSQL writes that several times faster than JSON rows, and the client builds no object per
// value.
import { Prisma, type Db } from "./client.ts";
import { subtreeUnitIds } from "./units.ts";
import {
  ItemHistoryFold,
  buildCellDigest,
  buildRollup,
  compareAssessments,
  periodMonthIndex,
  type CellDigest,
  type CellDigestInput,
  type CommitmentCategoryValue,
  type DigestAssessmentSummary,
  type DigestHistory,
  type DigestItemHistory,
  type DigestMemberInput,
  type DigestRegistrationInput,
  type ProgressValue,
  type RegistrationStatus,
  type Rollup,
} from "../domain/digest/index.ts";
import type { MemberStatusValue } from "../domain/owed.ts";
import { openPeriod, periodForMeeting, type AssessmentPeriod } from "../domain/periods.ts";
import { renderCellDigest, renderRollup } from "../messages/digest.ts";

const YEAR_MS = 366 * 86_400_000;

/** `n` rows, given column by column. */
interface Columns {
  n: number;
}

/** Values (enum names, numbers: never the separator) joined by `separator`, checked to be `n`. */
function split(text: string | null, separator: string, n: number): string[] {
  const parts = text === null || text === "" ? [] : text.split(separator);
  if (parts.length !== n) throw new Error(`Digest query: expected ${n} values, got ${parts.length}`);
  return parts;
}

/** A column of `n` integers (|x| < 2^53) joined by one separator character, parsed without splitting. */
function parseIntegers(text: string | null, n: number): Float64Array {
  const out = new Float64Array(n);
  let count = 0;
  if (text !== null && text !== "") {
    let value = 0;
    let sign = 1;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : -1;
      if (c >= 48 && c <= 57) value = value * 10 + (c - 48);
      else if (c === 45) sign = -1; // "-"
      else {
        if (count < n) out[count] = sign * value;
        count++;
        value = 0;
        sign = 1;
      }
    }
  }
  if (count !== n) throw new Error(`Digest query: expected ${n} values, got ${count}`);
  return out;
}

/** A column given as a JSON array (json_agg), checked to hold `n` values. */
function parseArray<T>(json: string | null, n: number): T[] {
  const values = json === null ? [] : (JSON.parse(json) as T[]);
  if (values.length !== n) throw new Error(`Digest query: expected ${n} values, got ${values.length}`);
  return values;
}

// ---------------------------------------------------------------------------------------------
// Members and registrations

/** Per member: id, unit, name, and "STATUS linked reachable" (0/1). */
type MemberColumns = Columns & { ids: string | null; units: string | null; names: string | null; flags: string | null };

/** Members (not LEFT) of the units, by id. */
async function loadMembers(db: Db, unitIds: string[]): Promise<Array<DigestMemberInput & { unitId: string }>> {
  const [columns] = await db.$queryRaw<MemberColumns[]>`
    SELECT count(*)::int AS n, json_agg(id)::text AS ids, json_agg("unitId")::text AS units,
      json_agg("fullName")::text AS names, string_agg(flags, ',') AS flags
    FROM (
      SELECT m.id, m."unitId", m."fullName",
        m.status || CASE WHEN count(i.id) > 0 THEN ' 1' ELSE ' 0' END || CASE WHEN bool_or(i.reachable) THEN ' 1' ELSE ' 0' END AS flags
      FROM "Member" m LEFT JOIN "Identity" i ON i."memberId" = m.id AND i.platform <> 'LOCAL'
      WHERE m."unitId" = ANY(${unitIds}) AND m.status <> 'LEFT'
      GROUP BY m.id
    ) s`;
  const n = columns?.n ?? 0;
  const ids = parseArray<string>(columns?.ids ?? null, n);
  const units = parseArray<string>(columns?.units ?? null, n);
  const names = parseArray<string>(columns?.names ?? null, n);
  const flags = split(columns?.flags ?? null, ",", n);
  const members = ids.map((id, k) => {
    const [status, linked, reachable] = flags[k]!.split(" ");
    return { id, unitId: units[k]!, fullName: names[k]!, status: status as MemberStatusValue, linked: linked === "1", reachable: reachable === "1" };
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
async function loadRegistrations(db: Db, unitIds: string[], years: number[]): Promise<Array<DigestRegistrationInput & { year: number }>> {
  const [columns] = await db.$queryRaw<RegistrationColumns[]>`
    SELECT count(*)::int AS n, json_agg(r."memberId")::text AS members,
      string_agg(r.year || ' ' || r.status || ' ' || coalesce(((date_part('epoch', r."submittedAt") * 1000)::bigint)::text, '-')
        || ' ' || coalesce(ci.category::text, '-') || ' ' || coalesce(ci."vagueKept", false), ',') AS fields,
      json_agg(ci.id)::text AS items, json_agg(ci.text)::text AS texts, json_agg(ci."vagueVerdict")::text AS verdicts
    FROM "Registration" r JOIN "Member" m ON m.id = r."memberId"
    LEFT JOIN "CommitmentItem" ci ON ci."registrationId" = r.id AND r.status IN ('SUBMITTED', 'APPROVED')
    WHERE m."unitId" = ANY(${unitIds}) AND m.status <> 'LEFT' AND r.year = ANY(${years})`;
  const n = columns?.n ?? 0;
  const members = parseArray<string>(columns?.members ?? null, n);
  const fields = split(columns?.fields ?? null, ",", n);
  const itemIds = parseArray<string | null>(columns?.items ?? null, n);
  const texts = parseArray<string | null>(columns?.texts ?? null, n);
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
    registration.items.push({ id: itemId, category: category as CommitmentCategoryValue, text: texts[k] ?? "", vagueVerdict: verdicts[k] ?? null, vagueKept: vagueKept === "true" });
  }
  return [...registrations.values()];
}

// ---------------------------------------------------------------------------------------------
// Assessments, reduced

/** Per submitted assessment: member, period, submittedAt (epoch ms), and "1" when it has a review. */
type AssessmentColumns = Columns & { members: string | null; periods: string | null; times: string | null; reviewed: string | null };

/**
 * Per item, member and b: item, member, and REPORT_NUMBERS numbers: b, then for DONE, ON_TRACK,
 * BEHIND, NOT_STARTED in turn bits 0–30 and bits 31–61 of a mask where bit i set = reported so in
 * the member's assessment at position MASK_BITS·b + i (positionOf). b is 0 but for periods far
 * from the window.
 */
type ReportColumns = Columns & { items: string | null; members: string | null; numbers: string | null };
const REPORT_NUMBERS = 9;
/** The order of the masks in ReportColumns. */
const PROGRESS_ORDER: readonly ProgressValue[] = ["DONE", "ON_TRACK", "BEHIND", "NOT_STARTED"];
/** Positions per mask. */
const MASK_BITS = 62;

/**
 * An assessment's position among its member's, from its period alone (the two queries of
 * loadHistory agree on it without sharing a numbering): 3 × months after `base`, + 0 for a month,
 * 1 for a quarter, 2 for a year. loadHistory takes for `base` the month before its window, so that
 * a year of assessments falls within one mask. POSITION_SQL is the same in SQL (where an invalid
 * period fails the query or gives some position; here periodMonthIndex throws a RangeError).
 */
function positionOf(period: string, base: number): number {
  const kind = period.length === 4 ? 2 : period.charAt(5) === "Q" ? 1 : 0;
  return (periodMonthIndex(period) - base) * 3 + kind;
}
const POSITION_SQL = (base: number) => Prisma.sql`CASE
  WHEN length(a.period) = 4 THEN (a.period::int * 12 + 11 - ${base}::int) * 3 + 2
  WHEN substr(a.period, 6, 1) = 'Q' THEN (substr(a.period, 1, 4)::int * 12 + substr(a.period, 7, 1)::int * 3 - 1 - ${base}::int) * 3 + 1
  ELSE (substr(a.period, 1, 4)::int * 12 + substr(a.period, 6, 2)::int - 1 - ${base}::int) * 3 END`;

/**
 * The submitted assessments created since `since` by ACTIVE members of the units, reduced: a summary
 * of each assessment, and the history of every item they report (as summarizeAssessments would
 * give from the raw rows). Two queries, run side by side: the assessments, and the masks (the only
 * pass over the progress rows).
 */
export async function loadHistory(db: Db, unitIds: string[], since: Date): Promise<DigestHistory> {
  const base = since.getUTCFullYear() * 12 + since.getUTCMonth() - 1;
  const [byMember, [reports]] = await Promise.all([
    db.$queryRaw<AssessmentColumns[]>`
      SELECT count(*)::int AS n, json_agg(a."memberId")::text AS members, json_agg(a.period)::text AS periods,
        string_agg(((date_part('epoch', a."submittedAt") * 1000)::bigint)::text, ',') AS times,
        string_agg(CASE WHEN rv.id IS NULL THEN '0' ELSE '1' END, '') AS reviewed
      FROM "Assessment" a JOIN "Member" m ON m.id = a."memberId"
      LEFT JOIN (
        SELECT DISTINCT r."assessmentId" AS id
        FROM "Review" r JOIN "Assessment" x ON x.id = r."assessmentId" JOIN "Member" mx ON mx.id = x."memberId"
        WHERE mx."unitId" = ANY(${unitIds}) AND mx.status = 'ACTIVE' AND x."createdAt" >= ${since}
      ) rv ON rv.id = a.id
      WHERE m."unitId" = ANY(${unitIds}) AND m.status = 'ACTIVE' AND a."createdAt" >= ${since} AND a."submittedAt" IS NOT NULL`.then(
      // Indexed while the masks are still being computed.
      ([columns]) => indexAssessments(columns ?? { n: 0, members: null, periods: null, times: null, reviewed: null }, base),
    ),
    db.$queryRaw<ReportColumns[]>`
      SELECT count(*)::int AS n, json_agg("itemId")::text AS items, json_agg("memberId")::text AS members,
        string_agg(b || ' ' || (done & 2147483647) || ' ' || (done >> 31) || ' ' || (on_track & 2147483647) || ' ' || (on_track >> 31)
          || ' ' || (behind & 2147483647) || ' ' || (behind >> 31) || ' ' || (not_started & 2147483647) || ' ' || (not_started >> 31), ' ') AS numbers
      FROM (
        SELECT ai."itemId", a."memberId", a.b,
          coalesce(bit_or(a.bit) FILTER (WHERE ai.progress = 'DONE'), 0) AS done,
          coalesce(bit_or(a.bit) FILTER (WHERE ai.progress = 'ON_TRACK'), 0) AS on_track,
          coalesce(bit_or(a.bit) FILTER (WHERE ai.progress = 'BEHIND'), 0) AS behind,
          coalesce(bit_or(a.bit) FILTER (WHERE ai.progress = 'NOT_STARTED'), 0) AS not_started
        FROM "AssessmentItem" ai JOIN (
          -- OFFSET 0: b and bit are computed once per assessment, not once per progress row.
          SELECT id, "memberId", b, 1::bigint << (pos - b * ${MASK_BITS}) AS bit
          FROM (
            SELECT id, "memberId", pos, floor(pos::float8 / ${MASK_BITS})::int AS b
            FROM (
              SELECT a.id, a."memberId", ${POSITION_SQL(base)} AS pos
              FROM "Assessment" a JOIN "Member" m ON m.id = a."memberId"
              WHERE m."unitId" = ANY(${unitIds}) AND m.status = 'ACTIVE' AND a."createdAt" >= ${since} AND a."submittedAt" IS NOT NULL
            ) p
          ) q
          OFFSET 0
        ) a ON a.id = ai."assessmentId"
        GROUP BY 1, 2, 3
      ) r`,
  ]);
  return decodeHistory(byMember, reports ?? { n: 0, items: null, members: null, numbers: null });
}

interface MemberAssessments {
  /** The member's assessments in order of submission (compareAssessments). */
  list: DigestAssessmentSummary[];
  /** Index in `list` of the assessment at each position 0 … MASK_BITS − 1 (-1: none), and beyond. */
  indexAt: Int32Array;
  indexBeyond: Map<number, number> | null;
  /** Per index in `list`: some item was reported in it; some item was BEHIND or NOT_STARTED. */
  hasItems: Uint8Array;
  notOnTrack: Uint8Array;
}

/** Each member's assessments, in order of submission and by position. */
function indexAssessments(columns: AssessmentColumns, base: number): Map<string, MemberAssessments> {
  const { n } = columns;
  const memberIds = parseArray<string>(columns.members, n);
  const periods = parseArray<string>(columns.periods, n);
  const times = parseIntegers(columns.times, n);
  const reviewed = columns.reviewed ?? "";
  if (reviewed.length !== n) throw new Error(`Digest query: expected ${n} values, got ${reviewed.length}`);
  const listOf = new Map<string, DigestAssessmentSummary[]>();
  for (let k = 0; k < n; k++) {
    const memberId = memberIds[k]!;
    let list = listOf.get(memberId);
    if (!list) listOf.set(memberId, (list = []));
    list.push({ memberId, period: periods[k]!, submittedAt: new Date(times[k]!), hasReview: reviewed.charCodeAt(k) === 49, allOnTrack: false });
  }
  const byMember = new Map<string, MemberAssessments>();
  for (const [memberId, list] of listOf) {
    list.sort(compareAssessments);
    const m: MemberAssessments = {
      list,
      indexAt: new Int32Array(MASK_BITS).fill(-1),
      indexBeyond: null,
      hasItems: new Uint8Array(list.length),
      notOnTrack: new Uint8Array(list.length),
    };
    list.forEach((a, i) => {
      const pos = positionOf(a.period, base);
      if (pos >= 0 && pos < MASK_BITS) m.indexAt[pos] = i;
      else (m.indexBeyond ??= new Map()).set(pos, i);
    });
    byMember.set(memberId, m);
  }
  return byMember;
}

/** Reads the masks back into item histories, and completes the assessment summaries. */
function decodeHistory(byMember: Map<string, MemberAssessments>, columns: ReportColumns): DigestHistory {
  const { n } = columns;
  const itemIds = parseArray<string>(columns.items, n);
  const memberIds = parseArray<string>(columns.members, n);
  const numbers = parseIntegers(columns.numbers, n * REPORT_NUMBERS);
  let longest = 0;
  for (const m of byMember.values()) longest = Math.max(longest, m.list.length);
  // An item with rows for more than one b (periods far from the window: rare) is gathered first.
  const key = (k: number) => `${memberIds[k]}\u0000${itemIds[k]}`;
  const spread = new Set<string>();
  for (let k = 0; k < n; k++) if (numbers[k * REPORT_NUMBERS] !== 0) spread.add(key(k));
  const gathered = new Map<string, { k: number; progress: Int8Array }>();

  const items: DigestItemHistory[] = [];
  const scratch: Int8Array = new Int8Array(longest);
  for (let k = 0; k < n; k++) {
    const m = byMember.get(memberIds[k]!);
    if (!m) continue; // assessments written between the two queries
    // The item's progress by index in the member's list; -1: not reported.
    let progress = scratch;
    const spreadKey = spread.size > 0 && spread.has(key(k)) ? key(k) : null;
    if (spreadKey === null) progress.fill(-1, 0, m.list.length);
    else {
      const entry = gathered.get(spreadKey) ?? { k, progress: new Int8Array(m.list.length).fill(-1) };
      gathered.set(spreadKey, entry);
      progress = entry.progress;
    }
    const at = k * REPORT_NUMBERS;
    const b = numbers[at]!;
    for (let p = 0; p < PROGRESS_ORDER.length; p++) {
      for (let half = 0; half < 2; half++) {
        for (let bits = numbers[at + 1 + 2 * p + half]!, bit = half * 31; bits !== 0; bits >>>= 1, bit++) {
          if ((bits & 1) === 0) continue;
          const i = b === 0 ? m.indexAt[bit]! : (m.indexBeyond?.get(b * MASK_BITS + bit) ?? -1);
          if (i < 0) continue; // an assessment written between the two queries
          progress[i] = p;
          m.hasItems[i] = 1;
          if (p >= 2) m.notOnTrack[i] = 1; // BEHIND, NOT_STARTED
        }
      }
    }
    if (spreadKey === null) foldItem(itemIds[k]!, memberIds[k]!, m, progress, items);
  }
  for (const { k, progress } of gathered.values()) foldItem(itemIds[k]!, memberIds[k]!, byMember.get(memberIds[k]!)!, progress, items);

  const assessments: DigestAssessmentSummary[] = [];
  for (const m of byMember.values()) {
    m.list.forEach((a, i) => {
      a.allOnTrack = m.hasItems[i] === 1 && m.notOnTrack[i] === 0;
      assessments.push(a);
    });
  }
  return { assessments, items };
}

/** One item's progress in each of its member's assessments (by index in the list), read in order. */
function foldItem(itemId: string, memberId: string, m: MemberAssessments, progress: Int8Array, into: DigestItemHistory[]): void {
  const fold = new ItemHistoryFold();
  for (let i = 0; i < m.list.length; i++) {
    const p = progress[i]!;
    if (p < 0) continue;
    const a = m.list[i]!;
    fold.add(a.period, a.submittedAt, PROGRESS_ORDER[p]!);
  }
  const h = fold.result(itemId, memberId);
  if (h) into.push(h);
}

// ---------------------------------------------------------------------------------------------
// Digests

/** Digests of several cells, loaded together. */
export async function loadCellDigests(db: Db, unitIds: string[], now: Date): Promise<CellDigest[]> {
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
    const years = [...new Set([...periods.values()].map((p) => p.year))];
    const [registrations, exemplars, collective] = await Promise.all([
      loadRegistrations(db, unitIds, years),
      db.exemplar.findMany({
        where: { year: { in: years }, member: { unitId: { in: unitIds }, status: { not: "LEFT" } } },
        select: { memberId: true, year: true },
      }),
      db.collectiveCommitment.groupBy({ by: ["unitId", "year"], where: { unitId: { in: unitIds }, year: { in: years } }, _count: { _all: true } }),
    ]);
    return { units, nextMeeting, periods, registrations, exemplars, collective };
  };
  const [{ units, nextMeeting, periods, registrations, exemplars, collective }, members, history] = await Promise.all([
    loadUnits(),
    loadMembers(db, unitIds),
    loadHistory(db, unitIds, since),
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
    const input: CellDigestInput = {
      unit,
      meeting: meeting ? { startsAt: meeting.startsAt, place: meeting.place, kind: meeting.kind } : null,
      period: period.period,
      now,
      members: membersByUnit.get(unit.id) ?? [],
      registrations: (regsByUnit.get(unit.id) ?? []).filter((r) => r.year === period.year),
      history: { assessments: assessmentsByUnit.get(unit.id) ?? [], items: itemsByUnit.get(unit.id) ?? [] },
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
