// The full self-assessment (here the year end) answered tersely, as in the trial: a nod or "nothing"
// at the note and evidence questions is "Bỏ qua", and "tất cả đúng tiến độ" typed at any item's
// questions gives that progress to the items still to answer, never a note or evidence. Through the
// real engine and database on the local channel.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DEMO_CELLS, type Harness } from "../support/harness.ts";
import { findAssessmentDraft } from "../../src/db/assessments.ts";

type Category = "STUDY" | "FOLLOW" | "EXAMPLE";

const RESIDENTIAL = DEMO_CELLS[1];
const DEC_3 = new Date("2026-12-03T03:00:00Z");
const ITEMS: Array<[Category, string]> = [
  ["STUDY", "Đọc 2 cuốn sách về Bác trước 30/6/2026"],
  ["FOLLOW", "Giúp 2 hộ khó khăn trong khu phố"],
  ["EXAMPLE", "Không đi họp muộn"],
];

let h: Harness;

beforeAll(async () => {
  h = await createHarness({ now: DEC_3 });
  const unitId = (await h.t.db.unit.findUniqueOrThrow({ where: { name: RESIDENTIAL } })).id;
  await h.t.db.meetingRule.updateMany({ where: { unitId }, data: { active: false } });
  await h.t.db.meeting.deleteMany({ where: { unitId } });
  await h.t.db.meeting.create({ data: { unitId, startsAt: new Date("2026-12-27T01:00:00Z"), kind: "YEAR_END", status: "SCHEDULED" } });
});
afterAll(async () => {
  await h?.close();
});

/** An approved registration of 2026 with the three items; the member linked as `userId`. */
async function member(name: string, userId: string): Promise<string> {
  const memberId = await h.memberId(name);
  await h.t.db.registration.create({
    data: {
      memberId,
      year: 2026,
      status: "APPROVED",
      pledgeAccepted: true,
      items: { create: ITEMS.map(([category, text], position) => ({ position, category, text })) },
    },
  });
  await h.link(name, userId);
  return memberId;
}

/** The draft, then the rating and the shortcomings: returns the review. */
async function finish(user: string): Promise<string> {
  expect((await h.say(user, "ok"))[0]).toContain("Đồng chí tự xếp loại chất lượng năm 2026:");
  await h.say(user, "hoan thanh tot nhiem vu");
  return (await h.say(user, "Đôi lúc còn chậm trả lời tin nhắn")).join("\n");
}

/** The notes and evidence of the answers saved so far (the draft kept after every answer), in no order. */
async function draftNotes(memberId: string): Promise<Array<string | null>> {
  const draft = await findAssessmentDraft(h.t.db, memberId, "2026");
  return Object.values(draft?.answers.answers ?? {}).flatMap((a) => [a.note, a.evidence]);
}

async function submitted(memberId: string) {
  const row = await h.t.db.assessment.findUniqueOrThrow({
    where: { memberId_period: { memberId, period: "2026" } },
    include: { items: { include: { item: true } } },
  });
  const order = (text: string) => ITEMS.findIndex(([, t]) => t === text);
  return {
    overallNote: row.overallNote,
    items: [...row.items].sort((a, b) => order(a.item.text) - order(b.item.text)).map((i) => [i.progress, i.note, i.evidence]),
  };
}

describe("year end answered tersely", () => {
  it("the trial: 'ok' at the note is Bỏ qua, 'tat ca dung tien do' at the evidence gives items 2–3 on track, typed again it is no overall note", async () => {
    const id = await member("Cao Thị Yến", "yen");
    const start = await h.say("yen", "/danhgia");
    expect(start[start.length - 1]).toContain("5. Cả 3 việc đã hoàn thành");
    expect((await h.say("yen", "2"))[0]).toContain("Ghi chú ngắn cho việc này");
    // A bare nod says there is nothing to note.
    expect((await h.say("yen", "ok"))[0]).toContain("Minh chứng (nếu có)");
    expect(await draftNotes(id)).toEqual([null, null]);
    const rest = await h.say("yen", "tat ca dung tien do");
    expect(rest[0]).toBe("Đã ghi việc 2–3: đúng tiến độ. Việc nào cần ghi chú hay minh chứng, đồng chí sửa ở bước xem lại cuối cùng.");
    const draft = rest.join("\n");
    expect(draft).toContain("Bản nháp tự đánh giá năm 2026");
    expect(draft).not.toContain("Bot giữ câu");
    expect(draft).not.toMatch(/\bok\b/);
    expect(draft).not.toContain("tat ca dung tien do");
    // Typed once more at the draft: the progress is recorded, the line is no overall note.
    const again = await h.say("yen", "tat ca dung tien do");
    expect(again[0]).toContain("Tiến độ của các việc bot đã ghi rồi");
    expect(again.join("\n")).toContain("Bản nháp tự đánh giá năm 2026");
    const review = await finish("yen");
    expect(review).not.toContain("Ghi chú:");
    expect(review).not.toContain("Minh chứng:");
    expect(review).not.toContain("tat ca dung tien do");
    await h.say("yen", "gui");
    const row = await submitted(id);
    expect(row.items).toEqual([
      ["ON_TRACK", null, null],
      ["ON_TRACK", null, null],
      ["ON_TRACK", null, null],
    ]);
    expect(row.overallNote).not.toMatch(/\bok\b|tat ca dung tien do/);
  });

  it("'tat ca dung tien do' at the first question gives every item that progress, and is not said to be kept as a note", async () => {
    const id = await member("Mai Văn Sơn", "son");
    await h.say("son", "/danhgia");
    const all = await h.say("son", "tat ca dung tien do");
    expect(all[0]).toBe("Đã ghi cả 3 việc: đúng tiến độ. Việc nào cần ghi chú hay minh chứng, đồng chí sửa ở bước xem lại cuối cùng.");
    expect(all.join("\n")).not.toContain("Bot giữ câu");
    expect(all.join("\n")).toContain("Bản nháp tự đánh giá năm 2026");
    const review = await finish("son");
    expect(review).not.toContain("Ghi chú:");
    await h.say("son", "gui");
    expect((await submitted(id)).items).toEqual([
      ["ON_TRACK", null, null],
      ["ON_TRACK", null, null],
      ["ON_TRACK", null, null],
    ]);
  });

  it("a line kept before the progress stays the first item's note when the member then picks 'Cả 3 việc đã hoàn thành'", async () => {
    const id = await member("Đinh Thị Lan", "lan");
    await h.say("lan", "/danhgia");
    const kept = await h.say("lan", "moi giup duoc 1 ho, con 1 ho chua");
    expect(kept[0]).toContain("Bot giữ câu đồng chí vừa gõ làm ghi chú cho việc này.");
    expect((await h.say("lan", "5"))[0]).toContain("Đã ghi cả 3 việc: đã hoàn thành.");
    const review = await finish("lan");
    expect(review).toContain("Ghi chú: moi giup duoc 1 ho, con 1 ho chua");
    await h.say("lan", "gui");
    expect((await submitted(id)).items).toEqual([
      ["DONE", "moi giup duoc 1 ho, con 1 ho chua", null],
      ["DONE", null, null],
      ["DONE", null, null],
    ]);
  });

  it("real notes are kept, 'không có gì', 'dạ', 'được' skip, 'tất cả đã hoàn thành' gives the last item; one item edited alone refuses it", async () => {
    const id = await member("Trương Văn Phúc", "phuc");
    await h.say("phuc", "/danhgia");
    await h.say("phuc", "1");
    expect((await h.say("phuc", "da doc xong 2 cuon"))[0]).toContain("Minh chứng (nếu có)");
    expect((await h.say("phuc", "không có gì"))[0]).toContain("Việc 2/3");
    await h.say("phuc", "2");
    expect((await h.say("phuc", "dạ"))[0]).toContain("Minh chứng (nếu có)");
    const third = await h.say("phuc", "được");
    expect(third[0]).toContain("Việc 3/3");
    expect((await draftNotes(id)).sort()).toEqual(["da doc xong 2 cuon", null, null, null]);
    expect(third[0]).not.toContain("Cả 3 việc");
    // Not offered after item 1: typed, it gives the items still to answer.
    const last = await h.say("phuc", "tất cả đã hoàn thành");
    expect(last[0]).toBe("Đã ghi việc 3: đã hoàn thành. Việc nào cần ghi chú hay minh chứng, đồng chí sửa ở bước xem lại cuối cùng.");
    const review = await finish("phuc");
    expect(review).toContain("Ghi chú: da doc xong 2 cuon");
    expect(review.split("Ghi chú:")).toHaveLength(2);
    expect(review).not.toContain("Minh chứng:");
    // One item edited from the review: "all" is refused, nothing recorded, the options shown again.
    expect((await h.say("phuc", "sửa việc 2"))[0]).toContain("Việc 2/3");
    const refused = await h.say("phuc", "tat ca da hoan thanh");
    expect(refused[0]).toContain("Ở bước này bot chỉ ghi cho riêng việc này, không ghi chung cho các việc.");
    expect(refused.join("\n")).toContain("3. Chậm tiến độ");
    await h.say("phuc", "3");
    const note = await h.say("phuc", "tat ca dung tien do");
    expect(note[0]).toContain("Ở bước này bot chỉ ghi cho riêng việc này");
    expect(note[0]).toContain("Đồng chí gõ ghi chú cho việc này, hoặc chọn Bỏ qua.");
    expect((await h.say("phuc", "oke"))[0]).toContain("Minh chứng (nếu có)");
    const back = await h.say("phuc", "vang");
    expect(back[0]).toContain("2. Làm theo — Giúp 2 hộ khó khăn trong khu phố: Chậm tiến độ");
    await h.say("phuc", "gui");
    expect((await submitted(id)).items).toEqual([
      ["DONE", "da doc xong 2 cuon", null],
      ["BEHIND", null, null],
      ["DONE", null, null],
    ]);
  });
});
