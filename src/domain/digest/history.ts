// Helpers shared by the digest and the roll-up: Vietnamese ordering, period indexes, and the
// reduction of assessments with their per-item progress to a DigestHistory.
import { parsePeriod } from "../periods.ts";
import { givenName } from "../text.ts";
import { DigestAssessmentInput, DigestAssessmentSummary, DigestHistory, DigestItemHistory, ProgressValue, RegistrationStatus } from "./types.ts";

// ---------------------------------------------------------------------------------------------
// Helpers

export const nameCollator = new Intl.Collator("vi", { sensitivity: "base" });
/** Unit names: "Chi bộ Khu phố 2" before "Chi bộ Khu phố 10". */
export const unitCollator = new Intl.Collator("vi", { sensitivity: "base", numeric: true });

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

export const periodIndexCache = new Map<string, number>();

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

export const POSITIVE = (p: ProgressValue): boolean => p === "DONE" || p === "ON_TRACK";
export const isRegistered = (s: RegistrationStatus): boolean => s === "SUBMITTED" || s === "APPROVED";

/** Month before quarter before year when they end in the same month ("2026-12", "2026-Q4", "2026"). */
export function periodKindRank(period: string): number {
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
export function compareByPeriod(a: string, b: string): number {
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
    if (!ofMember) folds.set(a.memberId, (ofMember = new Map<string, ItemHistoryFold>()));
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
