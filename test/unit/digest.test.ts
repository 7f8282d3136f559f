import { describe, expect, it } from "vitest";
import {
  buildCellDigest,
  buildCellStats,
  buildRollup,
  cellStats,
  periodMonthIndex,
  sortNamesVietnamese,
  staleTester,
  summarizeAssessments,
  type CellDigestInput,
  type CellStats,
  type DigestAssessmentInput,
  type DigestItemInput,
  type DigestMemberInput,
  type DigestRegistrationInput,
  type ProgressValue,
} from "../../src/domain/digest/index.ts";
import { isStale } from "../../src/domain/periods.ts";
import { shortenAtWord, sortByVietnameseName } from "../../src/domain/text.ts";

const ZONE = "Asia/Ho_Chi_Minh";
// 10:00 Wednesday 04/11/2026 in Hanoi, the day before the November meeting.
const NOW = new Date("2026-11-04T03:00:00Z");
const MEETING = { startsAt: new Date("2026-11-05T07:00:00Z"), place: "Hội trường khu phố", kind: "REGULAR" as const };

/** Submitted at 14:00 local on day 5 of the period's month ("2026-09" → 05/09/2026). */
const at = (period: string): Date => {
  const idx = periodMonthIndex(period);
  const year = Math.floor(idx / 12);
  const month = (idx % 12) + 1;
  return new Date(`${year}-${String(month).padStart(2, "0")}-05T07:00:00Z`);
};

class Cell {
  members: DigestMemberInput[] = [];
  registrations: DigestRegistrationInput[] = [];
  assessments: DigestAssessmentInput[] = [];
  exemplars: Array<{ memberId: string; year: number }> = [];

  member(id: string, fullName: string, extra: Partial<DigestMemberInput> = {}): this {
    this.members.push({ id, fullName, status: "ACTIVE", reachable: true, linked: true, ...extra });
    return this;
  }

  register(
    memberId: string,
    status: DigestRegistrationInput["status"],
    items: Array<Partial<DigestItemInput> & { id: string }> = [],
    submittedAt?: Date,
  ): this {
    this.registrations.push({
      memberId,
      status,
      submittedAt: submittedAt ?? null,
      items: items.map((i) => ({
        category: "FOLLOW",
        text: `Nội dung ${i.id}: mỗi tháng đọc 1 cuốn sách về Bác và ghi chép 2 trang`,
        vagueVerdict: "concrete",
        vagueKept: false,
        ...i,
      })),
    });
    return this;
  }

  /** progress: itemId → progress, submitted on day 5 of the period's month unless said. */
  assess(memberId: string, period: string, progress: Record<string, ProgressValue>, extra: Partial<DigestAssessmentInput> = {}): this {
    this.assessments.push({
      memberId,
      period,
      submittedAt: at(period),
      hasReview: true,
      items: Object.entries(progress).map(([itemId, p]) => ({ itemId, progress: p })),
      ...extra,
    });
    return this;
  }

  input(extra: Partial<CellDigestInput> = {}): CellDigestInput {
    return {
      unit: { id: "u1", name: "Chi bộ Khu phố 4", timeZone: ZONE },
      meeting: MEETING,
      period: "2026-11",
      now: NOW,
      members: this.members,
      registrations: this.registrations,
      assessments: this.assessments,
      exemplars: this.exemplars,
      collectiveItems: 2,
      ...extra,
    };
  }
}

function scenario(): Cell {
  const c = new Cell()
    .member("hung", "Nguyễn Văn Hùng")
    .member("an", "Trần Thị An")
    .member("binh", "Lê Văn Bình")
    .member("cuc", "Phạm Thị Cúc")
    .member("dung", "Hoàng Văn Dũng")
    .member("em", "Võ Thị Em", { status: "EXEMPT" })
    .member("giang", "Đỗ Văn Giang", { status: "LEFT", linked: false })
    .member("ha", "Bùi Thị Hà", { reachable: false })
    .member("khoa", "Ngô Văn Khoa", { linked: false, reachable: false })
    .member("lan", "Đặng Thị Lan")
    .member("minh", "Mai Văn Minh");

  // Hùng: on track Aug–Nov, Oct not yet commented by the chi ủy → exemplar suggestion, awaiting review.
  c.register("hung", "APPROVED", [
    { id: "hung1", category: "STUDY" },
    { id: "hung2", category: "EXAMPLE" },
  ]);
  for (const p of ["2026-08", "2026-09", "2026-10", "2026-11"]) {
    c.assess("hung", p, { hung1: "ON_TRACK", hung2: p === "2026-11" ? "DONE" : "ON_TRACK" }, { hasReview: p !== "2026-10" });
  }
  // An: behind in Sep and Oct, has not assessed November.
  c.register("an", "SUBMITTED", [{ id: "an1", text: "Giải quyết 100% hồ sơ đúng hạn" }]);
  c.assess("an", "2026-08", { an1: "ON_TRACK" });
  c.assess("an", "2026-09", { an1: "BEHIND" });
  c.assess("an", "2026-10", { an1: "BEHIND" });
  // Bình: draft; Cúc: returned; Dũng: nothing.
  c.register("binh", "DRAFT", [{ id: "binh1" }]);
  c.register("cuc", "RETURNED", [{ id: "cuc1", vagueKept: true, vagueVerdict: "vague" }]);
  // Em is exempt and Giang has left: whatever they have is ignored in the lists.
  c.register("em", "APPROVED", [{ id: "em1", vagueKept: true, vagueVerdict: "vague" }]);
  c.assess("em", "2026-10", { em1: "BEHIND" }, { hasReview: false });
  c.register("giang", "DRAFT", []);
  // Hà: last progress in August, nothing since; keeps a vague item; has blocked the bot.
  c.register("ha", "APPROVED", [{ id: "ha1" }, { id: "ha2", text: "Tích cực học tập và làm theo Bác", vagueVerdict: "vague", vagueKept: true }]);
  c.assess("ha", "2026-08", { ha1: "ON_TRACK", ha2: "ON_TRACK" });
  c.assess("ha", "2026-09", { ha1: "NOT_STARTED", ha2: "ON_TRACK" });
  c.assess("ha", "2026-10", { ha1: "NOT_STARTED", ha2: "ON_TRACK" });
  // Khoa: registered in July, never reported anything; not linked.
  c.register("khoa", "APPROVED", [{ id: "khoa1" }], new Date("2026-07-01T03:00:00Z"));
  // Lan: on track except October.
  c.register("lan", "APPROVED", [{ id: "lan1" }]);
  c.assess("lan", "2026-08", { lan1: "ON_TRACK" });
  c.assess("lan", "2026-09", { lan1: "ON_TRACK" });
  c.assess("lan", "2026-10", { lan1: "BEHIND" });
  c.assess("lan", "2026-11", { lan1: "ON_TRACK" });
  // Minh: on track for four months but already an exemplar this year.
  c.register("minh", "APPROVED", [{ id: "minh1" }, { id: "minh2" }]);
  for (const p of ["2026-08", "2026-09", "2026-10", "2026-11"]) c.assess("minh", p, { minh1: "DONE", minh2: "ON_TRACK" });
  c.exemplars.push({ memberId: "minh", year: 2026 }, { memberId: "hung", year: 2025 });
  return c;
}

describe("buildCellDigest", () => {
  const d = buildCellDigest(scenario().input());

  it("carries the unit, meeting, period and time of assembly", () => {
    expect(d.unit).toEqual({ id: "u1", name: "Chi bộ Khu phố 4", timeZone: ZONE });
    expect(d.meeting).toEqual({ startsAt: MEETING.startsAt, place: "Hội trường khu phố", kind: "REGULAR" });
    expect(d.period).toBe("2026-11");
    expect(d.year).toBe(2026);
    expect(d.generatedAt).toBe(NOW);
    expect(buildCellDigest(scenario().input({ meeting: undefined })).meeting).toBeNull();
  });

  it("counts only ACTIVE members: EXEMPT apart, LEFT ignored", () => {
    expect(d.members).toEqual({ active: 9, exempt: 1 });
  });

  it("registered = SUBMITTED or APPROVED; DRAFT and none are missing; RETURNED listed apart", () => {
    expect(d.registered).toEqual({ count: 6, total: 9, missing: ["Lê Văn Bình", "Hoàng Văn Dũng"] });
    expect(d.returned).toEqual(["Phạm Thị Cúc"]);
    expect(d.registered.count + d.registered.missing.length + d.returned.length).toBe(d.registered.total);
  });

  it("assessed = a submitted assessment of the open period; missing in Vietnamese order", () => {
    expect(d.assessed.count).toBe(3);
    expect(d.assessed.total).toBe(9);
    expect(d.assessed.missing).toEqual(["Trần Thị An", "Lê Văn Bình", "Phạm Thị Cúc", "Hoàng Văn Dũng", "Bùi Thị Hà", "Ngô Văn Khoa"]);
  });

  it("an unsubmitted assessment does not count", () => {
    const c = scenario();
    c.assess("an", "2026-11", { an1: "ON_TRACK" }, { submittedAt: null });
    expect(buildCellDigest(c.input()).assessed.count).toBe(3);
  });

  it("never lists EXEMPT or LEFT members", () => {
    const text = JSON.stringify(d);
    expect(text).not.toContain("Võ Thị Em");
    expect(text).not.toContain("Đỗ Văn Giang");
  });

  it("behind: latest report BEHIND, since the start of the current BEHIND run", () => {
    expect(d.behind).toHaveLength(1);
    expect(d.behind[0]).toMatchObject({
      memberId: "an",
      member: "Trần Thị An",
      itemId: "an1",
      item: "Giải quyết 100% hồ sơ đúng hạn",
      since: "2026-09",
    });
    const c = new Cell().member("a", "Trần Văn Tú");
    c.register("a", "APPROVED", [{ id: "a1" }]);
    c.assess("a", "2026-08", { a1: "BEHIND" });
    c.assess("a", "2026-09", { a1: "ON_TRACK" });
    c.assess("a", "2026-10", { a1: "BEHIND" });
    expect(buildCellDigest(c.input()).behind.map((b) => b.since)).toEqual(["2026-10"]);
  });

  it("stale: no progress for 2+ months, with the last progress period or never", () => {
    expect(d.stale.map((s) => [s.member, s.itemId, s.lastProgressPeriod])).toEqual([
      ["Bùi Thị Hà", "ha1", "2026-08"],
      ["Ngô Văn Khoa", "khoa1", null],
    ]);
    expect(d.stale[0]?.lastProgressAt).toEqual(at("2026-08"));
  });

  it("stale counts calendar months in the unit's zone, like isStale", () => {
    const c = new Cell().member("a", "Trần Văn Tú");
    c.register("a", "APPROVED", [{ id: "a1" }]);
    c.assess("a", "2026-09", { a1: "ON_TRACK" }, { submittedAt: new Date("2026-09-04T03:00:00Z") });
    c.assess("a", "2026-10", { a1: "NOT_STARTED" });
    // Exactly two months after the last progress: stale. One minute earlier: not yet.
    expect(buildCellDigest(c.input()).stale).toHaveLength(1);
    expect(buildCellDigest(c.input({ now: new Date(NOW.getTime() - 60_000) })).stale).toHaveLength(0);
  });

  it("an item never reported counts from its first report when the registration date is unknown", () => {
    const c = new Cell().member("a", "Trần Văn Tú").member("b", "Lý Văn Sơn");
    c.register("a", "APPROVED", [{ id: "a1" }]);
    c.assess("a", "2026-08", { a1: "NOT_STARTED" });
    c.register("b", "APPROVED", [{ id: "b1" }]);
    c.assess("b", "2026-10", { b1: "NOT_STARTED" });
    const digest = buildCellDigest(c.input());
    expect(digest.stale.map((s) => s.itemId)).toEqual(["a1"]);
  });

  it("DONE items are neither behind nor stale; behind items are not also stale", () => {
    const c = new Cell().member("a", "Trần Văn Tú");
    c.register("a", "APPROVED", [{ id: "a1" }, { id: "a2" }]);
    c.assess("a", "2026-05", { a1: "DONE", a2: "BEHIND" });
    c.assess("a", "2026-06", { a1: "DONE", a2: "BEHIND" });
    const digest = buildCellDigest(c.input());
    expect(digest.behind.map((b) => [b.itemId, b.since])).toEqual([["a2", "2026-05"]]);
    expect(digest.stale).toEqual([]);
  });

  it("vague items kept: only in registered registrations of active members", () => {
    expect(d.vagueKept.map((v) => [v.member, v.itemId, v.item])).toEqual([["Bùi Thị Hà", "ha2", "Tích cực học tập và làm theo Bác"]]);
  });

  it("suggests exemplars: every item on track in each of the last 3+ assessments", () => {
    expect(d.suggestedExemplars).toEqual([{ memberId: "hung", member: "Nguyễn Văn Hùng", months: 4, assessments: 4 }]);
  });

  it("does not suggest a member with one BEHIND month in the run, nor one already an exemplar this year", () => {
    const ids = d.suggestedExemplars.map((e) => e.memberId);
    expect(ids).not.toContain("lan");
    expect(ids).not.toContain("minh");
    // A 2025 exemplar does not count for 2026 (Hùng is suggested); without the 2026 row Minh is too.
    const c = scenario();
    c.exemplars = [];
    expect(buildCellDigest(c.input()).suggestedExemplars.map((e) => e.memberId)).toEqual(["hung", "minh"]);
  });

  it("two on-track months are not enough; an unanswered open period does not break the run", () => {
    const c = new Cell().member("a", "Trần Văn Tú").member("b", "Lý Văn Sơn").member("x", "Hồ Văn Xuân");
    c.register("a", "APPROVED", [{ id: "a1" }]);
    c.register("b", "APPROVED", [{ id: "b1" }]);
    c.register("x", "APPROVED", [{ id: "x1" }]);
    for (const p of ["2026-08", "2026-09", "2026-10"]) c.assess("a", p, { a1: "ON_TRACK" });
    for (const p of ["2026-09", "2026-10"]) c.assess("b", p, { b1: "ON_TRACK" });
    c.assess("x", "2026-11", { x1: "ON_TRACK" }); // the cell has November answers already
    expect(buildCellDigest(c.input()).suggestedExemplars).toEqual([{ memberId: "a", member: "Trần Văn Tú", months: 3, assessments: 3 }]);
  });

  it("a month the cell assessed and the member skipped breaks the run", () => {
    const c = new Cell().member("a", "Trần Văn Tú").member("x", "Hồ Văn Xuân");
    c.register("a", "APPROVED", [{ id: "a1" }]);
    c.register("x", "APPROVED", [{ id: "x1" }]);
    for (const p of ["2026-07", "2026-08", "2026-10", "2026-11"]) c.assess("a", p, { a1: "ON_TRACK" });
    for (const p of ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]) c.assess("x", p, { x1: "BEHIND" });
    expect(buildCellDigest(c.input()).suggestedExemplars).toEqual([]);
  });

  it("quarterly and yearly assessments take their last month's place in the run", () => {
    const c = new Cell().member("a", "Trần Văn Tú");
    c.register("a", "APPROVED", [{ id: "a1" }]);
    for (const p of ["2026-07", "2026-08", "2026-Q3", "2026-10"]) c.assess("a", p, { a1: "ON_TRACK" });
    expect(buildCellDigest(c.input()).suggestedExemplars).toEqual([{ memberId: "a", member: "Trần Văn Tú", months: 4, assessments: 4 }]);
    expect(periodMonthIndex("2026-Q3")).toBe(periodMonthIndex("2026-09"));
    expect(periodMonthIndex("2026")).toBe(periodMonthIndex("2026-12"));
  });

  it("awaiting review: submitted assessments of active members without a chi ủy comment", () => {
    expect(d.awaitingReview).toEqual([{ memberId: "hung", member: "Nguyễn Văn Hùng", period: "2026-10", submittedAt: at("2026-10") }]);
  });

  it("unreachable = linked but every identity blocked; not linked listed apart", () => {
    expect(d.unreachable).toEqual(["Bùi Thị Hà"]);
    expect(d.notLinked).toEqual(["Ngô Văn Khoa"]);
  });

  it("totals: registered items and exemplars of non-LEFT members, collective items as given", () => {
    // hung 2, an 1, em 1 (exempt still holds items), ha 2, khoa 1, lan 1, minh 2.
    expect(d.totals).toEqual({ individualItems: 10, collectiveItems: 2, exemplars: 1 });
  });

  it("an empty cell gives zero counts and empty lists", () => {
    const empty = buildCellDigest(new Cell().input({ meeting: null }));
    expect(empty.registered).toEqual({ count: 0, total: 0, missing: [] });
    expect(empty.assessed).toEqual({ count: 0, total: 0, missing: [] });
    expect(empty.behind).toEqual([]);
    expect(empty.suggestedExemplars).toEqual([]);
  });

  it("gives the same digest from the reduced history (summarizeAssessments) as from raw assessments", () => {
    const c = scenario();
    c.assess("an", "2026-11", { an1: "ON_TRACK" }, { submittedAt: null });
    c.assess("hung", "2026-07", {}, { hasReview: false }); // no items: not on track
    const history = summarizeAssessments(c.assessments);
    expect(history.assessments.every((a) => a.submittedAt !== null)).toBe(true);
    expect(history.items.find((h) => h.itemId === "an1")).toEqual({
      itemId: "an1",
      memberId: "an",
      latest: "BEHIND",
      behindSince: "2026-09",
      firstReportAt: at("2026-08"),
      lastProgressAt: at("2026-08"),
      lastProgressPeriod: "2026-08",
    });
    expect(buildCellDigest(c.input({ assessments: undefined, history }))).toEqual(buildCellDigest(c.input()));
    // `history` wins over `assessments`.
    expect(buildCellDigest(c.input({ history: { assessments: [], items: [] } })).behind).toEqual([]);
  });

  it("reads reports submitted at the same instant month first, then quarter, then year", () => {
    const c = new Cell().member("a", "Trần Văn Tú");
    c.register("a", "APPROVED", [{ id: "a1" }, { id: "a2" }]);
    const same = new Date("2026-10-02T02:00:00Z");
    c.assess("a", "2026", { a2: "BEHIND" }, { submittedAt: new Date("2026-10-01T02:00:00Z") });
    c.assess("a", "2026-Q3", { a1: "BEHIND", a2: "DONE" }, { submittedAt: same });
    c.assess("a", "2026-09", { a1: "ON_TRACK", a2: "BEHIND" }, { submittedAt: same });
    const digest = buildCellDigest(c.input());
    expect(digest.behind.map((b) => [b.itemId, b.since])).toEqual([["a1", "2026-Q3"]]);
    expect(digest.stale).toEqual([]);
  });

  it("rejects an invalid period and an unknown zone", () => {
    expect(() => buildCellDigest(new Cell().input({ period: "2026-13" }))).toThrow(RangeError);
    expect(() => buildCellDigest(new Cell().input({ unit: { id: "u", name: "x", timeZone: "Mars/Olympus" } }))).toThrow(RangeError);
  });
});

describe("Vietnamese order", () => {
  const names = ["Nguyễn Văn Đức", "Trần Thị Anh", "Lê Văn Dũng", "Phạm Văn Bảo", "Nguyễn Thị Ánh", "Hoàng Văn An", "Trần Văn An", "Vũ Thị Ân"];

  it("sorts by given name, then full name, the same as sortByVietnameseName", () => {
    const sorted = sortNamesVietnamese(names, (n) => n);
    expect(sorted).toEqual(sortByVietnameseName(names, (n) => n));
    // D before Đ; given name first.
    expect(sorted.indexOf("Lê Văn Dũng")).toBeLessThan(sorted.indexOf("Nguyễn Văn Đức"));
    expect(sorted.indexOf("Hoàng Văn An")).toBeLessThan(sorted.indexOf("Trần Văn An"));
    expect(sorted.indexOf("Trần Văn An")).toBeLessThan(sorted.indexOf("Phạm Văn Bảo"));
  });

  it("digest lists follow it", () => {
    const c = new Cell();
    names.forEach((n, i) => c.member(`m${i}`, n, { linked: false }));
    const d = buildCellDigest(c.input());
    const expected = sortByVietnameseName(names, (n) => n);
    expect(d.notLinked).toEqual(expected);
    expect(d.registered.missing).toEqual(expected);
    expect(d.assessed.missing).toEqual(expected);
  });
});

describe("helpers", () => {
  it("an item's text is cut at a word and marked (shortenAtWord with a long word cut)", () => {
    expect(shortenAtWord("Đọc sách", 80, "cut")).toBe("Đọc sách");
    const s = shortenAtWord("Mỗi tháng đọc ít nhất một cuốn sách về Chủ tịch Hồ Chí Minh và ghi chép lại", 30, "cut");
    expect(s.length).toBeLessThanOrEqual(30);
    expect(s.endsWith("…")).toBe(true);
    expect(s).toBe("Mỗi tháng đọc ít nhất một…");
    // Only a word longer than the line is cut inside; the digest's own copy cut "Học Nghịquyếtđạihộ…".
    expect(shortenAtWord("Học Nghịquyếtđạihộiđảngbộtỉnh", 20, "cut")).toBe("Học…");
    expect(shortenAtWord("Nghịquyếtđạihộiđảngbộtỉnh", 10, "cut")).toBe("Nghịquyết…");
  });

  it("staleTester agrees with isStale, also around month ends and DST", () => {
    const DAY = 86_400_000;
    for (const zone of ["Asia/Ho_Chi_Minh", "Europe/Berlin"]) {
      const nows = [
        "2027-02-28T10:00:00Z",
        "2026-04-30T23:30:00Z",
        "2026-05-31T00:30:00Z",
        "2026-12-31T16:59:00Z",
        ...Array.from({ length: 36 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 10.3 * DAY).toISOString()),
      ];
      for (const iso of nows) {
        const now = new Date(iso);
        const test = staleTester(now, zone, 2);
        // Around the cut-off (about 61 days back), where both the fast and the exact paths run.
        for (let h = -9 * 24; h <= 9 * 24; h += 13) {
          const last = new Date(now.getTime() - 61 * DAY + h * 3_600_000);
          expect(test(last), `${zone} ${iso} ${last.toISOString()}`).toBe(isStale(last, now, zone, 2));
        }
        expect(test(new Date(now.getTime() - 200 * DAY))).toBe(true);
        expect(test(new Date(now.getTime() - 20 * DAY))).toBe(false);
      }
    }
  });
});

describe("buildRollup", () => {
  const stats = (id: string, name: string, active: number, registered: number, assessed: number): CellStats => ({
    unitId: id,
    unitName: name,
    period: "2026-11",
    activeMembers: active,
    exemptMembers: 1,
    registered,
    returned: 0,
    assessed,
    collectiveItems: 2,
    individualItems: registered * 3,
    exemplars: 1,
    suggestedExemplars: 2,
    behindItems: 3,
    staleItems: 1,
    vagueKeptItems: 0,
    unreachableMembers: 0,
  });
  const committee = { id: "c1", name: "Đảng bộ Phường Bến Nghé" };

  it("computes coverage per cell, lagging cells with default thresholds 80% / 70%, and totals", () => {
    const r = buildRollup({
      committee,
      now: NOW,
      period: "2026-11",
      cells: [
        stats("a", "Chi bộ Khu phố 2", 10, 10, 9),
        stats("b", "Chi bộ Khu phố 1", 10, 7, 9), // 70% registered → lagging
        stats("c", "Chi bộ Khu phố 3", 10, 8, 7), // exactly on both thresholds → not lagging
        stats("d", "Chi bộ Khu phố 4", 20, 19, 13), // 65% assessed → lagging
        stats("e", "Chi bộ Cựu chiến binh", 0, 0, 0), // everyone exempt
      ],
    });
    expect(r.thresholds).toEqual({ minRegisteredPct: 80, minAssessedPct: 70 });
    expect(r.cells.map((c) => c.unitName)).toEqual(["Chi bộ Cựu chiến binh", "Chi bộ Khu phố 1", "Chi bộ Khu phố 2", "Chi bộ Khu phố 3", "Chi bộ Khu phố 4"]);
    expect(r.lagging.map((c) => [c.unitId, c.laggingOn])).toEqual([
      ["b", ["REGISTRATION"]],
      ["d", ["ASSESSMENT"]],
    ]);
    const e = r.cells.find((c) => c.unitId === "e");
    expect(e).toMatchObject({ registeredPct: null, assessedPct: null, lagging: false });
    expect(r.cells.find((c) => c.unitId === "d")).toMatchObject({ registeredPct: 95, assessedPct: 65 });
    expect(r.totals).toEqual({
      cells: 5,
      laggingCells: 2,
      activeMembers: 50,
      exemptMembers: 5,
      registered: 44,
      assessed: 38,
      registeredPct: 88,
      assessedPct: 76,
      collectiveItems: 10,
      individualItems: 132,
      exemplars: 5,
      suggestedExemplars: 10,
      behindItems: 15,
      staleItems: 5,
    });
    expect(r.committee).toEqual({ ...committee, timeZone: ZONE });
    expect(r.period).toBe("2026-11");
  });

  it("takes thresholds as parameters", () => {
    const r = buildRollup({
      committee,
      now: NOW,
      cells: [stats("a", "A", 10, 9, 9)],
      thresholds: { minRegisteredPct: 95 },
    });
    expect(r.thresholds).toEqual({ minRegisteredPct: 95, minAssessedPct: 70 });
    expect(r.lagging.map((c) => c.laggingOn)).toEqual([["REGISTRATION"]]);
  });

  it("buildCellStats gives the numbers of the digest (cellStats), without building its lists", () => {
    const inputs = [
      scenario().input(),
      scenario().input({ period: "2026-Q4", meeting: null }),
      scenario().input({ history: summarizeAssessments(scenario().assessments), assessments: [] }),
      new Cell().input(),
    ];
    for (const input of inputs) expect(buildCellStats(input)).toEqual(cellStats(buildCellDigest(input)));
    expect(buildCellStats(scenario().input(), { staleMonths: 1, exemplarMinAssessments: 2 })).toEqual(
      cellStats(buildCellDigest(scenario().input(), { staleMonths: 1, exemplarMinAssessments: 2 })),
    );
  });

  it("accepts whole digests and keeps numbers only", () => {
    const digest = buildCellDigest(scenario().input());
    const r = buildRollup({ committee, now: NOW, cells: [digest, stats("z", "Chi bộ Khu phố 9", 10, 10, 10)] });
    expect(cellStats(digest)).toMatchObject({ activeMembers: 9, registered: 6, assessed: 3, individualItems: 10 });
    expect(r.totals.activeMembers).toBe(19);
    const json = JSON.stringify(r);
    for (const m of scenario().members) expect(json).not.toContain(m.fullName);
    expect(json).not.toContain("Tích cực học tập");
  });
});

describe("scale", () => {
  // Speed is measured by `npm run bench -- digest`, not here: this checks the totals at scale.
  it("assembles a 10,000-member committee with 12 months of assessments", () => {
    const cells: CellDigestInput[] = [];
    const periods = ["2025-12", ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`)];
    const progress: ProgressValue[] = ["ON_TRACK", "ON_TRACK", "DONE", "BEHIND", "NOT_STARTED"];
    for (let u = 0; u < 250; u++) {
      const c = new Cell();
      for (let k = 0; k < 40; k++) {
        const id = `u${u}m${k}`;
        c.member(id, `Nguyễn Văn Tên${(k * 7919) % 40} ${u}`, { linked: k % 9 !== 0, reachable: k % 13 !== 0 });
        c.register(id, k % 10 === 0 ? "DRAFT" : "APPROVED", [{ id: `${id}a` }, { id: `${id}b` }, { id: `${id}c` }]);
        for (const [pi, p] of periods.entries()) {
          if ((k + pi) % 11 === 0) continue;
          c.assess(
            id,
            p,
            {
              [`${id}a`]: progress[(k + pi) % 5] ?? "ON_TRACK",
              [`${id}b`]: "ON_TRACK",
              [`${id}c`]: progress[(k * pi) % 5] ?? "ON_TRACK",
            },
            { hasReview: pi % 3 !== 0 },
          );
        }
      }
      cells.push(c.input({ unit: { id: `u${u}`, name: `Chi bộ ${u}`, timeZone: ZONE } }));
    }
    const digests = cells.map((input) => buildCellDigest(input));
    const rollup = buildRollup({ committee: { id: "c", name: "Đảng bộ" }, cells: digests, now: NOW });
    expect(cells.map((input) => buildCellStats(input))).toEqual(digests.map(cellStats));
    expect(rollup.totals.activeMembers).toBe(10_000);
    expect(rollup.cells).toHaveLength(250);
    expect(digests.reduce((n, d) => n + d.registered.count, 0)).toBe(9000);
  });
});
