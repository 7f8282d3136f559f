// The notebook (/camket) read in one statement: exactly what the member's notebook holds (limits,
// order, authors, periods, item positions and progress, dates as dates), nothing of another
// member's, next year's registration when asked for, and one statement to the database for it all.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";
import { loadNotebook, loadNotebooks } from "../../src/db/registrations.ts";

let h: Harness;
const DECEMBER = new Date("2026-12-02T03:00:00Z");
const YEAR = 2026;

// Statements sent to PostgreSQL, counted under Prisma's adapter (its own query events are not
// emitted with a driver adapter): every statement of a pool goes through pg.Client#query.
let statements = 0;
const query = pg.Client.prototype.query;
async function counted<T>(fn: () => Promise<T>): Promise<{ value: T; statements: number }> {
  statements = 0;
  const value = await fn();
  return { value, statements };
}

let ha: string;
let hung: string;
let mai: string;
const at = (iso: string) => new Date(`${iso}Z`);

beforeAll(async () => {
  h = await createHarness({ now: DECEMBER });
  Object.assign(pg.Client.prototype, {
    query(this: pg.Client, ...args: unknown[]) {
      statements += 1;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    },
  });
  ha = await h.memberId("Võ Thị Thu Hà");
  hung = await h.memberId("Nguyễn Văn Hùng");
  mai = await h.memberId("Trần Thị Mai");
  const nhung = await h.memberId("Phạm Thị Hồng Nhung");
  const db = h.t.db;

  const reg = await db.registration.create({
    data: { memberId: ha, year: YEAR, status: "APPROVED", submittedAt: at("2026-02-10T02:00:00.123"), decidedAt: at("2026-02-12T08:30:00") },
  });
  // Created out of order: the notebook lists them by position.
  const item3 = await db.commitmentItem.create({
    data: {
      registrationId: reg.id,
      position: 3,
      category: "EXAMPLE",
      categories: ["EXAMPLE"],
      text: "Nêu gương tiết kiệm",
      vagueVerdict: "vague",
      vagueKept: true,
      vagueReasons: [{ code: "NO_MEASURE" }],
    },
  });
  const item1 = await db.commitmentItem.create({
    data: {
      registrationId: reg.id,
      position: 1,
      category: "STUDY",
      categories: ["STUDY", "FOLLOW"],
      text: "Đọc 4 tác phẩm của Bác",
      measure: "4 bài thu hoạch",
      timeframe: "Quý IV",
    },
  });
  const item2 = await db.commitmentItem.create({
    data: { registrationId: reg.id, position: 2, category: "FOLLOW", categories: [], text: "Trả hồ sơ đúng hạn" },
  });

  // Eight submitted months (March … October), May and June submitted at the same moment (June
  // created later, so first); a November draft; each with items given out of position order.
  const progress = ["NOT_STARTED", "ON_TRACK", "BEHIND", "DONE"] as const;
  const assessments: Record<string, string> = {};
  for (let month = 3; month <= 11; month += 1) {
    const period = `2026-${String(month).padStart(2, "0")}`;
    const submitted = month === 11 ? null : month === 5 || month === 6 ? at("2026-07-01T00:00:00") : at(`${period}-25T10:00:00`);
    const a = await db.assessment.create({
      data: {
        memberId: ha,
        kind: "MONTHLY",
        period,
        year: YEAR,
        submittedAt: submitted,
        createdAt: at(`${period}-20T00:00:00`),
        overallNote: `Ghi chú tháng ${month}`,
        items: {
          create: [
            { itemId: item3.id, progress: progress[month % 4]! },
            { itemId: item1.id, progress: progress[(month + 1) % 4]! },
            { itemId: item2.id, progress: progress[(month + 2) % 4]! },
          ],
        },
      },
    });
    assessments[period] = a.id;
  }
  const review = (authorId: string, createdAt: string, text: string, on: { assessmentId?: string; registrationId?: string }) =>
    db.review.create({ data: { authorId, text, createdAt: at(createdAt), ...on } });
  await review(hung, "2026-02-11T01:00:00", "Cần cụ thể hóa việc 3.", { registrationId: reg.id });
  await review(mai, "2026-02-12T08:30:00", "Đồng ý duyệt.", { registrationId: reg.id });
  await review(hung, "2026-04-26T01:00:00", "Tháng 4 cố gắng.", { assessmentId: assessments["2026-04"] });
  await review(mai, "2026-07-02T01:00:00", "Tháng 6 tốt.", { assessmentId: assessments["2026-06"] });
  await review(hung, "2026-08-26T01:00:00", "Tháng 8 chậm việc 2.", { assessmentId: assessments["2026-08"] });
  await review(mai, "2026-09-26T01:00:00", "Tháng 9 đúng tiến độ.", { assessmentId: assessments["2026-09"] });
  await review(hung, "2026-10-26T01:00:00", "Tháng 10 xong việc 1.", { assessmentId: assessments["2026-10"] });
  // On the draft: a comment on any of the year's assessments is the member's.
  await review(mai, "2026-11-21T01:00:00", "Tháng 11 nhớ gửi.", { assessmentId: assessments["2026-11"] });

  // Last year's and another member's rows, newer than everything above: none is shown.
  const old = await db.assessment.create({
    data: { memberId: ha, kind: "YEARLY", period: "2025", year: 2025, submittedAt: at("2026-12-01T00:00:00"), selfRating: "GOOD" },
  });
  await review(hung, "2026-12-01T01:00:00", "Năm 2025 tốt.", { assessmentId: old.id });
  const other = await db.registration.create({
    data: { memberId: nhung, year: YEAR, status: "SUBMITTED", items: { create: [{ position: 1, category: "STUDY", text: "Việc của Nhung" }] } },
    include: { items: true },
  });
  const otherAssessment = await db.assessment.create({
    data: {
      memberId: nhung,
      kind: "MONTHLY",
      period: "2026-11",
      year: YEAR,
      submittedAt: at("2026-11-30T00:00:00"),
      items: { create: [{ itemId: other.items[0]!.id, progress: "DONE" }] },
    },
  });
  await review(hung, "2026-12-01T02:00:00", "Nhận xét cho Nhung.", { registrationId: other.id });
  await review(mai, "2026-12-01T03:00:00", "Tháng 11 của Nhung.", { assessmentId: otherAssessment.id });

  await db.registration.create({
    data: {
      memberId: ha,
      year: YEAR + 1,
      status: "SUBMITTED",
      submittedAt: at("2026-11-30T04:00:00"),
      items: {
        create: [
          { position: 2, category: "FOLLOW", categories: ["FOLLOW"], text: "Một cửa không trễ hẹn" },
          { position: 1, category: "STUDY", categories: ["STUDY", "EXAMPLE"], text: "Đọc sách mỗi quý" },
        ],
      },
    },
  });
  await db.registration.create({
    data: { memberId: nhung, year: YEAR + 1, items: { create: [{ position: 1, category: "STUDY", text: "Năm sau của Nhung" }] } },
  });
});

afterAll(async () => {
  pg.Client.prototype.query = query;
  await h?.close();
});

describe("loadNotebook", () => {
  it("reads the registration, the last six submitted periods, the last six comments and next year's registration in one statement", async () => {
    const { value: book, statements: n } = await counted(() => loadNotebook(h.t.db, ha, YEAR, 6, { withNextYear: true }));
    expect(n).toBe(1);

    const reg = book.registration!;
    expect(reg).toMatchObject({ memberId: ha, year: YEAR, status: "APPROVED", pledgeAccepted: false, enteredById: null });
    expect(reg.submittedAt).toEqual(at("2026-02-10T02:00:00.123"));
    expect(reg.decidedAt).toEqual(at("2026-02-12T08:30:00"));
    expect(reg.createdAt).toBeInstanceOf(Date);
    expect(reg.items.map((i) => [i.position, i.category, i.categories, i.text, i.measure, i.timeframe])).toEqual([
      [1, "STUDY", ["STUDY", "FOLLOW"], "Đọc 4 tác phẩm của Bác", "4 bài thu hoạch", "Quý IV"],
      [2, "FOLLOW", [], "Trả hồ sơ đúng hạn", null, null],
      [3, "EXAMPLE", ["EXAMPLE"], "Nêu gương tiết kiệm", null, null],
    ]);
    expect(reg.items[2]).toMatchObject({ vagueVerdict: "vague", vagueKept: true, vagueReasons: [{ code: "NO_MEASURE" }], vagueScore: null });
    expect(reg.items.every((i) => i.createdAt instanceof Date && i.updatedAt instanceof Date)).toBe(true);

    // Newest submission first; June before May (same moment, created later); March, April and the draft left out.
    expect(book.assessments.map((a) => a.period)).toEqual(["2026-10", "2026-09", "2026-08", "2026-07", "2026-06", "2026-05"]);
    expect(book.assessments.map((a) => a.submittedAt)).toEqual([
      at("2026-10-25T10:00:00"),
      at("2026-09-25T10:00:00"),
      at("2026-08-25T10:00:00"),
      at("2026-07-25T10:00:00"),
      at("2026-07-01T00:00:00"),
      at("2026-07-01T00:00:00"),
    ]);
    expect(book.assessments[0]).toMatchObject({ memberId: ha, kind: "MONTHLY", year: YEAR, overallNote: "Ghi chú tháng 10", selfRating: null });
    expect(book.assessments[0]!.createdAt).toEqual(at("2026-10-20T00:00:00"));
    const progress = ["NOT_STARTED", "ON_TRACK", "BEHIND", "DONE"];
    for (const a of book.assessments) {
      const month = Number(a.period.slice(5));
      expect(a.items.map((i) => [i.item.position, i.progress])).toEqual([
        [1, progress[(month + 1) % 4]],
        [2, progress[(month + 2) % 4]],
        [3, progress[month % 4]],
      ]);
      expect(a.items.every((i) => i.assessmentId === a.id)).toBe(true);
    }

    expect(book.reviews.map((r) => [r.createdAt, r.author.fullName, r.assessment?.period ?? null, r.text])).toEqual([
      [at("2026-11-21T01:00:00"), "Trần Thị Mai", "2026-11", "Tháng 11 nhớ gửi."],
      [at("2026-10-26T01:00:00"), "Nguyễn Văn Hùng", "2026-10", "Tháng 10 xong việc 1."],
      [at("2026-09-26T01:00:00"), "Trần Thị Mai", "2026-09", "Tháng 9 đúng tiến độ."],
      [at("2026-08-26T01:00:00"), "Nguyễn Văn Hùng", "2026-08", "Tháng 8 chậm việc 2."],
      [at("2026-07-02T01:00:00"), "Trần Thị Mai", "2026-06", "Tháng 6 tốt."],
      [at("2026-04-26T01:00:00"), "Nguyễn Văn Hùng", "2026-04", "Tháng 4 cố gắng."],
    ]);
    expect(book.reviews.map((r) => r.authorId)).toEqual([mai, hung, mai, hung, mai, hung]);

    expect(book.next).toMatchObject({ memberId: ha, year: YEAR + 1, status: "SUBMITTED", decidedAt: null });
    expect(book.next!.submittedAt).toEqual(at("2026-11-30T04:00:00"));
    expect(book.next!.items.map((i) => [i.position, i.categories, i.text])).toEqual([
      [1, ["STUDY", "EXAMPLE"], "Đọc sách mỗi quý"],
      [2, ["FOLLOW"], "Một cửa không trễ hẹn"],
    ]);
  });

  it("keeps the limit asked for, reaches the registration's comments, and reads next year's only when asked", async () => {
    const book = await loadNotebook(h.t.db, ha, YEAR, 9);
    expect(book.assessments.map((a) => a.period)).toEqual(["2026-10", "2026-09", "2026-08", "2026-07", "2026-06", "2026-05", "2026-04", "2026-03"]);
    expect(book.reviews.slice(6).map((r) => [r.author.fullName, r.assessment, r.registrationId, r.text])).toEqual([
      ["Trần Thị Mai", null, book.registration!.id, "Đồng ý duyệt."],
      ["Nguyễn Văn Hùng", null, book.registration!.id, "Cần cụ thể hóa việc 3."],
    ]);
    expect(book.next).toBeNull();
  });

  it("gives a member with nothing an empty notebook, in one statement", async () => {
    const tuan = await h.memberId("Hoàng Minh Tuấn");
    const { value: book, statements: n } = await counted(() => loadNotebook(h.t.db, tuan, YEAR, 6, { withNextYear: true }));
    expect(book).toEqual({ registration: null, assessments: [], reviews: [], next: null });
    expect(n).toBe(1);
  });
});

describe("loadNotebooks", () => {
  it("reads several notebooks in one statement, each as loadNotebook reads it alone, in the order asked", async () => {
    const tuan = await h.memberId("Hoàng Minh Tuấn");
    const requests = [
      { memberId: ha, year: YEAR, limit: 6, withNextYear: true },
      { memberId: tuan, year: YEAR, limit: 6, withNextYear: true },
      { memberId: ha, year: YEAR, limit: 2, withNextYear: false },
      { memberId: ha, year: YEAR + 1, limit: 6, withNextYear: false },
      { memberId: mai, year: YEAR, limit: 6, withNextYear: false },
    ];
    const { value: books, statements: n } = await counted(() => loadNotebooks(h.t.db, requests));
    expect(n).toBe(1);
    expect(books).toHaveLength(requests.length);
    for (const [i, r] of requests.entries())
      expect(books[i]).toEqual(await loadNotebook(h.t.db, r.memberId, r.year, r.limit, { withNextYear: r.withNextYear }));
    // Each its own: the member's, the limit asked, next year's only where asked.
    expect(books[0]!.registration!.memberId).toBe(ha);
    expect(books[0]!.next!.year).toBe(YEAR + 1);
    expect(books[1]).toEqual({ registration: null, assessments: [], reviews: [], next: null });
    expect(books[2]!.assessments).toHaveLength(2);
    expect(books[2]!.next).toBeNull();
    expect(books[3]!.registration!.year).toBe(YEAR + 1);
    expect(await loadNotebooks(h.t.db, [])).toEqual([]);
  });
});

describe("/camket", () => {
  it("shows the notebook with next year's registration, with as many statements as an empty notebook's", async () => {
    await h.link("Võ Thị Thu Hà", "ha");
    await h.link("Hoàng Minh Tuấn", "tuan");
    const full = await counted(() => h.say("ha", "/camket"));
    const empty = await counted(() => h.say("tuan", "/camket"));
    const text = full.value[0] ?? "";
    const lines = [
      "Bản đăng ký năm 2026: chi ủy đã duyệt ngày 12/02/2026.",
      "1. Học tập + Làm theo: Đọc 4 tác phẩm của Bác",
      "Bản đăng ký năm 2027: đã gửi ngày 30/11/2026, chờ chi ủy duyệt.",
      "1. Học tập + Nêu gương: Đọc sách mỗi quý",
      "• Tháng 10/2026: việc 1 xong; việc 2 chưa làm; việc 3 chậm",
      "• 21/11/2026, Trần Thị Mai về tháng 11/2026: Tháng 11 nhớ gửi.",
    ];
    expect(lines.filter((line) => !text.includes(line))).toEqual([]);
    expect(text).not.toContain("Nhung");
    expect(text).not.toContain("Năm 2025");
    expect(empty.value[0]).toContain("chưa có bản đăng ký năm 2026");
    // The notebook is one statement whatever it holds (it was twelve for this one, four for an empty one).
    expect(full.statements).toBe(empty.statements);
  });
});
