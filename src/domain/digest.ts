// The chi ủy's cell digest (before each meeting, and on demand with /baocao) and the higher
// committee's monthly roll-up. Pure: no I/O and no clock reads; `now` is passed in.
//
// Input is what a repository can load cheaply for one cell: its members, this year's
// registrations with their items, the last 12 months of assessments, and this year's exemplars.
// Assessments come either with their per-item progress (`assessments`), or already reduced
// (`history`: one summary per assessment and one per item, what digest-loader.ts has PostgreSQL
// compute so that a committee's hundreds of thousands of progress rows never leave the database);
// summarizeAssessments turns the first into the second, and both give the same digest.
// Everything is indexed once (maps keyed by member and item id), so assembly is linear in the size
// of the input: a 10,000-member committee is a few hundred cells of this, never members ×
// assessments.
//
// Domain rules applied here:
// - LEFT members are ignored everywhere (also in totals).
// - EXEMPT members (miễn sinh hoạt) are not in any denominator or list; they are only counted in
//   `members.exempt`. Totals of items and exemplars count what every non-LEFT member holds.
// - A registration counts when SUBMITTED or APPROVED. RETURNED registrations are listed apart
//   ("returned, needs rework"), so `registered.count + registered.missing.length +
//   returned.length === registered.total`.
// - Only submitted assessments (submittedAt set) count, for coverage and for progress history.
// - Lists of people sort the Vietnamese way (by given name, then full name); the digest goes to
//   the chi ủy and names members by full name.
import { DateTime, IANAZone } from "luxon";
import { DEFAULT_ZONE } from "./dates.ts";
import type { MemberStatusValue, RegistrationStatusValue } from "./owed.ts";
import { parsePeriod, type MeetingKindValue } from "./periods.ts";
import { givenName } from "./text.ts";

// ---------------------------------------------------------------------------------------------
// Input

export type RegistrationStatus = Exclude<RegistrationStatusValue, "NONE">;
export type CommitmentCategoryValue = "STUDY" | "FOLLOW" | "EXAMPLE";
export type ProgressValue = "DONE" | "ON_TRACK" | "BEHIND" | "NOT_STARTED";

export interface DigestUnit {
  id: string;
  name: string;
  /** IANA zone of the unit (Unit.timeZone); dates are judged and shown in it. */
  timeZone: string;
}

export interface DigestMeeting {
  startsAt: Date;
  place?: string | null;
  kind: MeetingKindValue;
}

export interface DigestMemberInput {
  id: string;
  fullName: string;
  status: MemberStatusValue;
  /** False when every linked identity is blocked/unreachable (meaningless when not linked). */
  reachable: boolean;
  /** True when the member has at least one Identity (Zalo/Telegram account linked). */
  linked: boolean;
}

export interface DigestItemInput {
  id: string;
  category: CommitmentCategoryValue;
  text: string;
  /** CommitmentItem.vagueVerdict: "vague" | "concrete" | null (not analysed). */
  vagueVerdict: string | null;
  /** The member insisted on keeping the item although the coach found it vague. */
  vagueKept: boolean;
}

export interface DigestRegistrationInput {
  memberId: string;
  status: RegistrationStatus;
  /**
   * Registration.submittedAt. Optional: when given, an item never reported with progress counts
   * its "no progress" time from here; otherwise from its first report.
   */
  submittedAt?: Date | null;
  items: DigestItemInput[];
}

export interface DigestAssessmentInput {
  memberId: string;
  /** "2026-11" | "2026-Q4" | "2026" */
  period: string;
  /** Null = started but not submitted (does not count). */
  submittedAt: Date | null;
  /** Whether the chi ủy has commented (a Review row on the assessment). */
  hasReview: boolean;
  items: Array<{ itemId: string; progress: ProgressValue }>;
}

/** A submitted assessment reduced to what the digest uses. */
export interface DigestAssessmentSummary {
  memberId: string;
  period: string;
  submittedAt: Date;
  hasReview: boolean;
  /** It has items, and every one of them is DONE or ON_TRACK (counts towards an exemplar run). */
  allOnTrack: boolean;
}

/**
 * One item's reports in its member's submitted assessments, reduced. Reports are taken in the order
 * of submission (compareAssessments: submittedAt, then the period's month, then month before
 * quarter before year).
 */
export interface DigestItemHistory {
  itemId: string;
  /** The member whose assessments reported the item (only its owner's reports count). */
  memberId: string;
  /** Progress in the latest report. */
  latest: ProgressValue;
  /** First period of the current run of BEHIND reports; null when the latest is not BEHIND. */
  behindSince: string | null;
  /** When the first report was submitted. */
  firstReportAt: Date;
  /** The latest report with progress (DONE/ON_TRACK): when, and its period; null = none. */
  lastProgressAt: Date | null;
  lastProgressPeriod: string | null;
}

/** Assessments reduced for the digest (summarizeAssessments, or the loader's SQL). */
export interface DigestHistory {
  /** Submitted assessments only. */
  assessments: DigestAssessmentSummary[];
  /** One entry per item and reporting member; items never reported are absent. */
  items: DigestItemHistory[];
}

export interface CellDigestInput {
  unit: DigestUnit;
  /** The meeting the digest prepares for; absent for an on-demand digest without one. */
  meeting?: DigestMeeting | null;
  /** The open assessment period ("2026-11", "2026-Q4", "2026"); its year is the digest's year. */
  period: string;
  now: Date;
  members: DigestMemberInput[];
  /** The registrations of the period's year (one per member). */
  registrations: DigestRegistrationInput[];
  /** The last 12 months of assessments of the cell's members, with per-item progress. */
  assessments?: DigestAssessmentInput[];
  /** The same assessments already reduced; when given, `assessments` is not used. */
  history?: DigestHistory;
  /** Exemplar rows (any year; only the digest's year is used). */
  exemplars?: Array<{ memberId: string; year: number }>;
  /** Number of the cell's collective items (CollectiveCommitment) of the year, for totals. */
  collectiveItems?: number;
}

export interface DigestRules {
  /** No progress for this many calendar months makes an item stale (DESIGN: 2+ months). */
  staleMonths: number;
  /** Consecutive all-on-track assessments needed to suggest an exemplar (3+). */
  exemplarMinAssessments: number;
  /** Length of `item` (the shortened text) in list entries. */
  itemTextMax: number;
}

export const DEFAULT_DIGEST_RULES: Readonly<DigestRules> = {
  staleMonths: 2,
  exemplarMinAssessments: 3,
  itemTextMax: 80,
};

// ---------------------------------------------------------------------------------------------
// Output

/** A count over ACTIVE members and who of them is missing (full names, Vietnamese order). */
export interface Coverage {
  count: number;
  total: number;
  missing: string[];
}

export interface ItemRef {
  memberId: string;
  /** Full name. */
  member: string;
  itemId: string;
  category: CommitmentCategoryValue;
  /** The item text shortened to DigestRules.itemTextMax characters (ends with "…" when cut). */
  item: string;
  /** The full item text (for the XLSX/JSON export and the dashboard). */
  itemText: string;
}

export interface BehindEntry extends ItemRef {
  /** First period of the current run of BEHIND reports ("2026-09"). */
  since: string;
}

export interface StaleEntry extends ItemRef {
  /** Period of the last report with progress (DONE/ON_TRACK); null = never. */
  lastProgressPeriod: string | null;
  /** When that report was submitted; null = never. */
  lastProgressAt: Date | null;
}

export interface ExemplarSuggestion {
  memberId: string;
  member: string;
  /** Calendar months spanned by the run of all-on-track assessments (oldest to newest month). */
  months: number;
  /** Number of consecutive assessments in the run (≥ DigestRules.exemplarMinAssessments). */
  assessments: number;
}

export interface AwaitingReviewEntry {
  memberId: string;
  member: string;
  period: string;
  submittedAt: Date;
}

export interface CellDigest {
  unit: DigestUnit;
  meeting: { startsAt: Date; place: string | null; kind: MeetingKindValue } | null;
  period: string;
  year: number;
  generatedAt: Date;
  members: {
    /** ACTIVE members: the denominator of every coverage. */
    active: number;
    /** EXEMPT members (miễn sinh hoạt): not in any denominator or list. */
    exempt: number;
  };
  /** SUBMITTED or APPROVED. `missing` = no registration or DRAFT (RETURNED ones are in `returned`). */
  registered: Coverage;
  /** RETURNED by the chi ủy: must be reworked and resubmitted. */
  returned: string[];
  /** Submitted assessment of the open period. */
  assessed: Coverage;
  /** Items whose latest report is BEHIND. */
  behind: BehindEntry[];
  /** Items not DONE and not behind with no progress for DigestRules.staleMonths+ months. */
  stale: StaleEntry[];
  /** Vague items the member chose to keep. */
  vagueKept: ItemRef[];
  /** Every item DONE/ON_TRACK in each of the last 3+ assessments; not yet an exemplar this year. */
  suggestedExemplars: ExemplarSuggestion[];
  /** Submitted assessments without a chi ủy comment. */
  awaitingReview: AwaitingReviewEntry[];
  /** Linked, but every identity is unreachable (blocked the bot): contact in person. */
  unreachable: string[];
  /** No linked Zalo/Telegram account. */
  notLinked: string[];
  totals: {
    /** Items of registered (SUBMITTED/APPROVED) registrations of non-LEFT members. */
    individualItems: number;
    collectiveItems: number;
    /** Exemplar rows of the year for non-LEFT members. */
    exemplars: number;
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Shortens to at most `max` characters, cutting at a word boundary and ending with "…". */
export function shortenText(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  if (max <= 1) return "…".slice(0, Math.max(0, max));
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  const base = space >= max * 0.6 ? cut.slice(0, space) : cut;
  return `${base.replace(/[\s,;:.\-–]+$/, "")}…`;
}

const nameCollator = new Intl.Collator("vi", { sensitivity: "base" });
/** Unit names: "Chi bộ Khu phố 2" before "Chi bộ Khu phố 10". */
const unitCollator = new Intl.Collator("vi", { sensitivity: "base", numeric: true });

/**
 * Vietnamese order (the same as text.ts sortByVietnameseName: given name, then full name) with
 * the keys computed once per element rather than once per comparison.
 */
export function sortNamesVietnamese<T>(items: readonly T[], name: (item: T) => string): T[] {
  const decorated = items.map((item) => {
    const full = name(item);
    return { item, full, given: givenName(full) };
  });
  decorated.sort((a, b) => nameCollator.compare(a.given, b.given) || nameCollator.compare(a.full, b.full));
  return decorated.map((d) => d.item);
}

const periodIndexCache = new Map<string, number>();

/**
 * A period as a month index (year × 12 + month − 1) of its last month: "2026-11" → Nov 2026,
 * "2026-Q3" → Sep 2026, "2026" → Dec 2026. Orders periods of different kinds on one line.
 */
export function periodMonthIndex(period: string): number {
  const cached = periodIndexCache.get(period);
  if (cached !== undefined) return cached;
  const p = parsePeriod(period);
  if (!p) throw new RangeError(`Invalid assessment period: ${period}`);
  let index: number;
  if (p.kind === "MONTHLY") index = p.year * 12 + Number(p.period.slice(5)) - 1;
  else if (p.kind === "QUARTERLY") index = p.year * 12 + Number(p.period.slice(-1)) * 3 - 1;
  else index = p.year * 12 + 11;
  if (periodIndexCache.size > 10_000) periodIndexCache.clear();
  periodIndexCache.set(period, index);
  return index;
}

const POSITIVE = (p: ProgressValue): boolean => p === "DONE" || p === "ON_TRACK";
const isRegistered = (s: RegistrationStatus): boolean => s === "SUBMITTED" || s === "APPROVED";

/** Month before quarter before year when they end in the same month ("2026-12", "2026-Q4", "2026"). */
function periodKindRank(period: string): number {
  return period.length === 4 ? 2 : period.charAt(5) === "Q" ? 1 : 0;
}

/**
 * The order in which reports are read: by submission time, then by period (its month, then month
 * before quarter before year). Total for one member's assessments, whose periods differ.
 */
export function compareAssessments(a: { submittedAt: Date; period: string }, b: { submittedAt: Date; period: string }): number {
  return (
    a.submittedAt.getTime() - b.submittedAt.getTime() ||
    periodMonthIndex(a.period) - periodMonthIndex(b.period) ||
    periodKindRank(a.period) - periodKindRank(b.period)
  );
}

/** Periods in time order: by month, then month before quarter before year. */
function compareByPeriod(a: string, b: string): number {
  return periodMonthIndex(a) - periodMonthIndex(b) || periodKindRank(a) - periodKindRank(b);
}

/** Reads one item's reports, oldest first (compareAssessments), into its DigestItemHistory. */
export class ItemHistoryFold {
  private latest: ProgressValue | null = null;
  private behindSince: string | null = null;
  private firstReportAt: Date | null = null;
  private lastProgressAt: Date | null = null;
  private lastProgressPeriod: string | null = null;

  add(period: string, submittedAt: Date, progress: ProgressValue): void {
    this.firstReportAt ??= submittedAt;
    if (progress === "BEHIND") {
      if (this.latest !== "BEHIND") this.behindSince = period;
    } else {
      this.behindSince = null;
    }
    this.latest = progress;
    if (POSITIVE(progress)) {
      this.lastProgressAt = submittedAt;
      this.lastProgressPeriod = period;
    }
  }

  /** Null when no report was added. */
  result(itemId: string, memberId: string): DigestItemHistory | null {
    if (this.latest === null || this.firstReportAt === null) return null;
    return {
      itemId,
      memberId,
      latest: this.latest,
      behindSince: this.behindSince,
      firstReportAt: this.firstReportAt,
      lastProgressAt: this.lastProgressAt,
      lastProgressPeriod: this.lastProgressPeriod,
    };
  }
}

/** Reduces assessments with per-item progress to what the digest uses; unsubmitted ones are dropped. */
export function summarizeAssessments(assessments: readonly DigestAssessmentInput[]): DigestHistory {
  const submitted: Array<DigestAssessmentInput & { submittedAt: Date }> = [];
  for (const a of assessments) if (a.submittedAt !== null) submitted.push(a as DigestAssessmentInput & { submittedAt: Date });
  submitted.sort(compareAssessments);
  const summaries: DigestAssessmentSummary[] = [];
  const folds = new Map<string, Map<string, ItemHistoryFold>>(); // member → item → fold
  for (const a of submitted) {
    let ofMember = folds.get(a.memberId);
    if (!ofMember) folds.set(a.memberId, (ofMember = new Map()));
    let allOnTrack = a.items.length > 0;
    for (const entry of a.items) {
      if (!POSITIVE(entry.progress)) allOnTrack = false;
      let fold = ofMember.get(entry.itemId);
      if (!fold) ofMember.set(entry.itemId, (fold = new ItemHistoryFold()));
      fold.add(a.period, a.submittedAt, entry.progress);
    }
    summaries.push({ memberId: a.memberId, period: a.period, submittedAt: a.submittedAt, hasReview: a.hasReview, allOnTrack });
  }
  const items: DigestItemHistory[] = [];
  for (const [memberId, ofMember] of folds) {
    for (const [itemId, fold] of ofMember) {
      const h = fold.result(itemId, memberId);
      if (h) items.push(h);
    }
  }
  return { assessments: summaries, items };
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

const validZones = new Map<string, IANAZone>();

/** The zone as a cached luxon zone; RangeError when unknown (like dates.ts assertZone, but cheap). */
function zoneOf(zone: string): IANAZone {
  const cached = validZones.get(zone);
  if (cached) return cached;
  // IANAZone.create caches the zone, but isValid formats a date each time it is asked.
  const z = IANAZone.create(zone);
  if (!z.isValid) throw new RangeError(`Unknown time zone: ${zone}`);
  if (validZones.size < 1_000) validZones.set(zone, z);
  return z;
}

/**
 * The same judgement as periods.ts isStale (`last + months <= now`, calendar months in the zone),
 * cheap enough for tens of thousands of items. Far from the cut-off the answer is plain; near it
 * (where month-end clamping matters, and where most items sit, since meetings fall on the same
 * day each month) the calendar arithmetic is done on wall-clock fields when the zone's offset is
 * constant around the cut-off and around now, and by luxon otherwise (a DST change nearby).
 */
export function staleTester(now: Date, zone: string, months: number): (at: Date) => boolean {
  // The cells of a committee share it: the last one made is kept.
  if (lastStaleTester && lastStaleTester.now === now.getTime() && lastStaleTester.zone === zone && lastStaleTester.months === months) {
    return lastStaleTester.test;
  }
  const test = makeStaleTester(now, zone, months);
  lastStaleTester = { now: now.getTime(), zone, months, test };
  return test;
}

let lastStaleTester: { now: number; zone: string; months: number; test: (at: Date) => boolean } | null = null;

function makeStaleTester(now: Date, zone: string, months: number): (at: Date) => boolean {
  const z = zoneOf(zone);
  const nowLocal = DateTime.fromJSDate(now, { zone: z });
  const nowMs = now.getTime();
  const cutoff = nowLocal.minus({ months }).toMillis();
  const margin = 8 * DAY_MS;
  const probes = [cutoff - margin, cutoff, cutoff + margin, nowMs - margin, nowMs, nowMs + DAY_MS];
  const offsets = new Set(probes.map((t) => z.offset(t)));
  const fixedOffset = offsets.size === 1 ? [...offsets][0]! * MINUTE_MS : null;
  return (at) => {
    const t = at.getTime();
    if (t <= cutoff - margin) return true;
    if (t > cutoff + margin) return false;
    if (fixedOffset === null) return DateTime.fromJSDate(at, { zone: z }).plus({ months }) <= nowLocal;
    // Wall-clock fields of `at`, moved by whole months with the day clamped to the month's end
    // (as luxon does), then compared with now on the same wall clock.
    const local = new Date(t + fixedOffset);
    const y = local.getUTCFullYear();
    const m = local.getUTCMonth() + months;
    const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    const timeOfDay = t + fixedOffset - Date.UTC(y, local.getUTCMonth(), local.getUTCDate());
    const moved = Date.UTC(y, m, Math.min(local.getUTCDate(), lastDay)) + timeOfDay;
    return moved <= nowMs + fixedOffset;
  };
}

interface ItemState {
  memberId: string;
  item: DigestItemInput;
  registeredAt: Date | null;
  /** Null when the item was never reported. */
  history: DigestItemHistory | null;
}

// ---------------------------------------------------------------------------------------------
// Cell digest

export function buildCellDigest(input: CellDigestInput, rules: Partial<DigestRules> = {}): CellDigest {
  const r: DigestRules = { ...DEFAULT_DIGEST_RULES, ...rules };
  const zone = input.unit.timeZone;
  const parsed = parsePeriod(input.period);
  if (!parsed) throw new RangeError(`Invalid assessment period: ${input.period}`);
  const year = parsed.year;
  const isStaleAt = staleTester(input.now, zone, r.staleMonths);

  // Members: active ones ranked once in Vietnamese order; every list sorts by that rank.
  const rank = new Map<string, number>();
  const nameOf = new Map<string, string>();
  const nonLeft = new Set<string>();
  let exempt = 0;
  const activeMembers: DigestMemberInput[] = [];
  for (const m of input.members) {
    if (m.status === "LEFT") continue;
    nonLeft.add(m.id);
    if (m.status === "EXEMPT") {
      exempt++;
      continue;
    }
    activeMembers.push(m);
  }
  const ranked = sortNamesVietnamese(activeMembers, (m) => m.fullName);
  ranked.forEach((m, i) => {
    rank.set(m.id, i);
    nameOf.set(m.id, m.fullName);
  });
  const isActive = (id: string): boolean => rank.has(id);
  const byRank = (a: { memberId: string }, b: { memberId: string }): number =>
    (rank.get(a.memberId) ?? 0) - (rank.get(b.memberId) ?? 0);

  // Registrations.
  const registrationOf = new Map<string, DigestRegistrationInput>();
  let individualItems = 0;
  const items = new Map<string, ItemState>();
  for (const reg of input.registrations) {
    if (!nonLeft.has(reg.memberId)) continue;
    registrationOf.set(reg.memberId, reg);
  }
  for (const reg of registrationOf.values()) {
    if (!isRegistered(reg.status)) continue;
    individualItems += reg.items.length;
    if (!isActive(reg.memberId)) continue;
    for (const item of reg.items) {
      items.set(item.id, { memberId: reg.memberId, item, registeredAt: reg.submittedAt ?? null, history: null });
    }
  }

  // Assessments of active members (submitted only): coverage, awaiting review, and per member
  // and month whether every item was on track.
  const history = input.history ?? summarizeAssessments(input.assessments ?? []);
  const positiveByMonthOf = new Map<string, Map<number, boolean>>();
  const assessedNow = new Set<string>();
  const openIndex = periodMonthIndex(input.period);
  const cellMonths = new Set<number>();
  const awaitingReview: AwaitingReviewEntry[] = [];
  for (const a of history.assessments) {
    if (!isActive(a.memberId)) continue;
    if (a.period === input.period) assessedNow.add(a.memberId);
    const idx = periodMonthIndex(a.period);
    if (idx <= openIndex) cellMonths.add(idx);
    let positiveByMonth = positiveByMonthOf.get(a.memberId);
    if (!positiveByMonth) positiveByMonthOf.set(a.memberId, (positiveByMonth = new Map()));
    positiveByMonth.set(idx, (positiveByMonth.get(idx) ?? true) && a.allOnTrack);
    if (!a.hasReview) {
      awaitingReview.push({
        memberId: a.memberId,
        member: nameOf.get(a.memberId) ?? "",
        period: a.period,
        submittedAt: a.submittedAt,
      });
    }
  }
  const cellMonthsDesc = [...cellMonths].sort((a, b) => b - a);

  // Per-item history: only the item's owner's reports count.
  for (const h of history.items) {
    const state = items.get(h.itemId);
    if (state && state.memberId === h.memberId) state.history = h;
  }

  // Exemplars of the digest's year: counted in totals, and not suggested again.
  const exemplarYear = new Set<string>();
  let exemplars = 0;
  for (const e of input.exemplars ?? []) {
    if (e.year !== year || !nonLeft.has(e.memberId)) continue;
    exemplars++;
    exemplarYear.add(e.memberId);
  }
  const suggestedExemplars: ExemplarSuggestion[] = [];

  for (const [memberId, positiveByMonth] of positiveByMonthOf) {
    // Exemplar suggestion: the run of the cell's assessment months, newest first, in which this
    // member's every item was on track. The open period may still be unanswered: then it is
    // skipped rather than breaking the run.
    const reg = registrationOf.get(memberId);
    if (exemplarYear.has(memberId) || !reg || !isRegistered(reg.status)) continue;
    let run = 0;
    let newest = -1;
    let oldest = -1;
    for (const month of cellMonthsDesc) {
      const ok = positiveByMonth.get(month);
      if (ok === undefined && month === openIndex && run === 0) continue;
      if (!ok) break;
      run++;
      if (newest < 0) newest = month;
      oldest = month;
    }
    if (run >= r.exemplarMinAssessments) {
      suggestedExemplars.push({
        memberId,
        member: nameOf.get(memberId) ?? "",
        months: newest - oldest + 1,
        assessments: run,
      });
    }
  }

  // Item lists.
  const behind: BehindEntry[] = [];
  const stale: StaleEntry[] = [];
  const vagueKept: ItemRef[] = [];
  for (const state of items.values()) {
    const h = state.history;
    const vague = state.item.vagueKept && state.item.vagueVerdict !== "concrete";
    const behindSince = h?.latest === "BEHIND" ? h.behindSince : null;
    const isBehind = behindSince !== null;
    let isStaleItem = false;
    if (!isBehind && h?.latest !== "DONE") {
      const from = h?.lastProgressAt ?? state.registeredAt ?? h?.firstReportAt ?? null;
      isStaleItem = from !== null && isStaleAt(from);
    }
    if (!vague && !isBehind && !isStaleItem) continue;
    const ref: ItemRef = {
      memberId: state.memberId,
      member: nameOf.get(state.memberId) ?? "",
      itemId: state.item.id,
      category: state.item.category,
      item: shortenText(state.item.text, r.itemTextMax),
      itemText: state.item.text,
    };
    if (vague) vagueKept.push(ref);
    if (behindSince !== null) behind.push({ ...ref, since: behindSince });
    else if (isStaleItem) {
      stale.push({ ...ref, lastProgressPeriod: h?.lastProgressPeriod ?? null, lastProgressAt: h?.lastProgressAt ?? null });
    }
  }
  const byRankThenItem = (a: ItemRef, b: ItemRef): number =>
    byRank(a, b) || CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category] || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0);
  behind.sort(byRankThenItem);
  stale.sort(byRankThenItem);
  vagueKept.sort(byRankThenItem);
  suggestedExemplars.sort((a, b) => b.assessments - a.assessments || byRank(a, b));
  awaitingReview.sort((a, b) => byRank(a, b) || compareByPeriod(a.period, b.period));

  // Member lists, already in Vietnamese order.
  let registeredCount = 0;
  const notRegistered: string[] = [];
  const returned: string[] = [];
  const notAssessed: string[] = [];
  const unreachable: string[] = [];
  const notLinked: string[] = [];
  for (const m of ranked) {
    const status = registrationOf.get(m.id)?.status;
    if (status !== undefined && isRegistered(status)) registeredCount++;
    else if (status === "RETURNED") returned.push(m.fullName);
    else notRegistered.push(m.fullName);
    if (!assessedNow.has(m.id)) notAssessed.push(m.fullName);
    if (!m.linked) notLinked.push(m.fullName);
    else if (!m.reachable) unreachable.push(m.fullName);
  }

  return {
    unit: { ...input.unit },
    meeting: input.meeting
      ? { startsAt: input.meeting.startsAt, place: input.meeting.place ?? null, kind: input.meeting.kind }
      : null,
    period: parsed.period,
    year,
    generatedAt: input.now,
    members: { active: ranked.length, exempt },
    registered: { count: registeredCount, total: ranked.length, missing: notRegistered },
    returned,
    assessed: { count: assessedNow.size, total: ranked.length, missing: notAssessed },
    behind,
    stale,
    vagueKept,
    suggestedExemplars,
    awaitingReview,
    unreachable,
    notLinked,
    totals: { individualItems, collectiveItems: input.collectiveItems ?? 0, exemplars },
  };
}

const CATEGORY_ORDER: Readonly<Record<CommitmentCategoryValue, number>> = { STUDY: 0, FOLLOW: 1, EXAMPLE: 2 };

// ---------------------------------------------------------------------------------------------
// Roll-up for the higher committee: numbers only, no member names or item texts.

/** Per-cell numbers; what a roll-up keeps of a CellDigest (cellStats) or what a cheap query gives. */
export interface CellStats {
  unitId: string;
  unitName: string;
  period: string;
  /** ACTIVE members: the denominator. */
  activeMembers: number;
  exemptMembers: number;
  registered: number;
  returned: number;
  assessed: number;
  collectiveItems: number;
  individualItems: number;
  exemplars: number;
  suggestedExemplars: number;
  behindItems: number;
  staleItems: number;
  vagueKeptItems: number;
  unreachableMembers: number;
}

/** Strips a digest down to numbers: nothing a member wrote and no member's name survives. */
export function cellStats(d: CellDigest): CellStats {
  return {
    unitId: d.unit.id,
    unitName: d.unit.name,
    period: d.period,
    activeMembers: d.members.active,
    exemptMembers: d.members.exempt,
    registered: d.registered.count,
    returned: d.returned.length,
    assessed: d.assessed.count,
    collectiveItems: d.totals.collectiveItems,
    individualItems: d.totals.individualItems,
    exemplars: d.totals.exemplars,
    suggestedExemplars: d.suggestedExemplars.length,
    behindItems: d.behind.length,
    staleItems: d.stale.length,
    vagueKeptItems: d.vagueKept.length,
    unreachableMembers: d.unreachable.length,
  };
}

export interface RollupThresholds {
  /** A cell with fewer registered members than this percentage of its active members lags. */
  minRegisteredPct: number;
  /** A cell with fewer assessed members than this percentage of its active members lags. */
  minAssessedPct: number;
}

export const DEFAULT_ROLLUP_THRESHOLDS: Readonly<RollupThresholds> = { minRegisteredPct: 80, minAssessedPct: 70 };

export type LaggingOn = "REGISTRATION" | "ASSESSMENT";

export interface CellCoverage {
  unitId: string;
  unitName: string;
  period: string;
  activeMembers: number;
  registered: number;
  assessed: number;
  /** Rounded down, so 100 means complete; null when the cell has no active member. */
  registeredPct: number | null;
  assessedPct: number | null;
  lagging: boolean;
  laggingOn: LaggingOn[];
}

export interface RollupTotals {
  cells: number;
  laggingCells: number;
  activeMembers: number;
  exemptMembers: number;
  registered: number;
  assessed: number;
  registeredPct: number | null;
  assessedPct: number | null;
  collectiveItems: number;
  individualItems: number;
  exemplars: number;
  suggestedExemplars: number;
  behindItems: number;
  staleItems: number;
}

export interface Rollup {
  committee: { id: string; name: string; timeZone: string };
  generatedAt: Date;
  /** The period reported on, when the caller names one ("2026-11"). */
  period: string | null;
  thresholds: RollupThresholds;
  /** Every cell, by name (Vietnamese collation, numbers in order: "Khu phố 2" before "Khu phố 10"). */
  cells: CellCoverage[];
  /** Lagging cells, lowest registration coverage first, then lowest assessment coverage. */
  lagging: CellCoverage[];
  totals: RollupTotals;
}

export interface RollupInput {
  /** The higher unit (đảng bộ); timeZone defaults to Asia/Ho_Chi_Minh. */
  committee: { id: string; name: string; timeZone?: string };
  cells: ReadonlyArray<CellDigest | CellStats>;
  now: Date;
  period?: string | null;
  thresholds?: Partial<RollupThresholds>;
}

const isStats = (c: CellDigest | CellStats): c is CellStats => "activeMembers" in c;

const pct = (part: number, total: number): number | null => (total > 0 ? Math.floor((part * 100) / total) : null);

export function buildRollup(input: RollupInput): Rollup {
  const thresholds: RollupThresholds = { ...DEFAULT_ROLLUP_THRESHOLDS, ...input.thresholds };
  const stats = input.cells.map((c) => (isStats(c) ? c : cellStats(c)));
  const totals: RollupTotals = {
    cells: stats.length,
    laggingCells: 0,
    activeMembers: 0,
    exemptMembers: 0,
    registered: 0,
    assessed: 0,
    registeredPct: null,
    assessedPct: null,
    collectiveItems: 0,
    individualItems: 0,
    exemplars: 0,
    suggestedExemplars: 0,
    behindItems: 0,
    staleItems: 0,
  };
  const cells: CellCoverage[] = stats.map((s) => {
    totals.activeMembers += s.activeMembers;
    totals.exemptMembers += s.exemptMembers;
    totals.registered += s.registered;
    totals.assessed += s.assessed;
    totals.collectiveItems += s.collectiveItems;
    totals.individualItems += s.individualItems;
    totals.exemplars += s.exemplars;
    totals.suggestedExemplars += s.suggestedExemplars;
    totals.behindItems += s.behindItems;
    totals.staleItems += s.staleItems;
    const laggingOn: LaggingOn[] = [];
    // Integer arithmetic: "registered / active < 80%" without rounding surprises.
    if (s.activeMembers > 0 && s.registered * 100 < thresholds.minRegisteredPct * s.activeMembers) {
      laggingOn.push("REGISTRATION");
    }
    if (s.activeMembers > 0 && s.assessed * 100 < thresholds.minAssessedPct * s.activeMembers) {
      laggingOn.push("ASSESSMENT");
    }
    return {
      unitId: s.unitId,
      unitName: s.unitName,
      period: s.period,
      activeMembers: s.activeMembers,
      registered: s.registered,
      assessed: s.assessed,
      registeredPct: pct(s.registered, s.activeMembers),
      assessedPct: pct(s.assessed, s.activeMembers),
      lagging: laggingOn.length > 0,
      laggingOn,
    };
  });
  cells.sort((a, b) => unitCollator.compare(a.unitName, b.unitName) || (a.unitId < b.unitId ? -1 : 1));
  const ratio = (part: number, total: number): number => (total > 0 ? part / total : 1);
  const lagging = cells
    .filter((c) => c.lagging)
    .sort(
      (a, b) =>
        ratio(a.registered, a.activeMembers) - ratio(b.registered, b.activeMembers) ||
        ratio(a.assessed, a.activeMembers) - ratio(b.assessed, b.activeMembers) ||
        unitCollator.compare(a.unitName, b.unitName),
    );
  totals.laggingCells = lagging.length;
  totals.registeredPct = pct(totals.registered, totals.activeMembers);
  totals.assessedPct = pct(totals.assessed, totals.activeMembers);
  return {
    committee: {
      id: input.committee.id,
      name: input.committee.name,
      timeZone: input.committee.timeZone ?? DEFAULT_ZONE,
    },
    generatedAt: input.now,
    period: input.period ?? null,
    thresholds,
    cells,
    lagging,
    totals,
  };
}
