// The digest loader reduces assessments in PostgreSQL (src/db/digest-loader.ts). This checks that
// the reduced path gives exactly the digest that building from the raw rows gives: a generated
// cell with mixed progress, stale items, an exemplar run, EXEMPT and LEFT members, reviews,
// unsubmitted and item-less assessments, quarterly and yearly periods (one far outside the year's
// window), assessments submitted at the same instant, and one created before the window.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { seedDemo } from "../../prisma/seed-demo.ts";
import type { Db } from "../../src/db/client.ts";
import { loadCellDigest, loadCellDigests, loadHistory, loadRollup } from "../../src/db/digest-loader.ts";
import {
  buildCellDigest,
  buildRollup,
  summarizeAssessments,
  type CellDigest,
  type CellDigestInput,
  type DigestHistory,
  type ProgressValue,
} from "../../src/domain/digest/index.ts";
import { openPeriod, periodForMeeting } from "../../src/domain/periods.ts";
import { leadingRegistrationYear } from "../../src/domain/registration-rules.ts";
import { reachOf } from "../../src/db/reach.ts";

const NOW = new Date("2026-11-04T03:00:00Z"); // 10:00 04/11/2026 in Hanoi, the day before the meeting
const MEETING_AT = new Date("2026-11-05T07:00:00Z");
const SINCE = new Date(NOW.getTime() - 366 * 86_400_000);
const PROGRESS: ProgressValue[] = ["DONE", "ON_TRACK", "ON_TRACK", "BEHIND", "NOT_STARTED"];
const CATEGORIES = ["STUDY", "FOLLOW", "EXAMPLE"] as const;

/** Small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Submitted around day 5 of the period's last month, 14:00 in Hanoi. */
function submittedFor(period: string, hourShift = 0): Date {
  const year = Number(period.slice(0, 4));
  const month = period.length === 4 ? 12 : period[5] === "Q" ? Number(period[6]) * 3 : Number(period.slice(5));
  return new Date(Date.UTC(year, month - 1, 5, 7 + hourShift));
}

const kindOf = (period: string) => (period.length === 4 ? "YEARLY" : period[5] === "Q" ? "QUARTERLY" : "MONTHLY");
const MONTHS = Array.from({ length: 13 }, (_, i) => {
  const d = new Date(Date.UTC(2025, 10 + i, 1)); // 2025-11 … 2026-11
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
});

let t: TestDb;
let officeId: string;
let residentialId: string;
let committeeId: string;

interface AssessmentSpec {
  memberId: string;
  period: string;
  progress: Array<[itemId: string, progress: ProgressValue]>;
  submittedAt?: Date | null;
  createdAt?: Date;
  reviews?: number;
}

async function assess(db: Db, authorId: string, spec: AssessmentSpec): Promise<void> {
  const submittedAt = spec.submittedAt === undefined ? submittedFor(spec.period) : spec.submittedAt;
  const created = await db.assessment.create({
    data: {
      memberId: spec.memberId,
      kind: kindOf(spec.period),
      period: spec.period,
      year: Number(spec.period.slice(0, 4)),
      submittedAt,
      createdAt: spec.createdAt ?? submittedAt ?? NOW,
      items: { create: spec.progress.map(([itemId, progress]) => ({ itemId, progress })) },
    },
  });
  for (let r = 0; r < (spec.reviews ?? 0); r++) {
    await db.review.create({ data: { authorId, assessmentId: created.id, text: `Nhận xét ${r + 1}` } });
  }
}

async function register(
  db: Db,
  memberId: string,
  status: "DRAFT" | "SUBMITTED" | "APPROVED" | "RETURNED",
  count: number,
  rnd: () => number,
  submittedAt: Date | null = new Date("2026-01-10T03:00:00Z"),
  year = 2026,
): Promise<string[]> {
  const registration = await db.registration.create({
    data: {
      memberId,
      year,
      status,
      pledgeAccepted: true,
      submittedAt: status === "DRAFT" ? null : submittedAt,
      items: {
        create: Array.from({ length: count }, (_, i) => {
          const vague = rnd() < 0.3;
          return {
            position: i + 1,
            category: CATEGORIES[i % 3]!,
            text: `Nội dung ${i + 1}: giải quyết hồ sơ đúng hạn, đọc sách về Bác, mỗi tháng ghi chép ${i + 2} trang`,
            vagueVerdict: vague ? "vague" : i === 2 ? null : "concrete",
            vagueKept: vague && rnd() < 0.6,
          };
        }),
      },
    },
    include: { items: { orderBy: { position: "asc" } } },
  });
  return registration.items.map((i) => i.id);
}

/** The cell's generated history; returns nothing, everything is in the database. */
async function generate(db: Db, unitId: string, seed: number): Promise<void> {
  const rnd = random(seed);
  const secretary = await db.member.findFirstOrThrow({ where: { unitId, role: "SECRETARY" } });
  const memberIds: string[] = (await db.member.findMany({ where: { unitId }, orderBy: { fullName: "asc" } })).map((m) => m.id);
  for (let k = 0; k < 24; k++) {
    const status = k % 11 === 5 ? "EXEMPT" : k % 13 === 7 ? "LEFT" : "ACTIVE";
    const m = await db.member.create({
      data: {
        unitId,
        fullName: `${["Nguyễn", "Trần", "Lê", "Phạm"][k % 4]} Văn ${["An", "Bình", "Cường", "Dũng", "Giang", "Hà"][k % 6]}`,
        searchName: `member ${seed} ${k}`,
        status,
      },
    });
    memberIds.push(m.id);
    if (k % 5 !== 0) {
      await db.identity.create({
        data: { platform: k % 2 ? "TELEGRAM" : "ZALO", externalUserId: `${seed}-${k}`, chatId: `${seed}-${k}`, memberId: m.id, reachable: k % 7 !== 3 },
      });
    }
  }

  for (const [n, memberId] of memberIds.entries()) {
    const r = rnd();
    if (r < 0.08) continue; // no registration
    const status = r < 0.16 ? "DRAFT" : r < 0.22 ? "RETURNED" : r < 0.4 ? "SUBMITTED" : "APPROVED";
    const itemIds = await register(db, memberId, status, 1 + (n % 3), rnd, n % 6 === 0 ? null : new Date("2026-01-10T03:00:00Z"));
    if (n % 9 === 4) continue; // registered, never reported: stale from the registration
    const diligence = rnd();
    const lastMonth = n % 7 === 2 ? 8 : MONTHS.length; // some stop reporting in June
    for (const [i, period] of MONTHS.slice(0, lastMonth).entries()) {
      if (rnd() > 0.5 + diligence * 0.5) continue;
      const progress = itemIds.map((id) => [id, PROGRESS[Math.floor(rnd() * PROGRESS.length)]!] as [string, ProgressValue]);
      await assess(db, secretary.id, {
        memberId,
        period,
        progress,
        reviews: rnd() < 0.4 ? 1 + (i % 2) : 0,
        submittedAt: rnd() < 0.04 ? null : undefined, // a few started and never submitted
      });
    }
  }
}

/** The digest input built from the raw rows (what the loader did before reducing in SQL). */
async function rawInput(db: Db, unitId: string, now: Date): Promise<CellDigestInput> {
  const unit = await db.unit.findUniqueOrThrow({ where: { id: unitId }, select: { id: true, name: true, timeZone: true } });
  const meeting = await db.meeting.findFirst({
    where: { unitId, status: { in: ["SCHEDULED", "MOVED"] }, startsAt: { gt: now } },
    orderBy: { startsAt: "asc" },
    select: { startsAt: true, place: true, kind: true },
  });
  const period = meeting ? periodForMeeting(meeting, unit.timeZone) : openPeriod(now, unit.timeZone);
  const members = await db.member.findMany({
    where: { unitId, status: { not: "LEFT" } },
    orderBy: { id: "asc" },
    select: { id: true, fullName: true, status: true, identities: { select: { reachable: true } } },
  });
  const memberIds = members.map((m) => m.id);
  const leading = leadingRegistrationYear(now, unit.timeZone);
  const nextYear = leading > period.year ? leading : null;
  const [registrations, assessments, exemplars, collectiveItems] = await Promise.all([
    db.registration.findMany({
      where: { memberId: { in: memberIds }, year: { in: nextYear === null ? [period.year] : [period.year, nextYear] } },
      select: {
        memberId: true,
        year: true,
        status: true,
        submittedAt: true,
        items: { select: { id: true, category: true, text: true, vagueVerdict: true, vagueKept: true }, orderBy: { position: "asc" } },
      },
    }),
    db.assessment.findMany({
      where: { memberId: { in: memberIds }, createdAt: { gte: new Date(now.getTime() - 366 * 86_400_000) } },
      select: { memberId: true, period: true, submittedAt: true, _count: { select: { reviews: true } }, items: { select: { itemId: true, progress: true } } },
    }),
    db.exemplar.findMany({ where: { memberId: { in: memberIds }, year: period.year }, select: { memberId: true, year: true } }),
    db.collectiveCommitment.count({ where: { unitId, year: period.year } }),
  ]);
  return {
    unit,
    meeting,
    period: period.period,
    now,
    members: members.map((m) => ({
      id: m.id,
      fullName: m.fullName,
      status: m.status,
      linked: reachOf(m.identities) !== "not-linked",
      reachable: reachOf(m.identities) === null,
    })),
    registrations: registrations.filter((r) => r.year === period.year).map(({ year: _, ...r }) => r),
    nextYear: nextYear === null ? null : { year: nextYear, registrations: registrations.filter((r) => r.year === nextYear).map(({ year: _, ...r }) => r) },
    assessments: assessments.map((a) => ({
      memberId: a.memberId,
      period: a.period,
      submittedAt: a.submittedAt,
      hasReview: a._count.reviews > 0,
      items: a.items,
    })),
    exemplars,
    collectiveItems,
  };
}

/** Histories compared regardless of order. */
function normalized(h: DigestHistory): string {
  const key = (x: object) => JSON.stringify(x);
  return JSON.stringify({ assessments: h.assessments.map(key).sort(), items: h.items.map(key).sort() });
}

beforeAll(async () => {
  t = await createTestDb();
  const seeded = await seedDemo(t.db, { year: 2026 });
  committeeId = seeded.committeeId;
  [officeId, residentialId] = seeded.cellIds as [string, string];
  await generate(t.db, officeId, 20261104);
  await generate(t.db, residentialId, 7);
  const db = t.db;

  // The office meets tomorrow (the digest is for November); the residential cell has no meeting.
  await db.meeting.create({ data: { unitId: officeId, startsAt: MEETING_AT, kind: "REGULAR", place: "Hội trường UBND phường" } });
  await db.collectiveCommitment.create({ data: { unitId: officeId, year: 2026, position: 1, text: "Cải cách thủ tục hành chính", status: "APPROVED" } });

  const office = await db.member.findMany({ where: { unitId: officeId, status: "ACTIVE" }, orderBy: { phone: "asc" } });
  const secretaryId = office.find((m) => m.role === "SECRETARY")!.id;
  const rnd = random(99);
  const [runner, exemplar, tied, stray, far] = office.filter((m) => m.role === "MEMBER");
  if (!runner || !exemplar || !tied || !stray || !far) throw new Error("seed: not enough members");
  for (const m of [runner, exemplar, tied, stray, far]) {
    await db.registration.deleteMany({ where: { memberId: m.id } });
    await db.assessment.deleteMany({ where: { memberId: m.id } });
  }

  // An exemplar run: every item on track from July to October (one of them reviewed twice).
  const runItems = await register(db, runner.id, "APPROVED", 3, rnd);
  for (const period of ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]) {
    await assess(db, secretaryId, {
      memberId: runner.id,
      period,
      progress: runItems.map((id, i) => [id, period === "2026-06" && i === 1 ? "BEHIND" : i === 0 ? "DONE" : "ON_TRACK"]),
      reviews: period === "2026-08" ? 2 : 0,
    });
  }
  // Already an exemplar this year: on track too, not suggested again.
  const exemplarItems = await register(db, exemplar.id, "APPROVED", 2, rnd);
  for (const period of ["2026-08", "2026-09", "2026-10", "2026-11"]) {
    await assess(db, secretaryId, { memberId: exemplar.id, period, progress: exemplarItems.map((id) => [id, "ON_TRACK"]) });
  }
  await db.exemplar.create({ data: { memberId: exemplar.id, nominatedById: secretaryId, year: 2026, reason: "Hoàn thành xuất sắc" } });

  // Submitted at the same instant, read by period: the (item-less) year 2025, September, then the
  // third quarter; behind since the quarter.
  const tiedItems = await register(db, tied.id, "SUBMITTED", 2, rnd);
  const same = new Date("2026-10-02T02:00:00Z");
  await assess(db, secretaryId, {
    memberId: tied.id,
    period: "2026-Q3",
    submittedAt: same,
    progress: [
      [tiedItems[0]!, "BEHIND"],
      [tiedItems[1]!, "DONE"],
    ],
  });
  await assess(db, secretaryId, {
    memberId: tied.id,
    period: "2026-09",
    submittedAt: same,
    progress: [
      [tiedItems[0]!, "ON_TRACK"],
      [tiedItems[1]!, "BEHIND"],
    ],
  });
  await assess(db, secretaryId, { memberId: tied.id, period: "2026-10", progress: [[tiedItems[0]!, "BEHIND"]] });
  await assess(db, secretaryId, { memberId: tied.id, period: "2025", submittedAt: same, progress: [] });

  // An item reported in another member's assessment only counts for that assessment's own run.
  const strayItems = await register(db, stray.id, "APPROVED", 1, rnd);
  await assess(db, secretaryId, {
    memberId: stray.id,
    period: "2026-09",
    progress: [
      [strayItems[0]!, "ON_TRACK"],
      [runItems[0]!, "BEHIND"],
    ],
  });
  await assess(db, secretaryId, { memberId: stray.id, period: "2026-10", progress: [[strayItems[0]!, "NOT_STARTED"]] });

  // Next year's, which the November digest shows too: one waiting for approval, one returned.
  await register(db, runner.id, "SUBMITTED", 1, rnd, new Date("2026-11-02T03:00:00Z"), 2027);
  await register(db, tied.id, "RETURNED", 1, rnd, new Date("2026-11-02T03:00:00Z"), 2027);

  // Periods far from the window (an old year entered late, an old quarter), and one assessment
  // created before the window (ignored).
  const farItems = await register(db, far.id, "APPROVED", 2, rnd, null);
  await assess(db, secretaryId, {
    memberId: far.id,
    period: "2023",
    submittedAt: new Date("2026-03-01T03:00:00Z"),
    progress: [
      [farItems[0]!, "ON_TRACK"],
      [farItems[1]!, "DONE"],
    ],
  });
  await assess(db, secretaryId, { memberId: far.id, period: "2024-Q2", submittedAt: new Date("2026-03-02T03:00:00Z"), progress: [[farItems[0]!, "BEHIND"]] });
  await assess(db, secretaryId, {
    memberId: far.id,
    period: "2026-04",
    progress: [
      [farItems[0]!, "BEHIND"],
      [farItems[1]!, "NOT_STARTED"],
    ],
  });
  await assess(db, secretaryId, { memberId: far.id, period: "2025-10", createdAt: new Date("2025-10-20T03:00:00Z"), progress: [[farItems[0]!, "DONE"]] });
});

afterAll(async () => {
  await t?.drop();
});

describe("digest loader", () => {
  it("gives the same cell digest as building from the raw rows", async () => {
    const loaded = await loadCellDigest(t.db, officeId, NOW);
    const raw = buildCellDigest(await rawInput(t.db, officeId, NOW));
    expect(JSON.stringify(loaded)).toBe(JSON.stringify(raw));

    // The generated cell exercises every list.
    const d = loaded as CellDigest;
    expect(d.period).toBe("2026-11");
    expect(d.members.exempt).toBeGreaterThan(0);
    expect(d.returned.length).toBeGreaterThan(0);
    expect(d.registered.missing.length).toBeGreaterThan(0);
    expect(d.assessed.count).toBeGreaterThan(0);
    expect(d.behind.length).toBeGreaterThan(2);
    expect(d.stale.length).toBeGreaterThan(2);
    expect(d.stale.some((s) => s.lastProgressPeriod === null)).toBe(true);
    expect(d.vagueKept.length).toBeGreaterThan(0);
    expect(d.suggestedExemplars.length).toBeGreaterThan(0);
    expect(d.awaitingReview.length).toBeGreaterThan(5);
    expect(d.nextYear).toMatchObject({ year: 2027, registered: { count: 1 }, returned: [expect.any(String)] });
    expect(d.awaitingApproval.filter((e) => e.year === 2027)).toHaveLength(1);
    expect(d.unreachable.length + d.notLinked.length).toBeGreaterThan(0);
    expect(d.totals).toMatchObject({ collectiveItems: 1, exemplars: 1 });
  });

  it("reads each item's history in order of submission, month before quarter before year", async () => {
    const d = (await loadCellDigest(t.db, officeId, NOW))!;
    const tied = await t.db.member.findFirstOrThrow({
      where: { unitId: officeId, assessments: { some: { period: "2026-Q3" } } },
      include: { registrations: { include: { items: { orderBy: { position: "asc" } } } } },
    });
    const [first, second] = tied.registrations[0]!.items;
    // 2026-09 (ON_TRACK) → 2026-Q3 (BEHIND) → 2026-10 (BEHIND): behind since the quarter.
    expect(d.behind.find((b) => b.itemId === first!.id)?.since).toBe("2026-Q3");
    // 2026-09 (BEHIND) → 2026-Q3 (DONE): done, neither behind nor stale.
    expect(d.behind.some((b) => b.itemId === second!.id)).toBe(false);
    expect(d.stale.some((s) => s.itemId === second!.id)).toBe(false);
  });

  it("reduces to the same history as summarizeAssessments", async () => {
    const history = await loadHistory(t.db, [officeId, residentialId], SINCE);
    const raws = await Promise.all([officeId, residentialId].map((id) => rawInput(t.db, id, NOW)));
    const active = new Set(raws.flatMap((r) => r.members.filter((m) => m.status === "ACTIVE").map((m) => m.id)));
    const expected = summarizeAssessments(raws.flatMap((r) => r.assessments ?? []).filter((a) => active.has(a.memberId)));
    expect(history.items.length).toBeGreaterThan(50);
    expect(normalized(history)).toBe(normalized(expected));
  });

  it("reads the same history for a committee-sized selection (the pool's sessions run without JIT)", async () => {
    const [setting] = await t.db.$queryRaw<Array<{ jit: string }>>`SHOW jit`;
    expect(setting?.jit).toBe("off");
    const padding = Array.from({ length: 60 }, (_, i) => `no-such-unit-${i}`);
    const small = await loadHistory(t.db, [officeId, residentialId], SINCE);
    const large = await loadHistory(t.db, [officeId, residentialId, ...padding], SINCE);
    expect(small.items.length).toBeGreaterThan(50);
    expect(normalized(large)).toBe(normalized(small));
  });

  it("gives periods back as they are stored, and refuses one that is not a period", async () => {
    // Periods travel as positions: a far one ("2023", "2024-Q2") comes back as its text, checked.
    const history = await loadHistory(t.db, [officeId], SINCE);
    expect(history.assessments.map((a) => a.period)).toEqual(expect.arrayContaining(["2023", "2024-Q2", "2026-Q3"]));
    // A cell outside the committee, so that the roll-up below is not changed by it.
    const unit = await t.db.unit.create({ data: { name: "Chi bộ thử kỳ sai", kind: "CELL" } });
    const member = await t.db.member.create({ data: { unitId: unit.id, fullName: "Phạm Văn Kỳ", searchName: "pham van ky", status: "ACTIVE" } });
    const items = await register(t.db, member.id, "APPROVED", 1, random(7), null);
    await assess(t.db, member.id, { memberId: member.id, period: "2026-5", submittedAt: new Date("2026-06-05T03:00:00Z"), progress: [[items[0]!, "DONE"]] });
    await expect(loadHistory(t.db, [unit.id], SINCE)).rejects.toThrow(RangeError);
    await t.db.assessment.deleteMany({ where: { memberId: member.id } });
  });

  it("loads several cells together (one without a meeting) and the committee's roll-up", async () => {
    const loaded = await loadCellDigests(t.db, [officeId, residentialId], NOW);
    const raw = [buildCellDigest(await rawInput(t.db, officeId, NOW)), buildCellDigest(await rawInput(t.db, residentialId, NOW))];
    expect(JSON.stringify(loaded)).toBe(JSON.stringify(raw));
    expect(loaded[1]?.meeting).toBeNull();
    // A cell named twice is one cell, its members counted once.
    expect(JSON.stringify(await loadCellDigests(t.db, [officeId, residentialId, officeId], NOW))).toBe(JSON.stringify(raw));

    const rollup = await loadRollup(t.db, committeeId, NOW);
    const committee = await t.db.unit.findUniqueOrThrow({ where: { id: committeeId }, select: { id: true, name: true, timeZone: true } });
    expect(JSON.stringify(rollup)).toBe(JSON.stringify(buildRollup({ committee, cells: raw, now: NOW })));
  });

  it("an empty selection and a cell without history", async () => {
    expect(await loadCellDigests(t.db, [], NOW)).toEqual([]);
    const empty = await t.db.unit.create({ data: { name: "Chi bộ mới (trống)", kind: "CELL", parentId: committeeId } });
    const loaded = await loadCellDigest(t.db, empty.id, NOW);
    expect(JSON.stringify(loaded)).toBe(JSON.stringify(buildCellDigest(await rawInput(t.db, empty.id, NOW))));
    expect(loaded?.members).toEqual({ active: 0, exempt: 0 });
  });
});
