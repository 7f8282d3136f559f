// The pledge in a conversation that did not begin with the review: from November /dangky asks the
// year first, and items pasted before the year is picked go straight into the registration. When
// that registration is a draft that already had items (entry base > 0), the member has not seen the
// pledge in this conversation, so the next review shows it in full (pledgeUnseen), once; every later
// review of the conversation shows only the line that recalls it. Local channel, real engine, real
// database (the harness).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";

const NOVEMBER = new Date("2026-11-20T03:00:00Z");
const NEXT_YEAR = 2027;
/** A phrase of the pledge's full text only (not of the line that recalls it). */
const PLEDGE_FULL = "không suy thoái";
const PLEDGE_LINE = "Chọn “Gửi chi ủy” là đồng chí đồng ý với cam kết chung đã nêu ở trên.";

const FOLLOW = "Giải quyết đúng hạn 100% hồ sơ đất đai được phân công trong năm 2027";
const EXAMPLE = "Không nhận quà, phong bì của người đến làm thủ tục đất đai";
const EXTRA = "Mỗi quý tham gia 1 buổi dọn vệ sinh khu phố cùng Đoàn thanh niên trong năm 2027";

let h: Harness;
let unitId: string;

beforeAll(async () => {
  h = await createHarness({ now: NOVEMBER });
  unitId = (await h.t.db.member.findFirstOrThrow({ where: { fullName: "Cao Thị Yến" } })).unitId;
});
afterAll(async () => {
  await h?.close();
});

const count = (text: string, part: string) => text.split(part).length - 1;

/** The member's side of a conversation: `send` a line (or press a choice); `said` keeps every answer. */
function conversation(user: string) {
  const said: string[] = [];
  const send = async (line: string, choice?: string) => {
    const answer = (choice ? await h.choose(user, choice) : await h.say(user, line)).join("\n---\n");
    said.push(answer);
    return answer;
  };
  return { said, send };
}

/**
 * A new member of the cell, linked, with a 2027 draft of one study item saved earlier (in another
 * conversation) and a 2026 draft to finish: /dangky offers both years and asks which.
 */
async function memberWithDraft(fullName: string, searchName: string, user: string): Promise<{ user: string; memberId: string }> {
  const member = await h.t.db.member.create({ data: { unitId, fullName, searchName, role: "MEMBER" } });
  await h.t.db.registration.create({
    data: {
      memberId: member.id,
      year: NEXT_YEAR,
      items: {
        create: [{ position: 1, category: "STUDY", categories: ["STUDY"], text: "Mỗi tháng đọc một tác phẩm của Bác, ghi 5 dòng thu hoạch vào sổ tay" }],
      },
    },
  });
  await h.t.db.registration.create({
    data: {
      memberId: member.id,
      year: NEXT_YEAR - 1,
      items: { create: [{ position: 1, category: "STUDY", categories: ["STUDY"], text: "Đọc 1 cuốn sách về Bác mỗi quý" }] },
    },
  });
  return { user: await h.link(fullName, user), memberId: member.id };
}

/**
 * A member with a one-item draft pastes a follow item while the year is asked, then picks 2027:
 * study (the draft's) and follow are covered, so the example content is asked first (`contents`).
 */
async function followPastedIntoDraft(fullName: string, searchName: string, userId: string) {
  const { user, memberId } = await memberWithDraft(fullName, searchName, userId);
  const { said, send } = conversation(user);
  await send("/dangky");
  await send(FOLLOW);
  const contents = await send("1");
  return { memberId, said, send, contents };
}

async function itemsOf(memberId: string): Promise<string[]> {
  const reg = await h.t.db.registration.findUniqueOrThrow({
    where: { memberId_year: { memberId, year: NEXT_YEAR } },
    include: { items: { orderBy: { position: "asc" } } },
  });
  return reg.items.map((i) => i.text);
}

describe("/dangky: items pasted into a draft before the year is picked", () => {
  it("shows the pledge in full at the next review, once; later reviews of the conversation only recall it", async () => {
    const { user, memberId } = await memberWithDraft("Đinh Văn Dán", "dinh van dan", "dan");
    const { said, send } = conversation(user);
    expect(await send("/dangky")).toContain("2. Năm 2026 (bản nháp, chưa gửi)");
    const asked = await send([FOLLOW, EXAMPLE].join("\n"));
    expect(asked).toContain("Bot đã nhận các việc đồng chí gửi. Đồng chí đăng ký các việc này cho năm nào?");
    expect(asked).toContain("1. Năm 2027 (bản nháp, chưa gửi)");

    // The draft had an item (base 1): without pledgeUnseen this review would only recall the pledge.
    const review = await send("1");
    expect(review).toContain(`Bản đăng ký năm ${NEXT_YEAR}`);
    expect(review).toContain("3. Nêu gương: Không nhận quà");
    expect(review).toContain("Cam kết chung của đảng viên:");
    expect(review).toContain(PLEDGE_FULL);
    expect(review).not.toContain(PLEDGE_LINE);
    expect(await itemsOf(memberId)).toHaveLength(3);

    // An edit: the review after it recalls the pledge in one line.
    await send("sua hoac xoa");
    await send("2");
    await send("thoi han");
    const edited = await send("trong quý 1 năm 2027");
    expect(edited).toContain("Đã lưu thay đổi của việc 2.");
    expect(edited).toContain(PLEDGE_LINE);
    expect(edited).not.toContain(PLEDGE_FULL);

    expect(count(said.join("\n"), PLEDGE_FULL)).toBe(1);
    // Accepted with the send, as when the pledge is shown at the first review of a new registration.
    expect(await send("gui chi uy")).toContain("Đã gửi bản đăng ký");
    const reg = await h.t.db.registration.findUniqueOrThrow({ where: { memberId_year: { memberId, year: NEXT_YEAR } } });
    expect(reg).toMatchObject({ status: "SUBMITTED", pledgeAccepted: true });
  });

  it("keeps it through the contents question; an item added after the full review gets the short form", async () => {
    const { memberId, said, send, contents } = await followPastedIntoDraft("Đinh Thị Nháp", "dinh thi nhap", "nhap");
    expect(contents).not.toContain(PLEDGE_FULL);
    expect(contents).toContain("Thêm một việc");
    const review = await send("1");
    expect(review).toContain(PLEDGE_FULL);
    expect(await itemsOf(memberId)).toHaveLength(2);

    await send("", "add");
    const added = await send(EXTRA);
    expect(added).toContain(`Bản đăng ký năm ${NEXT_YEAR}`);
    expect(added).toContain(PLEDGE_LINE);
    expect(added).not.toContain(PLEDGE_FULL);
    expect(await itemsOf(memberId)).toHaveLength(3);
    expect(count(said.join("\n"), PLEDGE_FULL)).toBe(1);
    await send("/huy");
  });

  it("shows it in full when the member adds another item at the contents question, before any review", async () => {
    const { memberId, said, send, contents } = await followPastedIntoDraft("Đinh Văn Thêm", "dinh van them", "them");
    expect(contents).toContain("Thêm một việc");
    // "Thêm một việc": the pasted item is saved, the next one asked; no review yet.
    const next = await send("", "add");
    expect(next).not.toContain(PLEDGE_FULL);
    const review = await send(EXAMPLE);
    expect(await itemsOf(memberId)).toHaveLength(3);
    expect(review).toContain(`Bản đăng ký năm ${NEXT_YEAR}`);
    expect(review).toContain(PLEDGE_FULL);
    expect(review).not.toContain(PLEDGE_LINE);
    expect(count(said.join("\n"), PLEDGE_FULL)).toBe(1);
    await send("/huy");
  });

  it("a new registration (base 0) whose first item is followed by another at the contents question: the pledge in full too", async () => {
    const member = await h.t.db.member.create({ data: { unitId, fullName: "Đinh Thị Mới", searchName: "dinh thi moi", role: "MEMBER" } });
    const user = await h.link("Đinh Thị Mới", "moi");
    const { said, send } = conversation(user);
    // Nothing for 2026: next year's opens without the year question.
    expect(await send("/dangky")).toContain(`làm theo Bác năm ${NEXT_YEAR} (cần đăng ký năm 2026`);
    expect(await send(FOLLOW)).toContain("Thêm một việc");
    await send("", "add");
    await send(EXAMPLE);
    // Study is still missing: asked again; this time the last item covers it too.
    const review = await send("1");
    expect(await itemsOf(member.id)).toHaveLength(2);
    expect(review).toContain(PLEDGE_FULL);
    expect(review).not.toContain(PLEDGE_LINE);
    expect(count(said.join("\n"), PLEDGE_FULL)).toBe(1);
    await send("/huy");
  });
});
