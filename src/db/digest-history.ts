// A committee's year of assessments, reduced in PostgreSQL for the digest (see digest-loader.ts).
//
// A 10,000-member committee has ~100,000 assessments a year with ~300,000 item progress rows.
// Those rows never leave PostgreSQL: it reduces them to one row per item and member holding, for
// each progress value, a bit mask of the member's assessments that reported it. Together with the
// list of assessments (without items) that is enough to read every item's history back exactly,
// in order of submission as summarizeAssessments reads raw assessments, and to tell which
// assessments had every item on track.
import { Prisma, type Db } from "./client.ts";
import { parseArray, parseIntegers, split, type Columns } from "./digest-columns.ts";
import { PROGRESS_VALUES } from "../domain/vocabulary.ts";
import {
  ItemHistoryFold,
  periodMonthIndex,
  type DigestAssessmentSummary,
  type DigestHistory,
  type DigestItemHistory,
  type ProgressValue,
} from "../domain/digest/index.ts";

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
const PROGRESS_ORDER: readonly ProgressValue[] = PROGRESS_VALUES;
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
/**
 * The positions of the periods of the years around the window, looked up by the masks query
 * rather than computed there from the period's text for each of a committee's ~100,000
 * assessments (that computation was a quarter of the query); other periods fall back on
 * POSITION_SQL.
 */
function knownPositions(since: Date, base: number): { periods: string[]; positions: number[] } {
  const periods: string[] = [];
  for (let year = since.getUTCFullYear() - 1; year <= since.getUTCFullYear() + 2; year++) {
    periods.push(String(year));
    for (let q = 1; q <= 4; q++) periods.push(`${year}-Q${q}`);
    for (let month = 1; month <= 12; month++) periods.push(`${year}-${String(month).padStart(2, "0")}`);
  }
  return { periods, positions: periods.map((p) => positionOf(p, base)) };
}
const POSITION_SQL = (base: number) => Prisma.sql`CASE
  WHEN length(a.period) = 4 THEN (a.period::int * 12 + 11 - ${base}::int) * 3 + 2
  WHEN substr(a.period, 6, 1) = 'Q' THEN (substr(a.period, 1, 4)::int * 12 + substr(a.period, 7, 1)::int * 3 - 1 - ${base}::int) * 3 + 1
  ELSE (substr(a.period, 1, 4)::int * 12 + substr(a.period, 6, 2)::int - 1 - ${base}::int) * 3 END`;

/**
 * The submitted assessments created since `since` by ACTIVE members of the units, reduced: a summary
 * of each assessment, and the history of every item they report (as summarizeAssessments would
 * give from the raw rows). Two queries, run side by side: the assessments, and the masks (the only
 * pass over the progress rows). `reviews: false` leaves every hasReview false, for callers that
 * keep only numbers (the roll-up counts no assessment awaiting review).
 */
export async function loadHistory(db: Db, unitIds: string[], since: Date, options: { reviews?: boolean } = {}): Promise<DigestHistory> {
  const base = since.getUTCFullYear() * 12 + since.getUTCMonth() - 1;
  const known = knownPositions(since, base);
  const masks = db.$queryRaw<ReportColumns[]>`
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
              SELECT a.id, a."memberId", coalesce(known.pos, ${POSITION_SQL(base)}) AS pos
              FROM "Assessment" a JOIN "Member" m ON m.id = a."memberId"
              LEFT JOIN unnest(${known.periods}::text[], ${known.positions}::int[]) AS known (period, pos) ON known.period = a.period
              WHERE m."unitId" = ANY(${unitIds}) AND m.status = 'ACTIVE' AND a."createdAt" >= ${since} AND a."submittedAt" IS NOT NULL
            ) p
          ) q
          OFFSET 0
        ) a ON a.id = ai."assessmentId"
        GROUP BY 1, 2, 3
      ) r`;
  // The masks first: they take longest.
  const [[reports], byMember] = await Promise.all([
    withoutJit(db, unitIds.length, masks),
    db.$queryRaw<AssessmentColumns[]>`
      -- The window's assessments are selected once, and their reviews found from them (by Review's
      -- index for a cell, by a hash join for a committee) rather than by selecting them again.
      -- Without reviews (the roll-up) nothing reads them twice: not materialized, they are read in
      -- the same pass as they are aggregated (a 10,000-member committee's 82,000: 136 → 90 ms).
      -- Periods never hold a comma: joined, not a JSON array.
      WITH a AS ${options.reviews === false ? Prisma.sql`NOT MATERIALIZED` : Prisma.sql`MATERIALIZED`} (
        SELECT a.id, a."memberId", a.period, a."submittedAt"
        FROM "Assessment" a JOIN "Member" m ON m.id = a."memberId"
        WHERE m."unitId" = ANY(${unitIds}) AND m.status = 'ACTIVE' AND a."createdAt" >= ${since} AND a."submittedAt" IS NOT NULL
      )
      SELECT count(*)::int AS n, json_agg(a."memberId")::text AS members, string_agg(a.period, ',') AS periods,
        string_agg(((date_part('epoch', a."submittedAt") * 1000)::bigint)::text, ',') AS times,
        ${options.reviews === false ? Prisma.sql`NULL` : Prisma.sql`string_agg(CASE WHEN rv.id IS NULL THEN '0' ELSE '1' END, '')`} AS reviewed
      FROM a ${
        options.reviews === false
          ? Prisma.empty
          : Prisma.sql`LEFT JOIN (SELECT DISTINCT r."assessmentId" AS id FROM "Review" r JOIN a ON a.id = r."assessmentId") rv ON rv.id = a.id`
      }`.then(
      // Indexed while the masks are still being computed.
      ([columns]) => indexAssessments(columns ?? { n: 0, members: null, periods: null, times: null, reviewed: null }, base),
    ),
  ]);
  return decodeHistory(byMember, reports ?? { n: 0, items: null, members: null, numbers: null });
}

/**
 * The query run without JIT when the selection is large enough for PostgreSQL to consider it: the
 * masks query of a 10,000-member committee passes jit_above_cost, and compiling it (in the leader
 * and in each parallel worker) took ~100 ms more than it saved. A smaller selection (fewer than
 * JIT_UNITS units: under ~10,000 members even with 200-member cells) runs as it is, sparing the
 * transaction's three round trips, which outweigh a cell's whole query.
 */
function withoutJit<T>(db: Db, units: number, query: Prisma.PrismaPromise<T>): Promise<T> {
  if (units < JIT_UNITS) return query;
  return db.$transaction([db.$executeRaw`SET LOCAL jit = off`, query]).then(([, rows]) => rows);
}
const JIT_UNITS = 50;

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
  const periods = split(columns.periods, ",", n);
  const times = parseIntegers(columns.times, n);
  // Null when not asked for (then no assessment has a review).
  const reviewed = columns.reviewed ?? "0".repeat(n);
  if (reviewed.length !== n) throw new Error(`Digest query: expected ${n} values, got ${reviewed.length}`);
  // Each member's rows (indexes into the columns), then each list sorted on numbers: submittedAt,
  // then the position, which orders by the period's month, then month before quarter before year
  // (compareAssessments' order, without a period lookup per comparison).
  const positions = new Float64Array(n);
  const rowsOf = new Map<string, number[]>();
  for (let k = 0; k < n; k++) {
    positions[k] = positionOf(periods[k]!, base);
    const memberId = memberIds[k]!;
    const rows = rowsOf.get(memberId);
    if (rows) rows.push(k);
    else rowsOf.set(memberId, [k]);
  }
  const byOrder = (a: number, b: number) => times[a]! - times[b]! || positions[a]! - positions[b]!;
  const byMember = new Map<string, MemberAssessments>();
  for (const [memberId, rows] of rowsOf) {
    if (rows.length > 1) rows.sort(byOrder);
    const m: MemberAssessments = {
      list: new Array<DigestAssessmentSummary>(rows.length),
      indexAt: new Int32Array(MASK_BITS).fill(-1),
      indexBeyond: null,
      hasItems: new Uint8Array(rows.length),
      notOnTrack: new Uint8Array(rows.length),
    };
    for (let i = 0; i < rows.length; i++) {
      const k = rows[i]!;
      m.list[i] = { memberId, period: periods[k]!, submittedAt: new Date(times[k]!), hasReview: reviewed.charCodeAt(k) === 49, allOnTrack: false };
      const pos = positions[k]!;
      if (pos >= 0 && pos < MASK_BITS) m.indexAt[pos] = i;
      else (m.indexBeyond ??= new Map()).set(pos, i);
    }
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
        // Only the set bits, lowest first.
        for (let bits = numbers[at + 1 + 2 * p + half]!; bits !== 0; bits &= bits - 1) {
          const bit = half * 31 + 31 - Math.clz32(bits & -bits);
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
