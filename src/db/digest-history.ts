// A committee's year of assessments, reduced in PostgreSQL for the digest (see digest-loader.ts).
//
// A 10,000-member committee has ~100,000 assessments a year with ~300,000 item progress rows.
// Those rows never leave PostgreSQL: it reduces them to one row per item and member holding, for
// each progress value, a bit mask of the member's assessments that reported it. Together with the
// list of assessments (without items) that is enough to read every item's history back exactly,
// in order of submission as summarizeAssessments reads raw assessments, and to tell which
// assessments had every item on track.
import { Prisma, type Db } from "./client.ts";
import { parseArray, parseIntegers } from "./digest-columns.ts";
import { PROGRESS_VALUES } from "../domain/vocabulary.ts";
import {
  ItemHistoryFold,
  periodMonthIndex,
  type DigestAssessmentSummary,
  type DigestHistory,
  type DigestItemHistory,
  type ProgressValue,
} from "../domain/digest/index.ts";

/**
 * The members both queries of loadHistory select (ACTIVE members of the units), each numbered by
 * the query itself (`ord`): the ids in that order, so that members travel as numbers.
 */
interface MemberColumns {
  /** A JSON array; null when there are none. */
  members: string | null;
}
/**
 * Per submitted assessment: "ord position submittedAt" (epoch ms), "1" in `reviewed` when it has a
 * review, and apart, "ord position period" of each one whose period is not among knownPositions'
 * (far from the window: rare).
 */
type AssessmentColumns = MemberColumns & { n: number; list: string | null; reviewed: string | null; far: string | null };
/**
 * Per item, member and b: the item in `items`; in `numbers` REPORT_NUMBERS numbers: ord, b, then for
 * DONE, ON_TRACK, BEHIND, NOT_STARTED in turn bits 0–30 and bits 31–61 of a mask where bit i set =
 * reported so in the member's assessment at position MASK_BITS·b + i (positionOf). b is 0 but for
 * periods far from the window.
 */
type ReportColumns = MemberColumns & { n: number; items: string | null; numbers: string | null };
const LIST_NUMBERS = 3;
const REPORT_NUMBERS = 10;
/** The order of the masks in ReportColumns. */
const PROGRESS_ORDER: readonly ProgressValue[] = PROGRESS_VALUES;
/** Positions per mask. */
const MASK_BITS = 62;

/**
 * An assessment's position among its member's, from its period alone: 3 × months after `base`,
 * + 0 for a month, 1 for a quarter, 2 for a year. loadHistory takes for `base` the month before its
 * window, so that a year of assessments falls within one mask. POSITION_SQL is the same in SQL
 * (where an invalid period fails the query or gives some position; here periodMonthIndex throws a
 * RangeError). A position gives its period back (periodAt), so periods do not travel as text.
 */
function positionOf(period: string, base: number): number {
  const kind = period.length === 4 ? 2 : period.charAt(5) === "Q" ? 1 : 0;
  return (periodMonthIndex(period) - base) * 3 + kind;
}
/** The period at a position (positionOf's inverse for the periods it is given). */
function periodAt(pos: number, base: number): string {
  const month = Math.floor(pos / 3) + base;
  const kind = pos - 3 * Math.floor(pos / 3);
  const year = Math.floor(month / 12);
  if (kind === 2) return String(year);
  if (kind === 1) return `${year}-Q${(month - year * 12 + 1) / 3}`;
  return `${year}-${String(month - year * 12 + 1).padStart(2, "0")}`;
}
/**
 * The positions of the periods of the years around the window, looked up by the query rather
 * than computed there from the period's text for each of a committee's ~100,000 assessments (that
 * computation was a quarter of the query); other periods fall back on POSITION_SQL.
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
 * pass over the progress rows). Members travel as numbers each query gives them and sends the ids
 * of, so the two need not agree on them (they may not see the same members: each has its own
 * snapshot). One statement for both was slower: the planner knows nothing of a CTE's rows and
 * hashed the 250,000 progress rows instead of the 80,000 assessments. `reviews: false` leaves
 * every hasReview false, for callers that keep only numbers (the roll-up counts no assessment
 * awaiting review).
 */
export async function loadHistory(db: Db, unitIds: string[], since: Date, options: { reviews?: boolean } = {}): Promise<DigestHistory> {
  const base = since.getUTCFullYear() * 12 + since.getUTCMonth() - 1;
  const known = knownPositions(since, base);
  // Numbered in each query by id, the ids coming back in that order. Not materialized: read twice
  // (numbered the same way both times), but as a subquery the planner knows its ids are distinct and
  // hashes the 10,000 members rather than the 80,000 assessments it is joined with.
  const members = Prisma.sql`SELECT id, (row_number() OVER (ORDER BY id COLLATE "C") - 1)::int AS ord FROM "Member" WHERE "unitId" = ANY(${unitIds}) AND status = 'ACTIVE'`;
  const memberColumns = Prisma.sql`(SELECT json_agg(id ORDER BY ord) FROM m)::text AS members`;
  const masks = db.$queryRaw<ReportColumns[]>`
      WITH m AS NOT MATERIALIZED (${members})
      SELECT ${memberColumns}, count(*)::int AS n, json_agg("itemId")::text AS items,
        string_agg(ord || ' ' || b || ' ' || (done & 2147483647) || ' ' || (done >> 31) || ' ' || (on_track & 2147483647) || ' ' || (on_track >> 31)
          || ' ' || (behind & 2147483647) || ' ' || (behind >> 31) || ' ' || (not_started & 2147483647) || ' ' || (not_started >> 31), ' ') AS numbers
      FROM (
        SELECT ai."itemId", a.ord, a.b,
          coalesce(bit_or(a.bit) FILTER (WHERE ai.progress = 'DONE'), 0) AS done,
          coalesce(bit_or(a.bit) FILTER (WHERE ai.progress = 'ON_TRACK'), 0) AS on_track,
          coalesce(bit_or(a.bit) FILTER (WHERE ai.progress = 'BEHIND'), 0) AS behind,
          coalesce(bit_or(a.bit) FILTER (WHERE ai.progress = 'NOT_STARTED'), 0) AS not_started
        FROM "AssessmentItem" ai JOIN (
          -- A subquery, not a CTE: its id keeps Assessment's statistics, so that the join hashes
          -- the ~80,000 assessments rather than the ~250,000 progress rows. OFFSET 0: b and bit are
          -- computed once per assessment, not once per progress row.
          SELECT id, ord, b, 1::bigint << (pos - b * ${MASK_BITS}) AS bit
          FROM (
            SELECT id, ord, pos, floor(pos::float8 / ${MASK_BITS})::int AS b
            FROM (
              SELECT a.id, m.ord, coalesce(known.pos, ${POSITION_SQL(base)}) AS pos
              FROM "Assessment" a JOIN m ON m.id = a."memberId"
              LEFT JOIN unnest(${known.periods}::text[], ${known.positions}::int[]) AS known (period, pos) ON known.period = a.period
              WHERE a."createdAt" >= ${since} AND a."submittedAt" IS NOT NULL
            ) p
          ) q
          OFFSET 0
        ) a ON a.id = ai."assessmentId"
        GROUP BY 1, 2, 3
      ) r`;
  // The masks first: they take longest.
  const [[reports], assessments] = await Promise.all([
    masks,
    db.$queryRaw<AssessmentColumns[]>`
      -- The window's assessments are selected once, and their reviews found from them (by Review's
      -- index for a cell, by a hash join for a committee) rather than by selecting them again.
      -- Without reviews (the roll-up) nothing reads them twice: not materialized, they are read in
      -- the same pass as they are aggregated.
      WITH m AS NOT MATERIALIZED (${members}), a AS ${options.reviews === false ? Prisma.sql`NOT MATERIALIZED` : Prisma.sql`MATERIALIZED`} (
        SELECT a.id, m.ord, coalesce(known.pos, ${POSITION_SQL(base)}) AS pos, known.pos IS NULL AS far, a.period, a."submittedAt"
        FROM "Assessment" a JOIN m ON m.id = a."memberId"
        LEFT JOIN unnest(${known.periods}::text[], ${known.positions}::int[]) AS known (period, pos) ON known.period = a.period
        WHERE a."createdAt" >= ${since} AND a."submittedAt" IS NOT NULL
      )
      SELECT ${memberColumns}, count(*)::int AS n,
        string_agg(a.ord || ' ' || a.pos || ' ' || ((date_part('epoch', a."submittedAt") * 1000)::bigint), ' ') AS list,
        ${options.reviews === false ? Prisma.sql`NULL` : Prisma.sql`string_agg(CASE WHEN rv.id IS NULL THEN '0' ELSE '1' END, '')`} AS reviewed,
        string_agg(a.ord || ' ' || a.pos || ' ' || a.period, ',') FILTER (WHERE a.far) AS far
      FROM a ${
        options.reviews === false
          ? Prisma.empty
          : Prisma.sql`LEFT JOIN (SELECT DISTINCT r."assessmentId" AS id FROM "Review" r JOIN a ON a.id = r."assessmentId") rv ON rv.id = a.id`
      }`.then(
      // Indexed while the masks are still being computed.
      ([columns]) => indexAssessments(columns!, base),
    ),
  ]);
  return decodeHistory(assessments, reports!);
}

/**
 * Each member's assessments in order of submission (compareAssessments), all members' in one
 * array: member `ord`'s are `list[start[ord]] … list[start[ord + 1] − 1]`.
 */
interface Assessments {
  memberIds: string[];
  start: Int32Array;
  list: DigestAssessmentSummary[];
  /** Per member, the index in `list` of its assessment at each position 0 … MASK_BITS − 1 (-1: none). */
  indexAt: Int32Array;
  /** Positions beyond those (periods far from the window): "ord position" → index in `list`. */
  indexBeyond: Map<string, number>;
  /** Per index in `list`: some item was reported in it; some item was BEHIND or NOT_STARTED. */
  hasItems: Uint8Array;
  notOnTrack: Uint8Array;
}

/** The members a query numbered, by number. */
function memberIdsOf(columns: MemberColumns): string[] {
  return columns.members === null ? [] : (JSON.parse(columns.members) as string[]);
}

/** Each member's assessments, in order of submission and by position. */
function indexAssessments(columns: AssessmentColumns, base: number): Assessments {
  const { n } = columns;
  const memberIds = memberIdsOf(columns);
  const numbers = parseIntegers(columns.list, n * LIST_NUMBERS);
  // Null when not asked for (then no assessment has a review).
  const reviewed = columns.reviewed ?? "0".repeat(n);
  if (reviewed.length !== n) throw new Error(`Digest query: expected ${n} values, got ${reviewed.length}`);
  // A far period is checked to be the one its position gives back (an invalid one throws).
  for (const entry of columns.far === null ? [] : columns.far.split(",")) {
    const [, pos, period] = entry.split(" ") as [string, string, string];
    if (positionOf(period, base) !== Number(pos) || periodAt(Number(pos), base) !== period) throw new RangeError(`Invalid assessment period: ${period}`);
  }
  // Rows by member (counting sort), then each member's sorted on numbers: submittedAt, then the
  // position, which orders by the period's month, then month before quarter before year.
  const members = memberIds.length;
  const start = new Int32Array(members + 1);
  for (let k = 0; k < n; k++) start[numbers[k * LIST_NUMBERS]! + 1]!++;
  for (let o = 0; o < members; o++) start[o + 1]! += start[o]!;
  const rows = new Int32Array(n);
  const fill = start.slice(0, members);
  for (let k = 0; k < n; k++) rows[fill[numbers[k * LIST_NUMBERS]!]!++] = k;
  const time = (k: number) => numbers[k * LIST_NUMBERS + 2]!;
  const pos = (k: number) => numbers[k * LIST_NUMBERS + 1]!;
  const periods = new Map<number, string>();
  const list = new Array<DigestAssessmentSummary>(n);
  const indexAt = new Int32Array(members * MASK_BITS).fill(-1);
  const indexBeyond = new Map<string, number>();
  for (let o = 0; o < members; o++) {
    const from = start[o]!;
    const to = start[o + 1]!;
    // Insertion sort: a member has a dozen or so.
    for (let i = from + 1; i < to; i++) {
      const k = rows[i]!;
      let j = i - 1;
      while (j >= from && (time(rows[j]!) - time(k) || pos(rows[j]!) - pos(k)) > 0) {
        rows[j + 1] = rows[j]!;
        j--;
      }
      rows[j + 1] = k;
    }
    const memberId = memberIds[o]!;
    for (let i = from; i < to; i++) {
      const k = rows[i]!;
      const p = pos(k);
      let period = periods.get(p);
      if (period === undefined) periods.set(p, (period = periodAt(p, base)));
      list[i] = { memberId, period, submittedAt: new Date(time(k)), hasReview: reviewed.charCodeAt(k) === 49, allOnTrack: false };
      if (p >= 0 && p < MASK_BITS) indexAt[o * MASK_BITS + p] = i;
      else indexBeyond.set(`${o} ${p}`, i);
    }
  }
  return { memberIds, start, list, indexAt, indexBeyond, hasItems: new Uint8Array(n), notOnTrack: new Uint8Array(n) };
}

/** Reads the masks back into item histories, and completes the assessment summaries. */
function decodeHistory(a: Assessments, columns: ReportColumns): DigestHistory {
  const n = columns.n;
  // The masks query's numbers of members, as the assessments query's (-1: a member that query did not select).
  const ordOf = new Map(a.memberIds.map((id, o) => [id, o]));
  const ords = Int32Array.from(memberIdsOf(columns), (id) => ordOf.get(id) ?? -1);
  const itemIds = parseArray<string>(columns.items, n);
  const numbers = parseIntegers(columns.numbers, n * REPORT_NUMBERS);
  let longest = 0;
  for (let o = 0; o < a.memberIds.length; o++) longest = Math.max(longest, a.start[o + 1]! - a.start[o]!);
  // An item with rows for more than one b (periods far from the window: rare) is gathered first.
  const key = (k: number) => `${numbers[k * REPORT_NUMBERS]} ${itemIds[k]}`;
  const spread = new Set<string>();
  for (let k = 0; k < n; k++) if (numbers[k * REPORT_NUMBERS + 1] !== 0) spread.add(key(k));
  const gathered = new Map<string, { k: number; progress: Int8Array }>();

  const items: DigestItemHistory[] = [];
  const scratch: Int8Array = new Int8Array(longest);
  for (let k = 0; k < n; k++) {
    const at = k * REPORT_NUMBERS;
    const o = ords[numbers[at]!]!;
    if (o < 0) continue; // a member who became ACTIVE between the two queries
    const b = numbers[at + 1]!;
    const from = a.start[o]!;
    const count = a.start[o + 1]! - from;
    // The item's progress by index in the member's list; -1: not reported.
    let progress = scratch;
    const spreadKey = spread.size > 0 && spread.has(key(k)) ? key(k) : null;
    if (spreadKey === null) progress.fill(-1, 0, count);
    else {
      const entry = gathered.get(spreadKey) ?? { k, progress: new Int8Array(count).fill(-1) };
      gathered.set(spreadKey, entry);
      progress = entry.progress;
    }
    for (let p = 0; p < PROGRESS_ORDER.length; p++) {
      for (let half = 0; half < 2; half++) {
        // Only the set bits, lowest first.
        for (let bits = numbers[at + 2 + 2 * p + half]!; bits !== 0; bits &= bits - 1) {
          const bit = half * 31 + 31 - Math.clz32(bits & -bits);
          const i = b === 0 ? a.indexAt[o * MASK_BITS + bit]! : (a.indexBeyond.get(`${o} ${b * MASK_BITS + bit}`) ?? -1);
          if (i < 0) continue; // an assessment written between the two queries
          progress[i - from] = p;
          a.hasItems[i] = 1;
          if (p >= 2) a.notOnTrack[i] = 1; // BEHIND, NOT_STARTED
        }
      }
    }
    if (spreadKey === null) foldItem(itemIds[k]!, a, o, progress, items);
  }
  for (const { k, progress } of gathered.values()) foldItem(itemIds[k]!, a, ords[numbers[k * REPORT_NUMBERS]!]!, progress, items);

  for (let i = 0; i < a.list.length; i++) a.list[i]!.allOnTrack = a.hasItems[i] === 1 && a.notOnTrack[i] === 0;
  return { assessments: a.list, items };
}

/** One item's progress in each of its member's assessments (by index in the member's part of the list), read in order. */
function foldItem(itemId: string, a: Assessments, ord: number, progress: Int8Array, into: DigestItemHistory[]): void {
  const fold = new ItemHistoryFold();
  const from = a.start[ord]!;
  for (let i = 0; i < a.start[ord + 1]! - from; i++) {
    const p = progress[i]!;
    if (p < 0) continue;
    const summary = a.list[from + i]!;
    fold.add(summary.period, summary.submittedAt, PROGRESS_ORDER[p]!);
  }
  const h = fold.result(itemId, a.memberIds[ord]!);
  if (h) into.push(h);
}
