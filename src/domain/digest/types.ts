// Input and output types of the cell digest, and its default rules.
import { type MemberStatusValue, type RegistrationStatusValue } from "../owed.ts";
import { type MeetingKindValue } from "../periods.ts";
import type { Category, Progress } from "../vocabulary.ts";

// ---------------------------------------------------------------------------------------------
// Input

export type RegistrationStatus = Exclude<RegistrationStatusValue, "NONE">;
export type CommitmentCategoryValue = Category;
export type ProgressValue = Progress;

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
  /** True when the member has at least one account the bot delivers to (Zalo, Telegram or the terminal chat). */
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
  /**
   * Next year's registrations, once /dangky offers that year (from November, registration-rules.ts)
   * and the digest's year is still this one; absent otherwise.
   */
  nextYear?: { year: number; registrations: DigestRegistrationInput[] } | null;
}

export interface DigestRules {
  /** No progress for this many calendar months makes an item stale (docs/rules.md: 2+ months). */
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
  /** Next year's registrations of ACTIVE members (from November); null when not offered yet. */
  nextYear: { year: number; registered: Coverage; returned: string[] } | null;
  /**
   * SUBMITTED registrations of the digest's year and of next year, of members who have not LEFT
   * (exempt ones too): what /duyet lists. By year, then in Vietnamese name order.
   */
  awaitingApproval: Array<{ memberId: string; member: string; year: number }>;
  /** Linked, but every identity is unreachable (blocked the bot): contact in person. */
  unreachable: string[];
  /** No account the bot delivers to (Zalo, Telegram or the terminal chat). */
  notLinked: string[];
  totals: {
    /** Items of registered (SUBMITTED/APPROVED) registrations of non-LEFT members. */
    individualItems: number;
    collectiveItems: number;
    /** Exemplar rows of the year for non-LEFT members. */
    exemplars: number;
  };
}
