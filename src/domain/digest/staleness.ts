// When an item is stale: no progress for N calendar months in the unit's zone.
import { DateTime, IANAZone } from "luxon";

export const DAY_MS = 24 * 60 * 60 * 1000;
export const MINUTE_MS = 60 * 1000;

export const validZones = new Map<string, IANAZone>();

/** The zone as a cached luxon zone; RangeError when unknown (like dates.ts assertZone, but cheap). */
export function zoneOf(zone: string): IANAZone {
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

export function makeStaleTester(now: Date, zone: string, months: number): (at: Date) => boolean {
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
