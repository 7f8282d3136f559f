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
  const byRank = (a: { memberId: string }, b: { memberId: string }): number => (rank.get(a.memberId) ?? 0) - (rank.get(b.memberId) ?? 0);

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
    if (!positiveByMonth) positiveByMonthOf.set(a.memberId, (positiveByMonth = new Map<number, boolean>()));
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
      item: shortenAtWord(state.item.text, r.itemTextMax, "cut"),
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
    meeting: input.meeting ? { startsAt: input.meeting.startsAt, place: input.meeting.place ?? null, kind: input.meeting.kind } : null,
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

export const CATEGORY_ORDER: Readonly<Record<CommitmentCategoryValue, number>> = { STUDY: 0, FOLLOW: 1, EXAMPLE: 2 };
