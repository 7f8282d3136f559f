// Telling a member about a chi ủy decision made on the dashboard, and the small date helpers the
// pages share.
import type { DashboardDeps } from "./context.ts";
import type { NewDelivery } from "../../db/deliveries.ts";
import { inZone } from "../../domain/dates.ts";
import { monthPeriod } from "../../domain/periods.ts";

/** Queues a message through the delivery path; a failure to queue never undoes the decision. */
export async function notifyMember(deps: DashboardDeps, input: NewDelivery): Promise<void> {
  try {
    await deps.deliver(input);
  } catch (error) {
    deps.log.warn({ err: error, purpose: input.purpose, dedupeKey: input.dedupeKey }, "member notification could not be queued");
  }
}

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
