// The roll-up for the higher committee: numbers only, no member names or item texts.
import { DEFAULT_ZONE } from "../dates.ts";
import { CellDigest } from "./types.ts";
import { unitCollator } from "./history.ts";
import { percent } from "../percent.ts";

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

export const isStats = (c: CellDigest | CellStats): c is CellStats => "activeMembers" in c;

/** Shown percentages round as people read them (see domain/percent.ts); lagging is decided on exact counts above. */
export const pct = (part: number, total: number): number | null => percent(part, total);

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
