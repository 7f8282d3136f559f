// The cell digest: coverage, lists for the chi ủy, suggested exemplars.
import { parsePeriod } from "../periods.ts";
import { shortenAtWord } from "../text.ts";
import {
  AwaitingReviewEntry,
  BehindEntry,
  CellDigest,
  CellDigestInput,
  CommitmentCategoryValue,
  DEFAULT_DIGEST_RULES,
  DigestAssessmentSummary,
  DigestMemberInput,
  DigestItemHistory,
  DigestItemInput,
  DigestRegistrationInput,
  DigestRules,
  ExemplarSuggestion,
  ItemRef,
  StaleEntry,
} from "./types.ts";
import { compareByPeriod, isRegistered, periodMonthIndex, sortNamesVietnamese, summarizeAssessments } from "./history.ts";
import { staleTester } from "./staleness.ts";
import type { CellStats } from "./rollup.ts";

interface ItemState {
  memberId: string;
  item: DigestItemInput;
  registeredAt: Date | null;
  /** Null when the item was never reported. */
  history: DigestItemHistory | null;
}

// ---------------------------------------------------------------------------------------------
// What the digest and the roll-up's numbers share

interface FlaggedItem {
  state: ItemState;
  vague: boolean;
  /** First period of the current run of BEHIND reports; null when not behind. */
  behindSince: string | null;
  stale: boolean;
}

interface CellAnalysis {
  parsed: NonNullable<ReturnType<typeof parsePeriod>>;
  /** ACTIVE members, in input order. */
  activeMembers: DigestMemberInput[];
  exempt: number;
  registrationOf: Map<string, DigestRegistrationInput>;
  individualItems: number;
  exemplars: number;
  assessedNow: Set<string>;
  /** Submitted assessments of active members without a review; only when asked for lists. */
  awaitingReview: DigestAssessmentSummary[];
  suggestedExemplars: Array<{ memberId: string; months: number; assessments: number }>;
  /** Items that are vague and kept, behind, or stale. */
  flagged: FlaggedItem[];
}

/**
 * Everything the digest decides, without names and without order: the roll-up only counts it, so
 * ranking 10,000 names and listing every assessment awaiting review would be wasted on it.
 */
function analyzeCell(input: CellDigestInput, r: DigestRules, withLists: boolean): CellAnalysis {
  const zone = input.unit.timeZone;
  const parsed = parsePeriod(input.period);
  if (!parsed) throw new RangeError(`Invalid assessment period: ${input.period}`);
  const year = parsed.year;
  const isStaleAt = staleTester(input.now, zone, r.staleMonths);

  const active = new Set<string>();
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
    active.add(m.id);
    activeMembers.push(m);
  }

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
    if (!active.has(reg.memberId)) continue;
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
  const awaitingReview: DigestAssessmentSummary[] = [];
  for (const a of history.assessments) {
    if (!active.has(a.memberId)) continue;
    if (a.period === input.period) assessedNow.add(a.memberId);
    const idx = periodMonthIndex(a.period);
    if (idx <= openIndex) cellMonths.add(idx);
    let positiveByMonth = positiveByMonthOf.get(a.memberId);
    if (!positiveByMonth) positiveByMonthOf.set(a.memberId, (positiveByMonth = new Map<number, boolean>()));
    positiveByMonth.set(idx, (positiveByMonth.get(idx) ?? true) && a.allOnTrack);
    if (withLists && !a.hasReview) awaitingReview.push(a);
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

  const suggestedExemplars: CellAnalysis["suggestedExemplars"] = [];
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
    if (run >= r.exemplarMinAssessments) suggestedExemplars.push({ memberId, months: newest - oldest + 1, assessments: run });
  }

  const flagged: FlaggedItem[] = [];
  for (const state of items.values()) {
    const h = state.history;
    const vague = state.item.vagueKept && state.item.vagueVerdict !== "concrete";
    const behindSince = h?.latest === "BEHIND" ? h.behindSince : null;
    let stale = false;
    if (behindSince === null && h?.latest !== "DONE") {
      const from = h?.lastProgressAt ?? state.registeredAt ?? h?.firstReportAt ?? null;
      stale = from !== null && isStaleAt(from);
    }
    if (vague || behindSince !== null || stale) flagged.push({ state, vague, behindSince, stale });
  }

  return { parsed, activeMembers, exempt, registrationOf, individualItems, exemplars, assessedNow, awaitingReview, suggestedExemplars, flagged };
}

// ---------------------------------------------------------------------------------------------
// Cell digest

export function buildCellDigest(input: CellDigestInput, rules: Partial<DigestRules> = {}): CellDigest {
  const r: DigestRules = { ...DEFAULT_DIGEST_RULES, ...rules };
  const a = analyzeCell(input, r, true);
  const { parsed, registrationOf, assessedNow } = a;

  // Active members ranked once in Vietnamese order; every list sorts by that rank.
  const ranked = sortNamesVietnamese(a.activeMembers, (m) => m.fullName);
  const rank = new Map<string, number>();
  const nameOf = new Map<string, string>();
  ranked.forEach((m, i) => {
    rank.set(m.id, i);
    nameOf.set(m.id, m.fullName);
  });
  const byRank = (x: { memberId: string }, y: { memberId: string }): number => (rank.get(x.memberId) ?? 0) - (rank.get(y.memberId) ?? 0);

  const awaitingReview: AwaitingReviewEntry[] = a.awaitingReview.map((s) => ({
    memberId: s.memberId,
    member: nameOf.get(s.memberId) ?? "",
    period: s.period,
    submittedAt: s.submittedAt,
  }));
  const suggestedExemplars: ExemplarSuggestion[] = a.suggestedExemplars.map((s) => ({
    memberId: s.memberId,
    member: nameOf.get(s.memberId) ?? "",
    months: s.months,
    assessments: s.assessments,
  }));

  // Item lists.
  const behind: BehindEntry[] = [];
  const stale: StaleEntry[] = [];
  const vagueKept: ItemRef[] = [];
  for (const { state, vague, behindSince, stale: isStaleItem } of a.flagged) {
    const h = state.history;
    const ref: ItemRef = {
      memberId: state.memberId,
      member: nameOf.get(state.memberId) ?? "",
      itemId: state.item.id,
      category: state.item.category,
      item: shortenAtWord(state.item.text, r.itemTextMax, "cut"),
      itemText: state.item.text,
    };
    if (vague) vagueKept.push(ref);
    if (behindSince !== null) behind.push({ ...ref, since: behindSince });
    else if (isStaleItem) {
      stale.push({ ...ref, lastProgressPeriod: h?.lastProgressPeriod ?? null, lastProgressAt: h?.lastProgressAt ?? null });
    }
  }
  const byRankThenItem = (x: ItemRef, y: ItemRef): number =>
    byRank(x, y) || CATEGORY_ORDER[x.category] - CATEGORY_ORDER[y.category] || (x.itemId < y.itemId ? -1 : x.itemId > y.itemId ? 1 : 0);
  behind.sort(byRankThenItem);
  stale.sort(byRankThenItem);
  vagueKept.sort(byRankThenItem);
  suggestedExemplars.sort((x, y) => y.assessments - x.assessments || byRank(x, y));
  awaitingReview.sort((x, y) => byRank(x, y) || compareByPeriod(x.period, y.period));

  // Member lists, already in Vietnamese order.
  const notAssessed: string[] = [];
  const unreachable: string[] = [];
  const notLinked: string[] = [];
  for (const m of ranked) {
    if (!assessedNow.has(m.id)) notAssessed.push(m.fullName);
    if (!m.linked) notLinked.push(m.fullName);
    else if (!m.reachable) unreachable.push(m.fullName);
  }
  const thisYear = yearRegistrations(ranked, registrationOf);
  const next = input.nextYear && input.nextYear.year !== parsed.year ? input.nextYear : null;
  const nextOf = new Map((next?.registrations ?? []).map((reg) => [reg.memberId, reg]));
  const nextYear = next ? { year: next.year, ...yearRegistrations(ranked, nextOf) } : null;

  // What /duyet lists, exempt members included (their registrations are decided too).
  const nameOfAny = new Map(input.members.filter((m) => m.status !== "LEFT").map((m) => [m.id, m.fullName]));
  const pending = (year: number, regs: Iterable<DigestRegistrationInput>) =>
    sortNamesVietnamese(
      [...regs].flatMap((reg) => {
        const member = nameOfAny.get(reg.memberId);
        return reg.status === "SUBMITTED" && member !== undefined ? [{ memberId: reg.memberId, member, year }] : [];
      }),
      (e) => e.member,
    );
  const awaitingApproval = [...pending(parsed.year, registrationOf.values()), ...(next ? pending(next.year, nextOf.values()) : [])];

  return {
    unit: { ...input.unit },
    meeting: input.meeting ? { startsAt: input.meeting.startsAt, place: input.meeting.place ?? null, kind: input.meeting.kind } : null,
    period: parsed.period,
    year: parsed.year,
    generatedAt: input.now,
    members: { active: ranked.length, exempt: a.exempt },
    registered: thisYear.registered,
    returned: thisYear.returned,
    nextYear,
    awaitingApproval,
    assessed: { count: assessedNow.size, total: ranked.length, missing: notAssessed },
    behind,
    stale,
    vagueKept,
    suggestedExemplars,
    awaitingReview,
    unreachable,
    notLinked,
    totals: { individualItems: a.individualItems, collectiveItems: input.collectiveItems ?? 0, exemplars: a.exemplars },
  };
}

/**
 * One year's registrations of the ranked ACTIVE members: registered (SUBMITTED or APPROVED; those
 * waiting for approval are listed in the digest's `awaitingApproval`), returned, and the rest (none
 * or a draft) as missing.
 */
function yearRegistrations(ranked: readonly DigestMemberInput[], registrationOf: ReadonlyMap<string, DigestRegistrationInput>) {
  let count = 0;
  const missing: string[] = [];
  const returned: string[] = [];
  for (const m of ranked) {
    const status = registrationOf.get(m.id)?.status;
    if (status !== undefined && isRegistered(status)) count++;
    else if (status === "RETURNED") returned.push(m.fullName);
    else missing.push(m.fullName);
  }
  return { registered: { count, total: ranked.length, missing }, returned };
}

/** The numbers of the cell's digest (cellStats of buildCellDigest), without building its lists. */
export function buildCellStats(input: CellDigestInput, rules: Partial<DigestRules> = {}): CellStats {
  const a = analyzeCell(input, { ...DEFAULT_DIGEST_RULES, ...rules }, false);
  let registered = 0;
  let returned = 0;
  let unreachable = 0;
  for (const m of a.activeMembers) {
    const status = a.registrationOf.get(m.id)?.status;
    if (status !== undefined && isRegistered(status)) registered++;
    else if (status === "RETURNED") returned++;
    if (m.linked && !m.reachable) unreachable++;
  }
  let behind = 0;
  let stale = 0;
  let vagueKept = 0;
  for (const f of a.flagged) {
    if (f.vague) vagueKept++;
    if (f.behindSince !== null) behind++;
    else if (f.stale) stale++;
  }
  return {
    unitId: input.unit.id,
    unitName: input.unit.name,
    period: a.parsed.period,
    activeMembers: a.activeMembers.length,
    exemptMembers: a.exempt,
    registered,
    returned,
    assessed: a.assessedNow.size,
    collectiveItems: input.collectiveItems ?? 0,
    individualItems: a.individualItems,
    exemplars: a.exemplars,
    suggestedExemplars: a.suggestedExemplars.length,
    behindItems: behind,
    staleItems: stale,
    vagueKeptItems: vagueKept,
    unreachableMembers: unreachable,
  };
}

export const CATEGORY_ORDER: Readonly<Record<CommitmentCategoryValue, number>> = { STUDY: 0, FOLLOW: 1, EXAMPLE: 2 };
