// Small date helpers the pages share. (Messages to members go through the Notifier:
// src/usecases/notifier.ts.)
import { inZone } from "../../domain/dates.ts";
import { monthPeriod } from "../../domain/periods.ts";

/** The last n months up to the current one, oldest first: ["2025-12", …, "2026-11"]. */
export function lastMonths(now: Date, zone: string, n: number): string[] {
  const local = inZone(now, zone).startOf("month");
  return Array.from({ length: n }, (_, i) => {
    const d = local.minus({ months: n - 1 - i });
    return monthPeriod(d.year, d.month).period;
  });
}

/** "2026-03" → "03/2026" */
export const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;
