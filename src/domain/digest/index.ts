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
// assessments. The roll-up takes only each cell's numbers (buildCellStats, equal to cellStats of
// the digest): no names ranked, no lists built.
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
export * from "./types.ts";
export { sortNamesVietnamese, periodMonthIndex, compareAssessments, summarizeAssessments, ItemHistoryFold } from "./history.ts";
export { staleTester } from "./staleness.ts";
export { buildCellDigest, buildCellStats } from "./cell.ts";
export {
  cellStats,
  buildRollup,
  DEFAULT_ROLLUP_THRESHOLDS,
  type CellStats,
  type RollupThresholds,
  type LaggingOn,
  type CellCoverage,
  type RollupTotals,
  type Rollup,
  type RollupInput,
} from "./rollup.ts";
