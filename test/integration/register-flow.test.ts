// Registration (/dangky) and the notebook (/camket) end to end: the local channel through the real
// engine and dispatcher on a real database. Items typed in one message, the coach at once, only
// what is missing asked, and the pledge accepted with "Đúng, gửi chi ủy". The clock is in March
// (before the November offer of next year's registration), except where a test moves it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";
import { addItem } from "../../src/db/registrations.ts";
import { COMMITMENT_TEMPLATES } from "../../src/domain/commitment-templates.ts";
import { msg } from "../../src/messages/common.ts";
import { analyzeCommitment } from "../../src/domain/vagueness.ts";

let h: Harness;
const MARCH = new Date("2026-03-10T03:00:00Z");
beforeAll(async () => {
  h = await createHarness({ now: MARCH });
});
afterAll(async () => {
  await h?.close();
});

const YEAR = 2026;

/** Sends each line in turn; returns every answer (each a list of rendered messages). */
async function run(user: string, lines: readonly string[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const line of lines) out.push(await h.say(user, line));
  return out;
}

const lastOf = (answers: string[][]) => (answers[answers.length - 1] ?? []).join("\n---\n");
const all = (answers: string[][]) => answers.flat().join("\n---\n");
const count = (text: string, part: string) => text.split(part).length - 1;

async function registrationOf(name: string, year = YEAR) {
  const memberId = await h.memberId(name);
  return h.t.db.registration.findUnique({
    where: { memberId_year: { memberId, year } },
    include: { items: { orderBy: { position: "asc" } } },
  });
}

/** A member of Yến's cell with nothing registered, who leaves the cell again after `body`. */
async function newcomer(fullName: string, searchName: string, body: (user: string) => Promise<void>) {
  const unitId = (await h.t.db.member.findFirstOrThrow({ where: { fullName: "Cao Thị Yến" } })).unitId;
  const member = await h.t.db.member.create({ data: { unitId, fullName, searchName, role: "MEMBER" } });
  try {
    await body(await h.link(fullName, searchName.replaceAll(" ", "-")));
  } finally {
    h.clock.now = MARCH;
    await h.t.db.member.update({ where: { id: member.id }, data: { status: "LEFT" } });
  }
}

/** A draft of one study item for this year: something to finish, so from November /dangky asks the year. */
async function thisYearDraft(fullName: string) {
  await h.t.db.registration.create({
    data: {
      memberId: await h.memberId(fullName),
      year: YEAR,
      items: { create: [{ position: 1, category: "STUDY", categories: ["STUDY"], text: "Đọc 1 cuốn sách về Bác mỗi quý" }] },
    },
  });
}

const THREE_ITEMS = [
  "1. Mỗi tháng đọc một tác phẩm của Bác về công tác dân vận, ghi 5 dòng thu hoạch vào sổ tay",
  "2. Giải quyết đúng hạn 100% hồ sơ đất đai được phân công trong năm 2026",
  "3. Không nhận quà, phong bì của người đến làm thủ tục đất đai",
].join("\n");

describe("/dangky: items typed in one message", () => {
  it("three concrete items in one message: shown as understood with the pledge, submitted in at most 5 member messages", async () => {
    const tuan = await h.link("Hoàng Minh Tuấn", "tuan");
    const member: string[] = [];
    const send = async (line: string) => {
      member.push(line);
      return h.say(tuan, line);
    };
    const intro = (await send("/dangky")).join("\n");
    expect(intro).toContain("Đồng chí Tuấn");
    expect(intro).toContain("Chuyên đề năm: “Học tập và làm theo tư tưởng");
    expect(intro).toContain("mỗi việc một dòng");
    // No menu of one option ("1. Nhập từng bước") to answer: the items are what is asked.
    expect(intro).not.toContain("Nhập từng bước");
    expect(intro).not.toMatch(/trả lời (1|bằng số)/);

    const shown = await send(THREE_ITEMS);
    expect(shown).toHaveLength(1); // what was understood, the pledge and the question: one message
    const [screen = ""] = shown;
    expect(screen).toContain("1. Học tập: Mỗi tháng đọc một tác phẩm của Bác");
    expect(screen).toContain("Thời hạn: Mỗi tháng");
    expect(screen).toContain("2. Làm theo: Giải quyết đúng hạn 100% hồ sơ");
    expect(screen).toContain("Đo bằng: 100% hồ sơ; Thời hạn: trong năm 2026");
    expect(screen).toContain("3. Nêu gương: Không nhận quà");
    expect(screen).toContain("Cam kết chung của đảng viên");
    expect(screen).toContain("không suy thoái");
    expect(screen).toContain("1. Đúng, gửi chi ủy");
    expect(screen).not.toContain("viết lại theo gợi ý");
    // One word for an item: "việc"; "nội dung" only for the three contents.
    expect(screen).not.toMatch(/nội dung \d/i);

    const sent = await send("1");
    expect(sent[0]).toContain("Đã gửi bản đăng ký tới chi ủy ngày 10/03/2026");
    // Neither the secretary nor the deputy of the cell is linked yet: the member hears it honestly.
    expect(sent[0]).toContain("Bí thư chưa nhận tin qua bot");
    expect(member.length).toBeLessThanOrEqual(5);
    expect(member).toHaveLength(3);
    const notices = await h.t.db.delivery.findMany({ where: { purpose: "registration-submitted" }, include: { member: true }, orderBy: { dedupeKey: "asc" } });
    expect(notices.map((d) => d.member?.fullName).sort()).toEqual(["Nguyễn Văn Hùng", "Trần Thị Mai"]);
    expect(JSON.stringify(notices[0]?.payload)).toContain("Đồng chí Hoàng Minh Tuấn vừa gửi bản đăng ký năm 2026. Gõ /duyet để xem và duyệt.");

    const reg = await registrationOf("Hoàng Minh Tuấn");
    expect(reg?.status).toBe("SUBMITTED");
    expect(reg?.pledgeAccepted).toBe(true);
    expect(reg?.submittedAt?.toISOString()).toBe(MARCH.toISOString());
    expect(reg?.items.map((i) => [i.position, i.category, i.categories, i.vagueVerdict, i.vagueKept])).toEqual([
      [1, "STUDY", ["STUDY"], "concrete", false],
      [2, "FOLLOW", ["FOLLOW"], "concrete", false],
      [3, "EXAMPLE", ["EXAMPLE"], "concrete", false],
    ]);
    expect(reg?.items[1]?.measure).toBe("100% hồ sơ");
    expect(reg?.items[1]?.timeframe).toBe("trong năm 2026");
    expect(await h.t.db.conversationState.count({ where: { userId: tuan } })).toBe(0);
  });

  it("keeps a very long item up to a word, and says it was shortened and where", async () => {
    const officeId = (await h.t.db.member.findFirstOrThrow({ where: { fullName: "Hoàng Minh Tuấn" } })).unitId;
    const newcomer = await h.t.db.member.create({ data: { unitId: officeId, fullName: "Lý Văn Dài", searchName: "ly van dai", role: "MEMBER" } });
    const sentence = "Guong mau nhac nho dong chi trong to thuc hien dung noi quy co quan, tham gia day du cac buoi sinh hoat chi bo hang thang. ";
    const long = `Hang thang doc 1 tac pham cua Bac va ghi 5 dong thu hoach vao so tay. ${sentence.repeat(24)}`.trim();
    expect(long.length).toBeGreaterThan(2900);
    try {
      const dai = await h.link("Lý Văn Dài", "dai");
      const answers = await run(dai, ["/dangky", long]);
      const shown = answers[1]?.join("\n---\n") ?? "";
      const echoed = /^1\. Học tập \+ Làm theo: (.*)$/m.exec(shown)?.[1] ?? "";
      // Cut between words, at most 600 characters, and the end it was cut at is quoted to the member.
      expect(echoed.length).toBeGreaterThan(500);
      expect(echoed.length).toBeLessThanOrEqual(600);
      expect(long.startsWith(echoed)).toBe(true);
      expect(long[echoed.length]).toMatch(/[ .,]/);
      expect(echoed.endsWith("Guong mau nhac nho dong chi trong to")).toBe(true);
      expect(shown).toContain(
        "\n---\nViệc 1 dài quá 600 ký tự nên bot chỉ giữ phần đầu, đến “…nho dong chi trong to”. Phần sau không được ghi; nếu cần, đồng chí viết gọn lại.",
      );
    } finally {
      await h.t.db.member.update({ where: { id: newcomer.id }, data: { status: "LEFT" } });
    }
  });

  it("shows the pledge once, at the first review, and after an edit only a line that recalls it", async () => {
    const officeId = (await h.t.db.member.findFirstOrThrow({ where: { fullName: "Hoàng Minh Tuấn" } })).unitId;
    const newcomer = await h.t.db.member.create({ data: { unitId: officeId, fullName: "Trịnh Văn Mới", searchName: "trinh van moi", role: "MEMBER" } });
    try {
      const moi = await h.link("Trịnh Văn Mới", "moi");
      const answers = await run(moi, ["/dangky", THREE_ITEMS, "sua hoac xoa", "2", "thoi han", "sáng thứ Hai hằng tuần"]);
      expect(answers[1]?.join("\n")).toContain("không suy thoái");
      const edited = lastOf(answers);
      expect(edited).toContain("Đã lưu thay đổi của việc 2.");
      expect(edited).not.toContain("không suy thoái");
      expect(edited).toContain("Chọn “Gửi chi ủy” là đồng chí đồng ý với cam kết chung đã nêu ở trên.");
      expect(count(all(answers), "không suy thoái")).toBe(1);
      // The pledge is still accepted with the send.
      expect((await h.say(moi, "gui chi uy"))[0]).toContain("Đã gửi bản đăng ký");
      expect((await registrationOf("Trịnh Văn Mới"))?.pledgeAccepted).toBe(true);
    } finally {
      await h.t.db.member.update({ where: { id: newcomer.id }, data: { status: "LEFT" } });
    }
  });

  it("shows the chi ủy the registration with the same item lines as the member", async () => {
    const memberView = (await h.say("tuan", "/camket"))[0] ?? "";
    const hung = await h.link("Nguyễn Văn Hùng", "hung");
    const chiUy = (await h.say(hung, "/duyet"))[0] ?? "";
    const lines = memberView.split("\n").filter((l) => /^(\d\. | {3}Đo bằng)/.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) expect(chiUy).toContain(line);
    await h.say(hung, "/huy");
  });

  it("coaches a vague item at once, before anything else is asked, and takes a suggested example", async () => {
    const nhung = await h.link("Phạm Thị Hồng Nhung", "nhung");
    const answers = await run(nhung, ["/dangky", "- Tich cuc hoc tap va lam theo Bac\n- Khong dung xe cong vao viec rieng"]);
    const coach = answers[1] ?? [];
    // What was understood, then the coach on item 1: no measure or timeframe question first.
    expect(coach[0]).toContain("Bot hiểu đồng chí đăng ký 2 việc:");
    expect(coach[1]).toContain("Việc 1: “Tich cuc hoc tap va lam theo Bac”");
    expect(coach[1]).toContain("Việc này mới nêu tinh thần, thái độ");
    expect(all(answers)).not.toMatch(/nội dung (này|đồng chí|\d)/i);
    expect(all(answers)).not.toContain("Kết quả đo bằng gì");
    expect(all(answers)).not.toContain("Thời hạn hoặc tần suất");
    const offered = COMMITMENT_TEMPLATES.DOSSIER_OFFICIAL.FOLLOW.filter((e) => (coach[1] ?? "").includes(e));
    expect(offered.length).toBeGreaterThanOrEqual(2);
    expect(coach[2]).toContain("1. Dùng gợi ý 1");
    expect(coach[2]).toContain("Viết lại");
    expect(coach[2]).toContain("Giữ nguyên");

    const taken = (await h.say(nhung, "1")).join("\n");
    expect(taken).toContain("Việc 1: Tốt, việc đã cụ thể.");
    // Two items without học tập: which item also covers it (several may be picked).
    expect(taken).toContain("Việc nào gồm cả học tập?");
    // Both items, or one, in one tap; no example whose numbers are also menu entries.
    expect(taken).toContain("3. Cả 2 việc\n4. Thêm một việc\n5. Để sau");
    expect(taken).not.toMatch(/ví dụ: \d/);
    const review = (await h.say(nhung, "3")).join("\n");
    expect(review).toContain("Đã lưu 2 việc vào bản nháp.");
    expect(review).toContain("1. Làm theo + Học tập:");
    expect(review).toContain("2. Nêu gương + Học tập: Khong dung xe cong");
    expect(review).toContain("Đúng, gửi chi ủy");
    const reg = await registrationOf("Phạm Thị Hồng Nhung");
    expect(reg?.items[0]?.text).toBe(offered[0]);
    expect(reg?.items[0]?.vagueVerdict).toBe("concrete");
    // "đã cụ thể" is true of what was saved: the example carries its own timeframe.
    expect(reg?.items[0]?.timeframe).toBeTruthy();
    expect(reg?.items.map((i) => i.categories)).toEqual([
      ["STUDY", "FOLLOW"],
      ["STUDY", "EXAMPLE"],
    ]);
    await h.say(nhung, "/huy");
  });

  it("a rewrite the coach asked for that still has no timeframe: asked once for one before 'đã cụ thể'", async () => {
    await newcomer("Trịnh Văn Tâm", "trinh van tam", async (tam) => {
      const answers = await run(tam, ["/dangky", "Tận tụy phục vụ nhân dân", "Chấm bài kiểm tra cho 100% học sinh lớp chủ nhiệm"]);
      const asked = lastOf(answers);
      expect(asked).toContain("Việc 1: thời hạn hoặc tần suất?");
      expect(asked).not.toContain("đã cụ thể");
      const praised = (await h.say(tam, "Mỗi tháng")).join("\n");
      expect(praised).toContain("Việc 1: Tốt, việc đã cụ thể.");
      expect(count(all([...answers, [praised]]), "thời hạn hoặc tần suất?")).toBe(1);
      await h.say(tam, "de sau");
      const reg = await registrationOf("Trịnh Văn Tâm");
      expect(reg?.items[0]?.text).toBe("Chấm bài kiểm tra cho 100% học sinh lớp chủ nhiệm");
      expect(reg?.items[0]?.timeframe).toBe("Mỗi tháng");
    });
  });

  it("flags a vague measure on its own and never asks again for a timeframe already given", async () => {
    const vinh = await h.link("Lê Quang Vinh", "vinh");
    const vinhId = await h.memberId("Lê Quang Vinh");
    await h.t.db.assessment.create({
      data: { memberId: vinhId, kind: "YEARLY", period: "2025", year: 2025, submittedAt: MARCH, shortcomingsNextYear: "Còn chậm trả lời đơn thư" },
    });
    const answers = await run(vinh, ["/dangky", "Đọc sách về Bác mỗi tháng để ý thức tốt hơn"]);
    // Last year's shortcoming is recalled in the intro instead of a question per item.
    expect(answers[0]?.join("\n")).toContain("Hạn chế đồng chí nêu khi kiểm điểm năm trước: “Còn chậm trả lời đơn thư”");
    const asked = lastOf(answers);
    expect(asked).toContain("Việc 1: mức “tốt hơn” chưa đo được");
    const fixed = await run(vinh, ["1 bài thu hoạch mỗi tháng trong sổ tay"]);
    // Its words alone still read as general (check-commitment says so): saved, not praised.
    expect(lastOf(fixed)).toContain("Việc 1: Đã nhận, cảm ơn đồng chí. Khi duyệt, chi ủy sẽ góp ý nếu cần.");
    expect(lastOf(fixed)).not.toContain("đã cụ thể");
    // One item without làm theo / nêu gương: asked which covers them; "Để sau" keeps the draft.
    expect(lastOf(fixed)).toContain("Việc nào gồm cả làm theo?");
    expect((await h.say(vinh, "de sau")).join("\n")).toContain("Bản nháp đã được lưu");
    expect(all([...answers, ...fixed])).not.toContain("thời hạn hoặc tần suất");
    const reg = await registrationOf("Lê Quang Vinh");
    expect(reg?.items[0]?.timeframe).toBe("mỗi tháng");
    expect(reg?.items[0]?.measure).toBe("1 bài thu hoạch mỗi tháng trong sổ tay");
    await h.say(vinh, "/huy");
  });

  it("asks for a missing measure and a missing timeframe once each, then the coach if still vague", async () => {
    const loi = await h.link("Đặng Văn Lợi", "loi");
    const answers = await run(loi, ["/dangky", "Đọc tác phẩm Sửa đổi lối làm việc và ghi thu hoạch", "bài thu hoạch", "mỗi quý"]);
    const text = all(answers);
    expect(answers[1]?.join("\n")).toContain("Việc 1: kết quả đo bằng gì");
    expect(answers[2]?.join("\n")).toContain("Việc 1: thời hạn hoặc tần suất?");
    expect(count(text, "thời hạn hoặc tần suất?")).toBe(1);
    expect(count(text, "kết quả đo bằng gì")).toBe(1);
    expect(lastOf(answers)).toContain("Việc 1: Đã nhận, cảm ơn đồng chí. Khi duyệt, chi ủy sẽ góp ý nếu cần.");
    await h.say(loi, "de sau");
    const reg = await registrationOf("Đặng Văn Lợi");
    expect(reg?.items[0]?.timeframe).toBe("Mỗi quý");
    await h.say(loi, "/huy");
  });

  it("keeps a vague item when the member insists and flags it for the chi ủy", async () => {
    const ha = await h.link("Võ Thị Thu Hà", "ha");
    const answers = await run(ha, ["/dangky", "Giữ gìn phẩm chất đạo đức, lối sống của người đảng viên trong mọi hoàn cảnh, gương mẫu", "giu nguyen"]);
    expect(lastOf(answers)).toContain("đánh dấu để chi ủy xem");
    // Every content still missing is named, then asked about one at a time.
    expect(lastOf(answers)).toContain("Các việc chưa có nội dung học tập và làm theo.\nViệc nào gồm cả học tập?");
    // The one item covers the two missing contents too: asked one content at a time.
    expect((await h.say(ha, "1")).join("\n")).toContain("Việc nào gồm cả làm theo?");
    const review = (await h.say(ha, "1")).join("\n");
    expect(review).toContain("1. Nêu gương + Học tập + Làm theo: Giữ gìn phẩm chất");
    expect(review).toContain("⚠ Chung chung");
    expect(review).toContain("(chi ủy sẽ góp ý)");
    const reg = await registrationOf("Võ Thị Thu Hà");
    const item = reg?.items[0];
    expect(item?.vagueVerdict).toBe("vague");
    expect(item?.vagueKept).toBe(true);
    expect(item?.vagueScore ?? 1).toBeLessThan(0.5);
    await h.say(ha, "/huy");
  });
  it("numbered items typed on one line are three items; a rule is asked nothing, a count with its noun is the measure", async () => {
    const lan = await h.link("Đinh Thị Lan", "lan");
    await h.say(lan, "/dangky");
    const shown = (
      await h.say(lan, "1. Đọc 2 cuốn sách về Bác trước 30/6/2026 2. Không dùng điện thoại vào việc riêng trong giờ họp 3. Viết 2 bài thu hoạch mỗi quý")
    ).join("\n---\n");
    expect(shown).not.toContain("kết quả đo bằng gì");
    expect(shown).not.toContain("thời hạn hoặc tần suất?");
    expect(shown).toContain("Đo bằng: 2 cuốn sách; Thời hạn: trước 30/6/2026");
    expect(shown).toContain("Đo bằng: 2 bài thu hoạch; Thời hạn: mỗi quý");
    // No item is about làm theo: that is the one question, answered with a number.
    expect(shown).toContain("Việc nào gồm cả làm theo?");
    expect((await h.say(lan, "3")).join("\n")).toContain("1. Đúng, gửi chi ủy");
    const reg = await registrationOf("Đinh Thị Lan");
    expect(reg?.items.map((i) => [i.text, i.measure, i.timeframe])).toEqual([
      ["Đọc 2 cuốn sách về Bác trước 30/6/2026", "2 cuốn sách", "trước 30/6/2026"],
      ["Không dùng điện thoại vào việc riêng trong giờ họp", null, null],
      ["Viết 2 bài thu hoạch mỗi quý", "2 bài thu hoạch", "mỗi quý"],
    ]);
    await h.say(lan, "/huy");
  });
});

describe("/dangky: step by step", () => {
  it("enters three items one at a time, asking measure and timeframe only when missing, in at most 14 member messages", async () => {
    const son = await h.link("Mai Văn Sơn", "son");
    const lines = [
      "/dangky",
      "nhap tung buoc",
      "Đọc tác phẩm Sửa đổi lối làm việc và ghi thu hoạch",
      "bài thu hoạch trong sổ tay",
      "mỗi quý",
      "Hướng dẫn đồng chí mới về nghiệp vụ hộ tịch",
      "1 đồng chí thành thạo",
      "1", // Mỗi tháng
      "Không dùng xe công vào việc riêng", // a rule: no measure or timeframe asked
      "1", // Đúng, gửi chi ủy
    ];
    const answers = await run(son, lines);
    expect(answers[1]?.join("\n")).toContain("Việc 1: đồng chí sẽ làm gì?");
    expect(answers[4]?.join("\n")).toContain("Việc 2: đồng chí gõ việc tiếp theo, hoặc chọn Xong.");
    expect(lastOf(answers)).toContain("Đã gửi bản đăng ký tới chi ủy");
    expect(lines.length).toBeLessThanOrEqual(14);
    const reg = await registrationOf("Mai Văn Sơn");
    expect(reg?.status).toBe("SUBMITTED");
    // A typed answer that is one of the offered choices is stored as the choice's label.
    expect(reg?.items.map((i) => i.timeframe)).toEqual(["Mỗi quý", "Mỗi tháng", null]);
  });

  it("a checkable rule is asked neither measure nor timeframe; 'Thêm một việc' asks for the next item without a separate 'saved' reply", async () => {
    const phuc = await h.link("Trương Văn Phúc", "phuc");
    // Not Lan's wording: the coach would flag a copy of another member's item in the cell.
    const answers = await run(phuc, ["/dangky", "từng bước", "khong hut thuoc la trong gio lam viec", "Không đi họp muộn"]);
    expect(all(answers)).not.toContain("kết quả đo bằng gì");
    expect(all(answers)).not.toContain("thời hạn hoặc tần suất?");
    expect(answers[2]?.join("\n")).toContain("Việc 2: đồng chí gõ việc tiếp theo");
    expect(answers[3]?.join("\n")).toContain("Việc 3: đồng chí gõ việc tiếp theo");
    expect((await h.say(phuc, "xong")).join("\n")).toContain("Việc nào gồm cả học tập?");
    // The new item is asked in one message that says which items were saved, never "Đã lưu 2 việc"
    // on its own before the member typed anything for it.
    const next = await h.say(phuc, "Thêm một việc");
    expect(next).toHaveLength(1);
    expect(next[0]).toMatch(/^Đã lưu việc 1, việc 2 vào bản nháp\.\nViệc 3: đồng chí sẽ làm gì\?/);
    // Still step by step: a count with its noun is the measure, only the timeframe is asked.
    const third = (await h.say(phuc, "Viết 2 bài thu hoạch về tấm gương đạo đức của Bác")).join("\n");
    expect(third).not.toContain("kết quả đo bằng gì");
    expect(third).toContain("Việc 3: thời hạn hoặc tần suất?");
    expect((await h.say(phuc, "mỗi quý")).join("\n")).toContain("Việc nào gồm cả làm theo?");
    expect((await h.say(phuc, "1")).join("\n")).toContain("1. Đúng, gửi chi ủy"); // the first choice: "Việc 1: …" (saved earlier, offered too)
    const reg = await registrationOf("Trương Văn Phúc");
    expect(reg?.items.map((i) => [i.measure, i.timeframe])).toEqual([
      [null, null],
      [null, null],
      ["2 bài thu hoạch", "Mỗi quý"],
    ]);
    await h.say(phuc, "/huy");
  });

  it("the old menu's answers typed from habit ('1', 'nhap tung buoc') go step by step and are never saved as an item", async () => {
    await newcomer("Lã Văn Thói", "la van thoi", async (thoi) => {
      await h.say(thoi, "/dangky");
      for (const habit of ["1", "nhap tung buoc", "Nhập từng bước."]) {
        expect(await h.say(thoi, habit), habit).toEqual([expect.stringMatching(/^Việc 1: đồng chí sẽ làm gì\?/)]);
      }
      expect((await h.say(thoi, "Đọc tác phẩm Sửa đổi lối làm việc và ghi thu hoạch")).join("\n")).toContain("Việc 1: kết quả đo bằng gì");
      await h.say(thoi, "bài thu hoạch trong sổ tay");
      expect((await h.say(thoi, "mỗi quý")).join("\n")).toContain("Việc 2: đồng chí gõ việc tiếp theo");
      expect((await h.say(thoi, "xong")).join("\n")).toContain("Việc nào gồm cả làm theo?");
      await h.say(thoi, "de sau");
      expect((await registrationOf("Lã Văn Thói"))?.items.map((i) => i.text)).toEqual(["Đọc tác phẩm Sửa đổi lối làm việc và ghi thu hoạch"]);
    });
  });

  it("step by step too, a vague item gets the coach at once, before its measure or timeframe is asked", async () => {
    const mai = await h.link("Trần Thị Mai", "mai");
    const answers = await run(mai, ["/dangky", "nhap tung buoc", "Nâng cao chất lượng công tác chuyên môn"]);
    const coach = lastOf(answers);
    expect(coach).toContain("Việc 1: “Nâng cao chất lượng công tác chuyên môn”");
    expect(coach).toContain("Giữ nguyên");
    expect(all(answers)).not.toContain("kết quả đo bằng gì");
    await h.say(mai, "/huy");
  });
});

describe("/dangky: stopping with /huy", () => {
  it("says plainly that items typed but not saved yet were not kept, and how to enter them again", async () => {
    await newcomer("Lý Thị Hạnh", "ly thi hanh", async (hanh) => {
      // Nothing typed yet: nothing to lose, the plain answer.
      await h.say(hanh, "/dangky");
      expect(await h.say(hanh, "/huy")).toEqual([msg.cancelled()]);

      // Two items pasted, the first asked about: neither is saved yet.
      await h.say(hanh, "/dangky");
      const asked = (await h.say(hanh, "Đọc tác phẩm Sửa đổi lối làm việc và ghi thu hoạch\nGiải quyết đúng hạn 100% hồ sơ được giao")).join("\n");
      expect(asked).toContain("Việc 1: kết quả đo bằng gì");
      expect(await h.say(hanh, "hủy")).toEqual(["Đã dừng. 2 việc đồng chí vừa gửi chưa được lưu. Khi cần, đồng chí gõ /dangky để nhập lại."]);
      expect(await registrationOf("Lý Thị Hạnh")).toBeNull();
      // And indeed: /dangky starts again from the intro.
      expect((await h.say(hanh, "/dangky")).join("\n")).toContain("mình cùng đăng ký học tập và làm theo Bác năm 2026");

      // One item saved in the draft, a second one being asked about: the saved one stays, and is said to.
      await h.say(hanh, "Không nhận quà, phong bì của người đến làm thủ tục");
      expect((await h.say(hanh, "de sau")).join("\n")).toContain("Bản nháp đã được lưu");
      await h.say(hanh, "/dangky");
      expect((await h.choose(hanh, "add")).join("\n")).toContain("Việc 2: đồng chí sẽ làm gì?");
      expect((await h.say(hanh, "Đọc tác phẩm Dân vận của Bác và ghi thu hoạch")).join("\n")).toContain("Việc 2: kết quả đo bằng gì");
      expect(await h.say(hanh, "/huy")).toEqual([
        "Đã dừng. Việc đồng chí vừa gửi chưa được lưu. 1 việc đã lưu trước đó vẫn giữ nguyên. Khi cần, đồng chí gõ /dangky để nhập lại.",
      ]);
      expect((await registrationOf("Lý Thị Hạnh"))?.items.map((i) => i.text)).toEqual(["Không nhận quà, phong bì của người đến làm thủ tục"]);
    });
  });

  it("while an item is coached, keeps the items already accepted in the draft and says what was kept and what was not", async () => {
    await newcomer("Lưu Văn Giữ", "luu van giu", async (giu) => {
      // Step by step: item 1 accepted (a rule: nothing to ask), item 2 coached.
      await run(giu, ["/dangky", "từng bước"]);
      expect((await h.say(giu, "Không dùng xe công vào việc riêng")).join("\n")).toContain("Việc 2: đồng chí gõ việc tiếp theo");
      expect((await h.say(giu, "Nâng cao chất lượng công tác chuyên môn")).join("\n")).toContain("Giữ nguyên");
      expect(await h.say(giu, "/huy")).toEqual([
        "Đã dừng. Bot đã lưu việc 1 vào bản nháp, chưa gửi chi ủy. Việc 2 (đang nhập dở) chưa được lưu. Khi cần, đồng chí gõ /dangky để làm tiếp.",
      ]);
      const reg = await registrationOf("Lưu Văn Giữ");
      expect(reg?.status).toBe("DRAFT");
      expect(reg?.items.map((i) => i.text)).toEqual(["Không dùng xe công vào việc riêng"]);

      // In one message: the first kept beside the one saved before, the second (coached) not.
      await h.say(giu, "/dangky");
      expect((await h.choose(giu, "add")).join("\n")).toContain("Việc 2: đồng chí sẽ làm gì?");
      const coached = await h.say(
        giu,
        ["Mỗi quý đọc 1 tác phẩm của Bác, ghi 1 trang thu hoạch vào sổ tay", "Nâng cao chất lượng công tác chuyên môn"].join("\n"),
      );
      expect(coached.join("\n")).toContain("Việc 3: “Nâng cao chất lượng công tác chuyên môn”");
      expect(await h.say(giu, "hủy")).toEqual([
        "Đã dừng. Bot đã lưu việc 2 vào bản nháp, chưa gửi chi ủy. Việc 3 (đang nhập dở) chưa được lưu. 1 việc đã lưu trước đó vẫn giữ nguyên. Khi cần, đồng chí gõ /dangky để làm tiếp.",
      ]);
      expect((await registrationOf("Lưu Văn Giữ"))?.items.map((i) => i.text)).toEqual([
        "Không dùng xe công vào việc riêng",
        "Mỗi quý đọc 1 tác phẩm của Bác, ghi 1 trang thu hoạch vào sổ tay",
      ]);
    });
  });

  it("at “Bot hiểu đúng chưa?” says the draft is kept and not sent, and it is indeed not sent", async () => {
    await newcomer("Mạc Văn Dừng", "mac van dung", async (dung) => {
      const shown = await run(dung, ["/dangky", THREE_ITEMS]);
      expect(lastOf(shown)).toContain("Bot hiểu đúng chưa?");
      expect(await h.say(dung, "/huy")).toEqual(["Đã dừng. Bản nháp vẫn được lưu, chưa gửi chi ủy. Khi sẵn sàng, đồng chí gõ /dangky để gửi."]);
      const reg = await registrationOf("Mạc Văn Dừng");
      expect(reg?.status).toBe("DRAFT");
      expect(reg?.items).toHaveLength(3);
      expect(await h.t.db.delivery.count({ where: { purpose: "registration-submitted", dedupeKey: { contains: reg!.id } } })).toBe(0);
      // Returned by the chi ủy and opened again: stopping says it is not sent again.
      await h.t.db.registration.update({ where: { id: reg!.id }, data: { status: "RETURNED" } });
      expect(lastOf(await run(dung, ["/dangky"]))).toContain("Đồng chí muốn làm gì tiếp?");
      expect(await h.say(dung, "/huy")).toEqual(["Đã dừng. Bản đăng ký vẫn được lưu nhưng chưa gửi lại chi ủy. Khi sẵn sàng, đồng chí gõ /dangky để gửi lại."]);
      // Sent: stopping at its menu has nothing to add.
      await h.t.db.registration.update({ where: { id: reg!.id }, data: { status: "SUBMITTED" } });
      await h.say(dung, "/dangky");
      expect(await h.say(dung, "/huy")).toEqual([msg.cancelled()]);
    });
  });

  it("from November, items pasted while the year is asked are not kept either, and the member is told", async () => {
    h.clock.now = new Date("2026-11-20T03:00:00Z");
    await newcomer("Đinh Văn Khải", "dinh van khai", async (khai) => {
      await thisYearDraft("Đinh Văn Khải");
      await h.say(khai, "dang ky");
      expect((await h.say(khai, THREE_ITEMS.replaceAll("2026", "2027"))).join("\n")).toContain("cho năm nào?");
      expect(await h.say(khai, "/huy")).toEqual(["Đã dừng. Các việc đồng chí vừa gửi chưa được lưu. Khi cần, đồng chí gõ /dangky để nhập lại."]);
      expect(await h.t.db.registration.count({ where: { member: { fullName: "Đinh Văn Khải" }, year: 2027 } })).toBe(0);
      expect((await registrationOf("Đinh Văn Khải"))?.items).toHaveLength(1);
    });
  });
});

describe("/dangky: what is clearly not a commitment is not read as one", () => {
  it("a nod, a greeting, thanks, a command word or a question saves nothing, and the bot says what it waits for", async () => {
    await newcomer("Phan Văn Gật", "phan van gat", async (gat) => {
      await h.say(gat, "/dangky");
      for (const text of ["ok", "Vâng ạ", "👍", "xin chào", "cảm ơn", "dang ky", "dangky", "camket", "Đăng ký"]) {
        const said = (await h.say(gat, text)).join("\n");
        expect(said, text).not.toContain("Bot hiểu đồng chí đăng ký");
        expect(said, text).toContain("Bot đang chờ các việc đồng chí đăng ký");
        expect(said, text).toContain("/huy");
      }
      // A question the bot answers elsewhere: answered, then what the bot waits for.
      const asked = (await h.say(gat, "khi nao hop chi bo")).join("\n");
      expect(asked).not.toContain("Bot hiểu đồng chí đăng ký");
      expect(asked).toContain("Bot đang chờ các việc đồng chí đăng ký");
      expect(asked).toMatch(/\d{2}\/\d{2}\/\d{4}/);
      expect(await registrationOf("Phan Văn Gật")).toBeNull();
      // Still at the entry: a real short commitment is read as one.
      const read = (await h.say(gat, "Đọc 1 cuốn sách mỗi tháng")).join("\n");
      expect(read).toContain("Bot hiểu đồng chí đăng ký 1 việc");
      expect(read).toContain("Đọc 1 cuốn sách mỗi tháng");
      await h.say(gat, "/huy");
    });
  });

  it("step by step, a question at the coach and “ok” at the next item are not taken for items, and “xong” still finishes", async () => {
    await newcomer("Phan Thị Nhận", "phan thi nhan", async (nhan) => {
      await run(nhan, ["/dangky", "từng bước"]);
      expect((await h.say(nhan, "Không dùng xe công vào việc riêng")).join("\n")).toContain("Việc 2: đồng chí gõ việc tiếp theo");
      // At the coach, a question is answered and not taken for the item's new wording.
      expect((await h.say(nhan, "Nâng cao chất lượng công tác chuyên môn")).join("\n")).toContain("Giữ nguyên");
      const coachAsked = (await h.say(nhan, "khi nao hop chi bo vay")).join("\n");
      expect(coachAsked).toContain("Lịch sinh hoạt");
      expect(coachAsked).toContain("Giữ nguyên");
      expect(coachAsked).not.toContain("Việc 2: “khi nao");
      expect((await h.say(nhan, "5")).join("\n")).toContain("Việc 3: đồng chí gõ việc tiếp theo");
      const nod = (await h.say(nhan, "ok")).join("\n");
      expect(nod).toContain("Bot đang chờ các việc đồng chí đăng ký");
      expect(nod).toContain("Xong");
      const finished = (await h.say(nhan, "xong")).join("\n");
      expect(finished).not.toContain("Bot đang chờ");
      expect(finished).not.toContain("ok");
      await h.say(nhan, "/huy");
    });
  });
});

describe("/dangky: a question or a protest typed in the middle is never an item", () => {
  it("at the intro, the coach and step by step: answered in brief, nothing saved, and the real item still read", async () => {
    await newcomer("Hỏi Văn Thật", "hoi van that", async (that) => {
      await h.say(that, "/dangky");
      const asked = (await h.say(that, "the nao la noi dung nêu guong vay?")).join("\n");
      expect(asked).not.toContain("Bot hiểu đồng chí đăng ký");
      expect(asked).toContain("Nêu gương: tự mình gương mẫu");
      expect(asked).toContain("Bot đang chờ các việc đồng chí đăng ký");
      const protest = (await h.say(that, "khong phai, toi hoi thoi ma")).join("\n");
      expect(protest).not.toContain("Bot hiểu đồng chí đăng ký");
      expect(protest).toContain("Bot chưa ghi gì");
      // At the coach, a protest is not the item's new wording.
      expect((await h.say(that, "Nâng cao chất lượng công tác chuyên môn")).join("\n")).toContain("Giữ nguyên");
      const atCoach = (await h.say(that, "khong phai, toi hoi thoi ma")).join("\n");
      expect(atCoach).toContain("Bot chưa ghi gì");
      expect(atCoach).toContain("Giữ nguyên");
      expect(atCoach).not.toContain("“khong phai");
      await h.say(that, "/huy");
      expect((await registrationOf("Hỏi Văn Thật"))?.items ?? []).toEqual([]);
    });
    await newcomer("Hỏi Thị Bước", "hoi thi buoc", async (buoc) => {
      await run(buoc, ["/dangky", "tung buoc"]);
      const example = (await h.say(buoc, "vi du nhu the nao?")).join("\n");
      expect(example).toContain("Ví dụ một việc");
      expect(example).not.toContain("Việc 1: “vi du");
      expect((await h.say(buoc, "ok")).join("\n")).toContain("Bot đang chờ");
      expect((await h.say(buoc, "Mỗi tháng đọc 1 bài viết của Bác, ghi 5 dòng thu hoạch, cả năm 2026")).join("\n")).toContain("Việc 2");
      // Only the real item goes on (to the contents question): the question was never item 1.
      const finished = (await run(buoc, ["xong", "/huy"]))[0]?.join("\n") ?? "";
      expect(finished).toContain("Việc 1: Mỗi tháng đọc 1 bài");
      expect(finished).not.toContain("vi du");
    });
  });
});

describe("/dangky step by step: 'để sau', 'bỏ qua', 'giữ nguyên' typed at the measure or timeframe question", () => {
  const itemOf = async (name: string) => ((await registrationOf(name))?.items ?? [])[0];

  it("'thoi de mai lam' at the measure keeps the item for later with no measure or timeframe, and says so", async () => {
    await newcomer("Sau Văn Mai", "sau van mai", async (mai) => {
      expect(lastOf(await run(mai, ["/dangky", "tung buoc", "doc sach ve bac"]))).toContain("Việc 1: kết quả đo bằng gì");
      const later = (await h.say(mai, "thoi de mai lam")).join("\n");
      expect(later).toContain("Việc 1: bot để trống phần “Đo bằng” và “Thời hạn”, đồng chí bổ sung sau.");
      expect(later).toContain("Bản nháp đã được lưu. Khi tiện, đồng chí gõ /dangky để làm tiếp.");
      expect(later).not.toContain("thời hạn hoặc tần suất?");
      const item = await itemOf("Sau Văn Mai");
      expect([item?.text, item?.measure, item?.timeframe]).toEqual(["doc sach ve bac", null, null]);
      const notebook = (await h.say(mai, "/camket")).join("\n");
      expect(notebook).toContain("doc sach ve bac");
      expect(notebook).not.toContain("thoi de mai lam");
    });
  });

  it("'để sau', 'mai làm', 'Thôi, để sau nhé' at the measure: nothing kept as the measure, the item kept for later", async () => {
    for (const [i, later] of ["để sau", "mai làm", "Thôi, để sau nhé", "de sau"].entries()) {
      await newcomer(`Sau Thị Hẹn ${i}`, `sau thi hen ${i}`, async (hen) => {
        await run(hen, ["/dangky", "tung buoc", "doc sach ve bac"]);
        const answer = (await h.say(hen, later)).join("\n");
        expect(answer).toContain("Bản nháp đã được lưu");
        const item = await itemOf(`Sau Thị Hẹn ${i}`);
        expect([item?.measure, item?.timeframe]).toEqual([null, null]);
      });
    }
  });

  it("'bo qua' at the measure passes the question over; 'de sau' at the timeframe keeps the item for later, neither stored", async () => {
    await newcomer("Sau Văn Qua", "sau van qua", async (qua) => {
      await run(qua, ["/dangky", "tung buoc", "doc sach ve bac"]);
      const passed = (await h.say(qua, "bo qua")).join("\n");
      expect(passed).toContain("Việc 1: bot bỏ qua câu này, phần “Đo bằng” để trống.");
      expect(passed).toContain("Việc 1: thời hạn hoặc tần suất?");
      const later = (await h.say(qua, "de sau")).join("\n");
      expect(later).toContain("Việc 1: bot để trống phần “Đo bằng” và “Thời hạn”, đồng chí bổ sung sau.");
      expect(later).toContain("Bản nháp đã được lưu");
      expect(later).not.toContain("chung chung");
      const item = await itemOf("Sau Văn Qua");
      expect([item?.measure, item?.timeframe]).toEqual([null, null]);
    });
  });

  it("'de sau' where the next item is asked keeps the items entered for later; 'khong co' there is 'Xong'; neither is an item", async () => {
    await newcomer("Sau Văn Tiếp", "sau van tiep", async (tiep) => {
      await run(tiep, ["/dangky", "tung buoc", "doc sach ve bac", "5 bai thu hoach", "ca nam"]);
      const later = (await h.say(tiep, "de sau")).join("\n");
      expect(later).toContain("Bản nháp đã được lưu");
      expect(later).not.toContain("Việc 2");
      expect(((await registrationOf("Sau Văn Tiếp"))?.items ?? []).map((i) => i.text)).toEqual(["doc sach ve bac"]);
    });
    await newcomer("Sau Thị Hết", "sau thi het", async (het) => {
      await run(het, ["/dangky", "tung buoc", "doc sach ve bac", "5 bai thu hoach", "ca nam"]);
      const none = (await h.say(het, "khong co")).join("\n");
      expect(none).toContain("Việc nào gồm cả làm theo?");
      expect(none).not.toContain("Việc 2");
      await h.say(het, "Để sau");
      expect(((await registrationOf("Sau Thị Hết"))?.items ?? []).map((i) => i.text)).toEqual(["doc sach ve bac"]);
    });
  });

  it("'giu nguyen' at a saved item's measure (Sửa) keeps the measure it had, and no change is said to be saved", async () => {
    await newcomer("Sửa Văn Cũ", "sua van cu", async (cu) => {
      await run(cu, ["/dangky", "tung buoc", "doc sach ve bac", "5 bai thu hoach", "ca nam", "xong", "Để sau"]);
      const kept = all(await run(cu, ["/dangky", "Sửa hoặc xóa một việc", "Cách đo, minh chứng", "giu nguyen"]));
      expect(kept).toContain("Việc 1: phần “Đo bằng” giữ như cũ.");
      expect(kept).not.toContain("Đã lưu thay đổi");
      const item = await itemOf("Sửa Văn Cũ");
      expect([item?.measure, item?.timeframe]).toEqual(["5 bai thu hoach", "ca nam"]);
      await h.say(cu, "/huy");
    });
  });

  it("'giu nguyen', 'khong co', 'chưa biết' at the measure and 'giữ nguyên' at the timeframe store nothing there; a real answer still is", async () => {
    for (const [i, none] of ["giu nguyen", "khong co", "chưa biết", "bỏ qua"].entries()) {
      await newcomer(`Giữ Văn Cũ ${i}`, `giu van cu ${i}`, async (cu) => {
        await run(cu, ["/dangky", "tung buoc", "doc sach ve bac"]);
        const passed = (await h.say(cu, none)).join("\n");
        expect(passed).toContain("Việc 1: bot bỏ qua câu này, phần “Đo bằng” để trống.");
        expect(passed).toContain("thời hạn hoặc tần suất?");
        expect(all(await run(cu, ["truoc 30/6", "xong", "Để sau"]))).toContain("Bản nháp đã được lưu");
        const item = await itemOf(`Giữ Văn Cũ ${i}`);
        expect([item?.measure, item?.timeframe]).toEqual([null, "truoc 30/6"]);
      });
    }
    await newcomer("Giữ Thị Hạn", "giu thi han", async (han) => {
      await run(han, ["/dangky", "tung buoc", "doc sach ve bac", "5 bai thu hoach"]);
      const passed = (await h.say(han, "giữ nguyên")).join("\n");
      expect(passed).toContain("Việc 1: bot bỏ qua câu này, phần “Thời hạn” để trống.");
      await run(han, ["xong", "Để sau"]);
      const item = await itemOf("Giữ Thị Hạn");
      expect([item?.measure, item?.timeframe]).toEqual(["5 bai thu hoach", null]);
    });
    await newcomer("Giữ Văn Thật", "giu van that", async (that) => {
      await run(that, ["/dangky", "tung buoc", "doc sach ve bac", "5 bai thu hoach", "ca nam", "xong", "Để sau"]);
      const item = await itemOf("Giữ Văn Thật");
      expect([item?.measure, item?.timeframe]).toEqual(["5 bai thu hoach", "ca nam"]);
    });
    // A measure said with its frequency is both (as before).
    await newcomer("Giữ Thị Đều", "giu thi deu", async (deu) => {
      await run(deu, ["/dangky", "tung buoc", "doc sach ve bac", "moi thang 1 bai", "xong", "Để sau"]);
      const item = await itemOf("Giữ Thị Đều");
      expect([item?.measure, item?.timeframe]).toEqual(["moi thang 1 bai", "moi thang"]);
    });
  });
});

describe("/dangky: a frequency given with the measure", () => {
  it("counts as the timeframe (not asked again), and the saved item shows no 'chưa có số đo/thời hạn' flag", async () => {
    await newcomer("Rác Văn Phân", "rac van phan", async (phan) => {
      await h.say(phan, "/dangky");
      const asked = (await h.say(phan, "gương mau chap hanh phan loai rac tai nha")).join("\n");
      expect(asked).toContain("Việc 1: kết quả đo bằng gì");
      const answered = (await h.say(phan, "hang ngay phan loai rac huu co va vo co ạ")).join("\n");
      expect(answered).not.toContain("thời hạn hoặc tần suất?");
      expect(answered).not.toContain("chưa có thời hạn");
      // Kept as it is: the review shows the measure and timeframe, and no flag that says they are missing.
      const review = all(await run(phan, ["5", "Để sau", "/dangky"]));
      expect(review).toContain("Đo bằng: hang ngay phan loai rac huu co va vo co; Thời hạn: hang ngay");
      expect(review).not.toContain("chưa có số đo");
      expect(review).not.toContain("chưa có thời hạn");
      const [item] = (await registrationOf("Rác Văn Phân"))?.items ?? [];
      expect([item?.measure, item?.timeframe]).toEqual(["hang ngay phan loai rac huu co va vo co", "hang ngay"]);
      await h.say(phan, "/huy");
    });
  });

  it("a particle closing the timeframe's answer ('mỗi tháng mà') is not kept", async () => {
    await newcomer("Rác Thị Hạn", "rac thi han", async (han) => {
      const asked = lastOf(await run(han, ["/dangky", "tung buoc", "Đọc sách về Bác, ghi 5 dòng thu hoạch"]));
      expect(asked).toContain("thời hạn hoặc tần suất?");
      await run(han, ["mỗi tháng mà", "xong", "Để sau"]);
      const [item] = (await registrationOf("Rác Thị Hạn"))?.items ?? [];
      expect(item?.timeframe).toBe("mỗi tháng");
    });
  });
});

describe("/dangky: another command typed in the middle", () => {
  it("keeps what /huy keeps and says so in one line, then runs the command", async () => {
    await newcomer("Trịnh Văn Chuyển", "trinh van chuyen", async (chuyen) => {
      // Pasted paragraph, then the contents question: the items are accepted but not saved yet.
      await h.say(chuyen, "/dangky");
      const asked = (
        await h.say(chuyen, "Mỗi quý đọc 1 tác phẩm của Bác, ghi 1 trang thu hoạch vào sổ tay\nGiải quyết đúng hạn 100% hồ sơ được giao trong năm")
      ).join("\n");
      expect(asked).toContain("nêu gương");
      const switched = await h.say(chuyen, "/camket");
      expect(switched[0]).toBe("Đã dừng. Bot đã lưu việc 1, việc 2 vào bản nháp, chưa gửi chi ủy. Khi cần, đồng chí gõ /dangky để làm tiếp.");
      expect((await registrationOf("Trịnh Văn Chuyển"))?.items.map((i) => i.text)).toEqual([
        "Mỗi quý đọc 1 tác phẩm của Bác, ghi 1 trang thu hoạch vào sổ tay",
        "Giải quyết đúng hạn 100% hồ sơ được giao trong năm",
      ]);
      await h.say(chuyen, "/huy");

      // Being asked about the first item: nothing is accepted, and the member is told it is lost.
      await h.say(chuyen, "/dangky");
      await h.choose(chuyen, "add");
      expect((await h.say(chuyen, "Đọc tác phẩm Dân vận của Bác và ghi thu hoạch")).join("\n")).toContain("Việc 3: kết quả đo bằng gì");
      const lich = await h.say(chuyen, "/lich");
      expect(lich[0]).toBe("Đã dừng. Việc đồng chí vừa gửi chưa được lưu. 2 việc đã lưu trước đó vẫn giữ nguyên. Khi cần, đồng chí gõ /dangky để nhập lại.");
      expect(lich.length).toBeGreaterThan(1);
      expect((await registrationOf("Trịnh Văn Chuyển"))?.items).toHaveLength(2);
      await h.say(chuyen, "/huy");

      // At the menu of the unsent draft: /dangky typed again shows the draft with no reminder of
      // it above; another command gets the reminder.
      await h.say(chuyen, "/dangky");
      const again = (await h.say(chuyen, "/dangky")).join("\n");
      expect(again).not.toContain("Đã dừng");
      expect(again).toContain("Bản đăng ký năm");
      const other = await h.say(chuyen, "/lich");
      expect(other[0]).toBe("Đã dừng. Bản nháp vẫn được lưu, chưa gửi chi ủy. Khi sẵn sàng, đồng chí gõ /dangky để gửi.");
    });
  });
});

describe("/dangky: the review, edits and statuses", () => {
  it("edits a submitted registration (back to draft), resubmits, withdraws, deletes an item and the draft", async () => {
    const tuan = "tuan";
    const menu = (await h.say(tuan, "/dangky")).join("\n");
    expect(menu).toContain("đã gửi ngày 10/03/2026, chờ chi ủy duyệt");
    expect(menu).toContain("Sửa bản đăng ký");
    expect(menu).toContain("Rút lại về bản nháp");

    const edit = await run(tuan, ["sua ban dang ky", "2", "thoi han", "sáng thứ Hai hằng tuần"]);
    expect(edit[1]?.join("\n")).toContain("Việc 2: đồng chí muốn sửa phần nào?");
    // Choice labels are cut at a word boundary.
    const label = /2\. Việc 2: (.+)…/.exec(edit[0]?.join("\n") ?? "")?.[1] ?? "";
    const full = "Giải quyết đúng hạn 100% hồ sơ đất đai được phân công trong năm 2026";
    expect(label.length).toBeGreaterThan(10);
    expect(full.startsWith(label) && full[label.length] === " ").toBe(true);
    const changed = lastOf(edit);
    expect(changed).toContain("Đã lưu thay đổi của việc 2.");
    expect(changed).toContain("đã chuyển về bản nháp");
    expect(changed).toContain("Thời hạn: sáng thứ Hai hằng tuần");
    expect((await registrationOf("Hoàng Minh Tuấn"))?.status).toBe("DRAFT");

    const resent = await h.say(tuan, "gui chi uy");
    expect(resent[0]).toContain("Đã gửi bản đăng ký");
    expect((await registrationOf("Hoàng Minh Tuấn"))?.status).toBe("SUBMITTED");

    const withdrawn = await run(tuan, ["/dangky", "rut lai"]);
    expect(lastOf(withdrawn)).toContain("Đã rút bản đăng ký về bản nháp");
    expect((await registrationOf("Hoàng Minh Tuấn"))?.status).toBe("DRAFT");

    const deleted = await run(tuan, ["sua hoac xoa", "1", "xoa viec nay"]);
    expect(lastOf(deleted)).toContain("Đã xóa việc 1.");
    expect(lastOf(deleted)).toContain("1. Làm theo: Giải quyết đúng hạn");
    expect((await registrationOf("Hoàng Minh Tuấn"))?.items.map((i) => [i.position, i.category])).toEqual([
      [1, "FOLLOW"],
      [2, "EXAMPLE"],
    ]);
    const refused = (await h.say(tuan, "gui chi uy")).join("\n");
    expect(refused).toContain("còn thiếu học tập");
    expect((await registrationOf("Hoàng Minh Tuấn"))?.status).toBe("DRAFT");

    // The contents of an item, several at once, the main one first.
    const contents = await run(tuan, ["sua hoac xoa", "1", "hoc tap / lam theo", "2 1"]);
    expect(lastOf(contents)).toContain("1. Làm theo + Học tập: Giải quyết đúng hạn");

    const dropped = await run(tuan, ["xoa ban nhap", "xoa"]);
    expect(lastOf(dropped)).toContain("Đã xóa bản nháp");
    expect(await registrationOf("Hoàng Minh Tuấn")).toBeNull();
  });

  it("shows the chi ủy's comment on a returned registration and resubmits it after an edit", async () => {
    const son = "son";
    const memberId = await h.memberId("Mai Văn Sơn");
    const secretaryId = await h.memberId("Lý Thị Hoa");
    const reg = await h.t.db.registration.update({ where: { memberId_year: { memberId, year: YEAR } }, data: { status: "RETURNED" } });
    await h.t.db.review.create({
      data: { authorId: secretaryId, registrationId: reg.id, text: "Đồng chí ghi rõ cách kiểm tra.", createdAt: new Date("2026-03-12T03:00:00Z") },
    });
    const menu = await h.say(son, "/dangky");
    const text = menu.join("\n");
    expect(text).toContain("chi ủy trả lại để sửa");
    expect(text).toContain("Nhận xét của chi ủy (12/03/2026, Lý Thị Hoa): Đồng chí ghi rõ cách kiểm tra.");
    expect(text).not.toContain("Xóa bản nháp");

    const edit = await run(son, ["sua hoac xoa", "1", "cach do", "tổ trưởng kiểm tra sổ thu hoạch mỗi quý"]);
    expect(lastOf(edit)).toContain("Đã lưu thay đổi của việc 1.");
    expect((await registrationOf("Mai Văn Sơn"))?.status).toBe("RETURNED");
    const phuc = await h.link("Trương Văn Phúc", "phuc", "TELEGRAM");
    const sent = await h.say(son, "gui chi uy");
    expect(sent[0]).toContain("Đã gửi bản đăng ký");
    // The deputy is linked, so the chi ủy is told; the member is not asked to tell them.
    expect(sent[0]).not.toContain("Bí thư chưa nhận tin");
    const notice = await h.t.db.delivery.findFirstOrThrow({
      where: { purpose: "registration-submitted", memberId: await h.memberId("Trương Văn Phúc") },
      orderBy: { createdAt: "desc" },
    });
    expect(notice.status).toBe("PENDING");
    expect(notice.notBefore).toBeNull();
    expect(JSON.stringify(notice.payload)).toContain("Đồng chí Mai Văn Sơn vừa gửi lại bản đăng ký năm 2026 đã sửa. Gõ /duyet để xem và duyệt.");
    expect(phuc).toBe("phuc");
    const after = await registrationOf("Mai Văn Sơn");
    expect(after?.status).toBe("SUBMITTED");
    expect(after?.items[0]?.measure).toBe("tổ trưởng kiểm tra sổ thu hoạch mỗi quý");
  });

  it("refuses any change once the chi ủy has approved", async () => {
    const memberId = await h.memberId("Mai Văn Sơn");
    await h.t.db.registration.update({ where: { memberId_year: { memberId, year: YEAR } }, data: { status: "APPROVED", decidedAt: MARCH } });
    const replies = await h.say("son", "/dangky");
    // The registration and why it cannot change, in one message.
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain(`Bản đăng ký năm ${YEAR}: chi ủy đã duyệt.`);
    expect(replies[0]).toContain("Bản đã duyệt thì không sửa được nữa.");
    expect(await h.t.db.conversationState.count({ where: { userId: "son" } })).toBe(0);
    const fourth = await addItem(h.t.db, {
      memberId,
      year: YEAR,
      item: { category: "EXAMPLE", categories: ["EXAMPLE"], text: "x", measure: null, timeframe: null, shortcoming: null, vague: null, kept: false },
    });
    expect(fourth).toEqual({ ok: false, reason: "NOT_EDITABLE" });
  });

  it("resumes in the middle of an item after a restart (a new engine on the same database)", async () => {
    const hoa = await h.link("Lý Thị Hoa", "hoa");
    const before = await run(hoa, ["/dangky", "Đọc tác phẩm Di chúc của Bác và ghi thu hoạch"]);
    expect(lastOf(before)).toContain("kết quả đo bằng gì");
    const h2 = await createHarness({ reuse: h.t, now: h.clock.now });
    try {
      const resumed = (await h2.say(hoa, "bài thu hoạch")).join("\n");
      expect(resumed).toContain("thời hạn hoặc tần suất?");
      expect((await h2.say(hoa, "mỗi quý")).join("\n")).toContain("Việc 1: Đã nhận, cảm ơn đồng chí.");
    } finally {
      await h2.close();
    }
    await h.say(hoa, "/huy");
  });
});

describe("/dangky from November", () => {
  it("offers next year's registration, and this year's while there is one to finish", async () => {
    h.clock.now = new Date("2026-11-20T03:00:00Z");
    try {
      // Approved this year: straight to next year's.
      const son = (await h.say("son", "/dangky")).join("\n");
      expect(son).toContain("đăng ký học tập và làm theo Bác năm 2027");
      await h.say("son", "/huy");
      // Nothing for this year: next year's at once, this year's named (and still opened by its year).
      const yen = await h.link("Cao Thị Yến", "yen");
      const opened = (await h.say(yen, "/dangky")).join("\n");
      expect(opened).toContain("đăng ký học tập và làm theo Bác năm 2027 (cần đăng ký năm 2026 thì đồng chí gõ /dangky 2026).");
      expect(opened).not.toContain("năm nào?");
      await h.say(yen, "/huy");
      expect((await h.say(yen, "/dangky 2026")).join("\n")).toContain("đăng ký học tập và làm theo Bác năm 2026.");
      await h.say(yen, "/huy");
      // A draft to finish this year: both, next year's first.
      await thisYearDraft("Cao Thị Yến");
      expect((await h.say(yen, "/dangky")).join("\n")).toContain("1. Năm 2027 (chưa đăng ký việc nào)\n2. Năm 2026 (bản nháp, chưa gửi)");
      await h.say(yen, "/huy");
    } finally {
      h.clock.now = MARCH;
    }
  });
});

describe("/dangky in December: a year named in words opens that year, as /dangky <year> does", () => {
  const DECEMBER = new Date("2026-12-03T03:00:00Z");
  const opens = (text: string, year: number) => expect(text).toContain(`đăng ký học tập và làm theo Bác năm ${year}`);

  it("'dang ky nam 2026', 'năm nay' open 2026, 'năm sau' 2027, plain 'dang ky' still 2027 (a member with nothing registered)", async () => {
    await newcomer("Trương Thị Nhung", "truong thi nhung", async (nhung) => {
      h.clock.now = DECEMBER;
      for (const line of ["dang ky nam 2026", "Đăng ký năm 2026", "toi muon dang ky cho nam 2026", "dang ky nam nay", "đăng ký năm nay ạ", "dang ky 2026"]) {
        const text = (await h.say(nhung, line)).join("\n");
        opens(text, 2026);
        expect(text).not.toContain("2027");
        await h.say(nhung, "/huy");
      }
      for (const line of ["dang ky nam sau", "đăng ký năm tới", "toi muon dang ky nam sau"]) {
        opens((await h.say(nhung, line)).join("\n"), 2027);
        await h.say(nhung, "/huy");
      }
      expect((await h.say(nhung, "dang ky")).join("\n")).toContain(
        "đăng ký học tập và làm theo Bác năm 2027 (cần đăng ký năm 2026 thì đồng chí gõ /dangky 2026).",
      );
      await h.say(nhung, "/huy");
      // A year /dangky does not take: what "/dangky 2025" says, word for word.
      const named = await h.say(nhung, "/dangky 2025");
      await h.say(nhung, "/huy");
      expect(await h.say(nhung, "dang ky nam 2025")).toEqual(named);
      await h.say(nhung, "/huy");
    });
  });

  it("a chi ủy member who can register for others: 'dang ky nam nay' is this year, never a member's name; '/dangky <họ tên>' still is", async () => {
    const unitId = (await h.t.db.member.findFirstOrThrow({ where: { fullName: "Cao Thị Yến" } })).unitId;
    const deputy = await h.t.db.member.create({ data: { unitId, fullName: "Kiều Thị Nhung", searchName: "kieu thi nhung", role: "DEPUTY_SECRETARY" } });
    try {
      const nhung = await h.link("Kiều Thị Nhung", "kieu-thi-nhung");
      h.clock.now = DECEMBER;
      for (const line of ["dang ky nam nay", "đăng ký năm 2026", "/dangky năm nay"]) {
        const text = (await h.say(nhung, line)).join("\n");
        expect(text).not.toContain("Không tìm thấy");
        opens(text, 2026);
        await h.say(nhung, "/huy");
      }
      const sau = (await h.say(nhung, "dang ky nam sau")).join("\n");
      expect(sau).not.toContain("Không tìm thấy");
      opens(sau, 2027);
      await h.say(nhung, "/huy");
      expect((await h.say(nhung, "/dangky Cao Thị Yến")).join("\n")).toContain("thay cho Cao Thị Yến");
      await h.say(nhung, "/huy");
    } finally {
      h.clock.now = MARCH;
      await h.t.db.member.update({ where: { id: deputy.id }, data: { status: "LEFT" } });
    }
  });
});

describe("/dangky from November: items pasted before the year (a draft of this year's to finish)", () => {
  it("keeps the items and asks only the year: as few member messages as when the year comes first", async () => {
    h.clock.now = new Date("2026-11-20T03:00:00Z");
    const unitId = (await h.t.db.member.findFirstOrThrow({ where: { fullName: "Cao Thị Yến" } })).unitId;
    const newcomer = await h.t.db.member.create({ data: { unitId, fullName: "Lâm Thị Xuân", searchName: "lam thi xuan", role: "MEMBER" } });
    try {
      await thisYearDraft("Lâm Thị Xuân");
      const xuan = await h.link("Lâm Thị Xuân", "xuan");
      const member: string[] = [];
      const send = async (line: string) => {
        member.push(line);
        return (await h.say(xuan, line)).join("\n---\n");
      };
      expect(await send("dang ky")).toContain("đăng ký cho năm nào?");
      const asked = await send(THREE_ITEMS.replaceAll("2026", "2027"));
      expect(asked).not.toContain("chọn một mục");
      expect(asked).toContain("Bot đã nhận các việc đồng chí gửi. Đồng chí đăng ký các việc này cho năm nào?");
      expect(asked).toContain("1. Năm 2027 (chưa đăng ký việc nào)\n2. Năm 2026 (bản nháp, chưa gửi)");
      const review = await send("1");
      expect(review).toContain("Bản đăng ký năm 2027");
      expect(review).toContain("3. Nêu gương: Không nhận quà");
      expect(review).toContain("1. Đúng, gửi chi ủy");
      expect(await send("1")).toContain("Đã gửi bản đăng ký tới chi ủy");
      expect(member).toHaveLength(4);
      expect((await registrationOf("Lâm Thị Xuân", 2027))?.items).toHaveLength(3);
      expect((await registrationOf("Lâm Thị Xuân", 2026))?.items).toHaveLength(1);
    } finally {
      h.clock.now = MARCH;
      await h.t.db.member.update({ where: { id: newcomer.id }, data: { status: "LEFT" } });
    }
  });

  it("keeps items sent as several messages while the year is asked, all of them", async () => {
    h.clock.now = new Date("2026-11-20T03:00:00Z");
    const unitId = (await h.t.db.member.findFirstOrThrow({ where: { fullName: "Cao Thị Yến" } })).unitId;
    const newcomer = await h.t.db.member.create({ data: { unitId, fullName: "Lưu Văn Thành", searchName: "luu van thanh", role: "MEMBER" } });
    try {
      await thisYearDraft("Lưu Văn Thành");
      const thanh = await h.link("Lưu Văn Thành", "thanh");
      await h.say(thanh, "dang ky");
      const [first, second, third] = THREE_ITEMS.replaceAll("2026", "2027").split("\n");
      for (const line of [first!, second!, third!]) expect((await h.say(thanh, line)).join("\n")).toContain("cho năm nào?");
      const review = (await h.say(thanh, "1")).join("\n");
      expect(review).toContain("Bản đăng ký năm 2027");
      expect((await registrationOf("Lưu Văn Thành", 2027))?.items).toHaveLength(3);
      await h.say(thanh, "/huy");
    } finally {
      h.clock.now = MARCH;
      await h.t.db.member.update({ where: { id: newcomer.id }, data: { status: "LEFT" } });
    }
  });

  it("still asks again for an answer that is neither a year nor items; a year named in a short sentence is the year", async () => {
    h.clock.now = new Date("2026-11-20T03:00:00Z");
    try {
      const yen = await h.link("Cao Thị Yến", "yen-again");
      await h.say(yen, "/dangky");
      expect((await h.say(yen, "ừ"))[0]).toContain("chọn một mục");
      // Four words, yet no item: the year picked in words, nothing stored as an item.
      const opened = (await h.say(yen, "Tôi đăng ký năm 2027")).join("\n");
      expect(opened).not.toContain("Bot đã nhận các việc");
      expect(opened).toContain("2027");
      await h.say(yen, "/huy");
      await h.say(yen, "/dangky");
      expect((await h.say(yen, "năm sau")).join("\n")).toContain("2027");
      await h.say(yen, "/huy");
      expect(await registrationOf("Cao Thị Yến", 2027)).toBeNull();
    } finally {
      h.clock.now = MARCH;
    }
  });
});

describe("/camket: the notebook", () => {
  it("shows the registration with flags, the last six periods of progress newest first, and the chi ủy's comments", async () => {
    const memberId = await h.memberId("Võ Thị Thu Hà");
    const secretaryId = await h.memberId("Nguyễn Văn Hùng");
    await h.t.db.registration.update({
      where: { memberId_year: { memberId, year: YEAR } },
      data: { status: "APPROVED", decidedAt: new Date("2026-11-19T03:00:00Z") },
    });
    const reg = await registrationOf("Võ Thị Thu Hà");
    const itemId = reg?.items[0]?.id ?? "";
    const progress = ["NOT_STARTED", "ON_TRACK", "ON_TRACK", "BEHIND", "ON_TRACK", "ON_TRACK", "DONE", "ON_TRACK"] as const;
    for (const [i, p] of progress.entries()) {
      const month = i + 3; // March … October
      const a = await h.t.db.assessment.create({
        data: {
          memberId,
          kind: "MONTHLY",
          period: `2026-${String(month).padStart(2, "0")}`,
          year: YEAR,
          submittedAt: new Date(Date.UTC(2026, month - 1, 4)),
          items: { create: [{ itemId, progress: p }] },
        },
      });
      if (month === 10) {
        await h.t.db.review.create({
          data: { authorId: secretaryId, assessmentId: a.id, text: "Đồng chí cần nêu việc cụ thể hơn.", createdAt: new Date("2026-10-06T03:00:00Z") },
        });
      }
    }
    await h.t.db.review.create({
      data: { authorId: secretaryId, registrationId: reg?.id ?? "", text: "Duyệt, nhưng cần cụ thể hóa việc 1.", createdAt: new Date("2026-11-19T04:00:00Z") },
    });

    const [text = ""] = await h.say("ha", "/camket");
    expect(text).toContain("Sổ tự tu dưỡng năm 2026 — đồng chí Hà");
    expect(text).toContain("Bản đăng ký năm 2026: chi ủy đã duyệt ngày 19/11/2026.");
    expect(text).toContain("1. Nêu gương + Học tập + Làm theo: Giữ gìn phẩm chất đạo đức");
    expect(text).toContain("⚠ Chung chung");
    expect(text).toContain("• Tháng 10/2026: việc 1 đúng tiến độ");
    expect(text).toContain("• Tháng 9/2026: việc 1 xong");
    expect(text).toContain("• Tháng 5/2026: việc 1 đúng tiến độ");
    expect(text).not.toContain("Tháng 4/2026");
    expect(text.indexOf("Tháng 10/2026")).toBeLessThan(text.indexOf("Tháng 9/2026"));
    expect(text).toContain("• 19/11/2026, Nguyễn Văn Hùng về bản đăng ký: Duyệt, nhưng cần cụ thể hóa việc 1.");
    expect(text).toContain("• 06/10/2026, Nguyễn Văn Hùng về tháng 10/2026: Đồng chí cần nêu việc cụ thể hơn.");
  });

  it("from November shows this year's items and next year's registration, each with its status; a year asked for alone", async () => {
    const memberId = await h.memberId("Võ Thị Thu Hà");
    await h.t.db.registration.create({
      data: {
        memberId,
        year: YEAR + 1,
        status: "APPROVED",
        submittedAt: new Date("2026-11-25T03:00:00Z"),
        decidedAt: new Date("2026-11-28T03:00:00Z"),
        items: {
          create: [
            { position: 1, category: "STUDY", categories: ["STUDY", "EXAMPLE"], text: "Mỗi quý đọc 1 tác phẩm của Bác, ghi thu hoạch vào sổ tay" },
            { position: 2, category: "FOLLOW", categories: ["FOLLOW"], text: "Trả 100% hồ sơ đúng hạn trong năm 2027" },
          ],
        },
      },
    });
    h.clock.now = new Date("2026-12-02T03:00:00Z");
    try {
      const [text = ""] = await h.say("ha", "/camket");
      expect(text).toContain("Bản đăng ký năm 2026: chi ủy đã duyệt ngày 19/11/2026.");
      expect(text).toContain("1. Nêu gương + Học tập + Làm theo: Giữ gìn phẩm chất đạo đức");
      expect(text).toContain("Bản đăng ký năm 2027: chi ủy đã duyệt ngày 28/11/2026.");
      expect(text).toContain("1. Học tập + Nêu gương: Mỗi quý đọc 1 tác phẩm của Bác");
      expect(text).toContain("2. Làm theo: Trả 100% hồ sơ đúng hạn trong năm 2027");
      expect(text.indexOf("năm 2026:")).toBeLessThan(text.indexOf("năm 2027:"));
      const [only = ""] = await h.say("ha", "/camket 2027");
      expect(only).toContain("Sổ tự tu dưỡng năm 2027");
      expect(only).not.toContain("Giữ gìn phẩm chất");
    } finally {
      h.clock.now = MARCH;
      await h.t.db.registration.delete({ where: { memberId_year: { memberId, year: YEAR + 1 } } });
    }
  });

  it("tells the deputy, not the secretary themself, when the secretary submits; at night the notice waits for morning", async () => {
    const night = new Date("2026-03-20T15:30:00Z"); // 22:30 in Hà Nội
    const saved = h.clock.now;
    h.clock.now = night;
    try {
      const hung = await h.link("Nguyễn Văn Hùng", "hung-own");
      const answers = await run(hung, ["/dangky", THREE_ITEMS, "1"]);
      expect(lastOf(answers)).toContain("Đã gửi bản đăng ký tới chi ủy");
      expect(lastOf(answers)).not.toContain("Bí thư chưa nhận tin");
      const regId = (await registrationOf("Nguyễn Văn Hùng"))!.id;
      const notices = await h.t.db.delivery.findMany({
        where: { purpose: "registration-submitted", dedupeKey: { contains: regId } },
        include: { member: true },
      });
      expect(notices.map((d) => d.member?.fullName)).toEqual(["Trần Thị Mai"]);
      expect(notices[0]?.notBefore?.getTime()).toBeGreaterThan(night.getTime());
    } finally {
      h.clock.now = saved;
    }
  });

  it("tells a member without a registration how to start, and never shows another member's data", async () => {
    const [text] = await h.say("tuan", "/camket");
    expect(text).toContain("chưa có bản đăng ký năm 2026");
    expect(text).toContain("/dangky");
    expect(text).not.toContain("Giữ gìn phẩm chất");
  });
});

describe("/camket: the comment the chi ủy gave when approving", () => {
  it("shows it under this year's and next year's registration, once, as the approval notice promised", async () => {
    const memberId = await h.memberId("Võ Thị Thu Hà");
    h.clock.now = new Date("2026-12-03T03:00:00Z");
    await h.t.db.registration.update({ where: { memberId_year: { memberId, year: YEAR } }, data: { status: "SUBMITTED", decidedAt: null } });
    await h.t.db.registration.create({
      data: {
        memberId,
        year: YEAR + 1,
        status: "SUBMITTED",
        pledgeAccepted: true,
        submittedAt: new Date("2026-12-01T03:00:00Z"),
        items: {
          create: [
            { position: 1, category: "STUDY", categories: ["STUDY"], text: "Mỗi quý đọc 1 tác phẩm của Bác, ghi thu hoạch vào sổ tay" },
            { position: 2, category: "FOLLOW", categories: ["FOLLOW"], text: "Tham gia sinh hoạt chuyên đề của chi bộ" },
          ],
        },
      },
    });
    const comments: Record<string, string> = { "2026": "Giữ tiến độ như năm nay.", "2027": "Viec 2 nen ghi ro so buoi moi thang" };
    try {
      const hung = await h.link("Nguyễn Văn Hùng", "hung-approves");
      // Walk the cell's queue: Hà's two registrations are approved with a comment, others skipped.
      let screen = (await h.say(hung, "/duyet")).join("\n");
      for (let guard = 0; guard < 10 && screen.includes("Bản đăng ký năm"); guard++) {
        const year = /Bản đăng ký năm (\d{4})/.exec(screen)?.[1] ?? "";
        if (!screen.includes("Võ Thị Thu Hà")) {
          screen = (await h.say(hung, "4")).join("\n");
          continue;
        }
        await h.say(hung, "2");
        const done = await h.say(hung, comments[year]!);
        expect(done[0]).toContain("Đã duyệt bản đăng ký của đồng chí Hà kèm nhận xét.");
        screen = done.join("\n");
      }
      for (const year of [YEAR, YEAR + 1]) {
        expect((await registrationOf("Võ Thị Thu Hà", year))?.status).toBe("APPROVED");
      }

      const [text = ""] = await h.say("ha", "/camket");
      expect(text).toContain("Bản đăng ký năm 2026: chi ủy đã duyệt ngày 03/12/2026.\nNhận xét của chi ủy khi duyệt: “Giữ tiến độ như năm nay.”\n1. ");
      expect(text).toContain(
        "Bản đăng ký năm 2027: chi ủy đã duyệt ngày 03/12/2026.\nNhận xét của chi ủy khi duyệt: “Viec 2 nen ghi ro so buoi moi thang”\n1. ",
      );
      // Said once: not again among the comments, which still hold the others.
      expect(count(text, "Giữ tiến độ như năm nay.")).toBe(1);
      expect(text).toContain("• 19/11/2026, Nguyễn Văn Hùng về bản đăng ký: Duyệt, nhưng cần cụ thể hóa việc 1.");
      expect(text).not.toContain("Chưa có nhận xét của chi ủy.");
    } finally {
      h.clock.now = MARCH;
      await h.t.db.registration.delete({ where: { memberId_year: { memberId, year: YEAR + 1 } } });
    }
  });
});

describe("/camket: a comment shown is never followed by 'no comment'", () => {
  it("next year's approval comment shown, this year's approved without one: no 'Chưa có nhận xét của chi ủy.'", async () => {
    h.clock.now = new Date("2026-12-03T03:00:00Z");
    await newcomer("Lê Văn Khen", "le van khen", async (khen) => {
      const memberId = await h.memberId("Lê Văn Khen");
      const hung = await h.memberId("Nguyễn Văn Hùng");
      const decidedAt = new Date("2026-12-02T03:00:00Z");
      const items = {
        create: [{ position: 1, category: "STUDY" as const, categories: ["STUDY" as const], text: "Mỗi quý đọc 1 tác phẩm của Bác, ghi thu hoạch" }],
      };
      const approved = { memberId, status: "APPROVED" as const, pledgeAccepted: true, decidedAt, decidedById: hung, items };
      await h.t.db.registration.create({ data: { ...approved, year: YEAR } });
      const next = await h.t.db.registration.create({ data: { ...approved, year: YEAR + 1 } });
      // Written with the decision, as /duyet does: same author, same moment.
      await h.t.db.review.create({ data: { registrationId: next.id, authorId: hung, text: "Tốt, giữ tiến độ.", createdAt: decidedAt } });
      const [text = ""] = await h.say(khen, "/camket");
      expect(text).toContain("Bản đăng ký năm 2027: chi ủy đã duyệt ngày 02/12/2026.\nNhận xét của chi ủy khi duyệt: “Tốt, giữ tiến độ.”");
      expect(text).not.toContain("Chưa có nhận xét của chi ủy.");
    });
  });
});

describe("/dangky: the final menu answered in words", () => {
  const MENU = ["1. Đúng, gửi chi ủy", "2. Sửa hoặc xóa một việc", "3. Xóa bản nháp", "4. Để sau", "Đồng chí trả lời bằng số (1–4)."].join("\n");

  it("takes 'gửi', 'ok' or 'đúng rồi' for 'Đúng, gửi chi ủy', and shows the menu again with an answer it cannot place", async () => {
    for (const [name, search, answer] of [
      ["Lý Văn Gửi", "ly van gui", "gui"],
      ["Lý Văn Ốc", "ly van oc", "ok"],
      ["Lý Văn Đúng", "ly van dung", "đúng rồi"],
    ] as const) {
      await newcomer(name, search, async (user) => {
        await h.say(user, "/dangky");
        expect((await h.say(user, THREE_ITEMS)).join("\n")).toContain(MENU);
        // Neither a number nor an option's words: the refusal comes with the options under it.
        expect(await h.say(user, "thế là xong à")).toEqual([
          `Bot chưa rõ đồng chí chọn mục nào. Đồng chí chọn một mục trong danh sách, hoặc gõ /huy để dừng.\n${MENU}`,
        ]);
        const [sent] = await h.say(user, answer);
        expect(sent, answer).toContain("Đã gửi bản đăng ký tới chi ủy ngày 10/03/2026");
        const reg = await registrationOf(name);
        expect(reg?.status, answer).toBe("SUBMITTED");
        expect(reg?.pledgeAccepted, answer).toBe(true);
      });
    }
  });
});

describe("/dangky: the menu keeps its numbers", () => {
  it("an option's number stays when 'Thêm một việc' comes and goes (it is the last one)", async () => {
    await newcomer("Tô Văn Số", "to van so", async (so) => {
      await h.t.db.registration.create({
        data: {
          memberId: await h.memberId("Tô Văn Số"),
          year: YEAR,
          items: {
            create: [
              { position: 1, category: "STUDY", categories: ["STUDY", "EXAMPLE"], text: "Mỗi quý đọc 1 tác phẩm của Bác, ghi 1 trang thu hoạch" },
              { position: 2, category: "FOLLOW", categories: ["FOLLOW"], text: "Trả lời 100% đơn thư của công dân trong 10 ngày làm việc" },
            ],
          },
        },
      });
      const LASTING = "2. Sửa hoặc xóa một việc\n3. Xóa bản nháp\n4. Để sau";
      expect((await h.say(so, "/dangky")).join("\n")).toContain(`1. Gửi chi ủy\n${LASTING}\n5. Thêm một việc\nĐồng chí trả lời bằng số (1–5).`);
      expect((await h.say(so, "5")).join("\n")).toContain("Việc 3: đồng chí sẽ làm gì?");
      const full = (await h.say(so, "Không đi họp muộn")).join("\n");
      expect(full).toContain(`1. Đúng, gửi chi ủy\n${LASTING}\nĐồng chí trả lời bằng số (1–4).`);
      // "2" is still "Sửa hoặc xóa một việc", as it was before the third item.
      expect((await h.say(so, "2")).join("\n")).toContain("Đồng chí chọn việc cần sửa hoặc xóa:");
    });
  });
});

describe("/dangky and /camket in December for a member with nothing for this year", () => {
  const DECEMBER = new Date("2026-12-03T03:00:00Z");
  const OCTOBER = new Date("2026-10-20T03:00:00Z");
  /** The intro after its first line (and the theme, which only 2026 has here), the same in both months. */
  const INTRO_REST =
    "Đồng chí đăng ký từ 1 đến 3 việc; các việc cộng lại cần đủ 3 nội dung: học tập, làm theo, nêu gương.\n" +
    "Đồng chí gõ luôn các việc trong một tin nhắn, mỗi việc một dòng: làm gì, bao nhiêu, khi nào. Muốn bot hỏi từng việc, đồng chí gõ: từng bước.\n" +
    "Ví dụ: “Mỗi quý tổ chức 1 buổi đọc sách về Bác cho thiếu nhi tại nhà văn hóa khu phố.”";

  it("in December opens next year's at once and names this year's, then asks between both; /camket names this year's first, with its year", async () => {
    await newcomer("Phan Thị Đông", "phan thi dong", async (dong) => {
      h.clock.now = DECEMBER;
      const member: string[] = [];
      const send = async (line: string) => {
        member.push(line);
        return h.say(dong, line);
      };
      // Nothing for either year: the year-end meeting reviews 2026, so "/dangky 2026" comes first
      // (plain /dangky now opens 2027); "còn phải làm gì" opens the same notebook.
      const nothing =
        "Sổ tự tu dưỡng năm 2026 — đồng chí Đông\nĐồng chí chưa có bản đăng ký năm 2026 và năm 2027. Gõ /dangky 2026 để đăng ký năm 2026 trước, rồi /dangky 2027 cho năm 2027.";
      expect(await h.say(dong, "/camket")).toEqual([nothing]);
      expect(await h.say(dong, "con phai lam gi")).toEqual([nothing]);
      const intro = await send("dang ky");
      expect(intro).toEqual([
        ["Đồng chí Đông, mình cùng đăng ký học tập và làm theo Bác năm 2027 (cần đăng ký năm 2026 thì đồng chí gõ /dangky 2026).", INTRO_REST].join("\n"),
      ]);
      expect((await send(THREE_ITEMS.replaceAll("2026", "2027"))).join("\n")).toContain("Bản đăng ký năm 2027");
      expect((await send("1"))[0]).toContain("Đã gửi bản đăng ký tới chi ủy ngày 03/12/2026");
      expect(member).toHaveLength(3);
      expect((await registrationOf("Phan Thị Đông", 2027))?.status).toBe("SUBMITTED");
      expect(await registrationOf("Phan Thị Đông", 2026)).toBeNull();

      // Next year's shown under this year's line, which still says how to make 2026's.
      expect(await h.say(dong, "/camket")).toEqual([
        [
          "Sổ tự tu dưỡng năm 2026 — đồng chí Đông",
          "Đồng chí chưa có bản đăng ký năm 2026. Gõ /dangky 2026 để đăng ký.",
          "",
          "Bản đăng ký năm 2027: đã gửi ngày 03/12/2026, chờ chi ủy duyệt.",
          "1. Học tập: Mỗi tháng đọc một tác phẩm của Bác về công tác dân vận, ghi 5 dòng thu hoạch vào sổ tay",
          "2. Làm theo: Giải quyết đúng hạn 100% hồ sơ đất đai được phân công trong năm 2027",
          "3. Nêu gương: Không nhận quà, phong bì của người đến làm thủ tục đất đai",
        ].join("\n"),
      ]);

      // Back at /dangky: both years with where each stands, either opened by one answer.
      expect(await h.say(dong, "/dangky")).toEqual([
        "Đồng chí đăng ký cho năm nào?\n1. Năm 2027 (đã gửi, chờ duyệt)\n2. Năm 2026 (chưa đăng ký việc nào)\nĐồng chí trả lời bằng số (1–2).",
      ]);
      expect((await h.say(dong, "2026"))[0]?.split("\n")[0]).toBe("Đồng chí Đông, mình cùng đăng ký học tập và làm theo Bác năm 2026.");
      await h.say(dong, "/huy");
      expect((await h.say(dong, "/dangky 2026"))[0]?.split("\n")[0]).toBe("Đồng chí Đông, mình cùng đăng ký học tập và làm theo Bác năm 2026.");
      await h.say(dong, "/huy");

      // The secretary entering it for her cannot name a year: both are asked, as before.
      const hoa = await h.link("Lý Thị Hoa", "hoa-december");
      expect((await h.say(hoa, "/dangky Phan Thị Đông"))[1]).toBe(
        "Đồng chí đăng ký cho năm nào?\n1. Năm 2027 (đã gửi, chờ duyệt)\n2. Năm 2026 (chưa đăng ký việc nào)\nĐồng chí trả lời bằng số (1–2).",
      );
      await h.say(hoa, "/huy");

      // A draft of this year's to finish: the year is asked, as before.
      await thisYearDraft("Phan Thị Đông");
      expect(await h.say(dong, "/dangky")).toEqual([
        "Đồng chí đăng ký cho năm nào?\n1. Năm 2027 (đã gửi, chờ duyệt)\n2. Năm 2026 (bản nháp, chưa gửi)\nĐồng chí trả lời bằng số (1–2).",
      ]);
      await h.say(dong, "/huy");
      const [withDraft = ""] = await h.say(dong, "/camket");
      expect(withDraft).toContain(
        "Sổ tự tu dưỡng năm 2026 — đồng chí Đông\nBản đăng ký năm 2026: bản nháp, chưa gửi chi ủy.\n1. Học tập: Đọc 1 cuốn sách về Bác mỗi quý\n\nBản đăng ký năm 2027:",
      );
    });
  });

  it("in December, with this year's sent and next year's approved, /dangky shows both years' state and opens either in one answer", async () => {
    await newcomer("Phan Thị Xuân Mai", "phan thi xuan mai", async (mai) => {
      h.clock.now = DECEMBER;
      const memberId = await h.memberId("Phan Thị Xuân Mai");
      const items = (year: number) => ({
        create: [
          {
            position: 1,
            category: "STUDY" as const,
            categories: ["STUDY" as const, "FOLLOW" as const, "EXAMPLE" as const],
            text: `Mỗi quý đọc 1 cuốn sách về Bác năm ${year}`,
          },
        ],
      });
      await h.t.db.registration.create({
        data: { memberId, year: 2026, status: "SUBMITTED", pledgeAccepted: true, submittedAt: DECEMBER, items: items(2026) },
      });
      await h.t.db.registration.create({
        data: { memberId, year: 2027, status: "APPROVED", pledgeAccepted: true, submittedAt: DECEMBER, decidedAt: DECEMBER, items: items(2027) },
      });
      // One message: both years with where each stands, next year's first.
      expect(await h.say(mai, "/dangky")).toEqual([
        "Đồng chí đăng ký cho năm nào?\n1. Năm 2027 (đã duyệt)\n2. Năm 2026 (đã gửi, chờ duyệt)\nĐồng chí trả lời bằng số (1–2).",
      ]);
      // The year typed opens it: this year's review, still open to change before the chi ủy decides.
      const thisYear = (await h.say(mai, "2026")).join("\n---\n");
      expect(thisYear.split("\n")[0]).toBe("Bản đăng ký năm 2026: đã gửi ngày 03/12/2026, chờ chi ủy duyệt.");
      expect(thisYear).toContain("Mỗi quý đọc 1 cuốn sách về Bác năm 2026");
      await h.say(mai, "/huy");
      // Or its number: next year's, approved, shown and locked.
      await h.say(mai, "/dangky");
      const nextYear = await h.say(mai, "1");
      expect(nextYear[0]?.split("\n")[0]).toBe("Bản đăng ký năm 2027: chi ủy đã duyệt.");
      expect(nextYear.join("\n")).toContain("Mỗi quý đọc 1 cuốn sách về Bác năm 2027");
      expect(nextYear.join("\n")).not.toContain("năm 2026");
    });
  });

  it("in October asks nothing and sends a member with nothing to /dangky, as before", async () => {
    await newcomer("Phan Văn Thu", "phan van thu", async (thu) => {
      h.clock.now = OCTOBER;
      expect(await h.say(thu, "/camket")).toEqual(["Sổ tự tu dưỡng năm 2026 — đồng chí Thu\nĐồng chí chưa có bản đăng ký năm 2026. Gõ /dangky để đăng ký."]);
      expect(await h.say(thu, "dang ky")).toEqual([
        [
          "Đồng chí Thu, mình cùng đăng ký học tập và làm theo Bác năm 2026.",
          "Chuyên đề năm: “Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc”.",
          INTRO_REST,
        ].join("\n"),
      ]);
      await h.say(thu, "/huy");
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Found by an older member's trial: /huy keeps what is settled, the same paragraph pasted again is
// neither duplicated nor cut unsaid, praise only for what passes the check, an edited item's
// contents follow its new wording, and plain answers ("ok", "xong", "sửa việc 3") are taken where
// they can mean one thing.

const said = (answer: string[]) => answer.join("\n---\n");
const STUDY = "Mỗi tháng đọc 1 cuốn sách về Bác, viết 1 trang thu hoạch vào sổ tay";
const FOLLOW = "Giải quyết đúng hạn 100% hồ sơ được giao trong năm 2026";
const EXAMPLE = "Không nhận quà, phong bì của người đến làm thủ tục";
/** Three concrete items: saved at once, and the menu asks "Bot hiểu đúng chưa?". */
const THREE = [STUDY, FOLLOW, EXAMPLE].join("\n");

/** Items saved with "Để sau", and /dangky again: the review menu of the draft. */
async function reopenedDraft(user: string, items: string): Promise<string[]> {
  await h.say(user, "/dangky");
  await h.say(user, items);
  await h.say(user, "để sau");
  return h.say(user, "/dangky");
}

/** From the review menu: item `n`, then its part `field` ("text", "cat", "time"…). */
async function openItem(user: string, n: number, field: string): Promise<string[]> {
  await h.say(user, "sửa hoặc xóa một việc");
  await h.say(user, String(n));
  return h.choose(user, field);
}

describe("/dangky: /huy keeps what is settled", () => {
  it("an item whose wording was changed is saved with its change while the coach still asks, and the member is told in one line", async () => {
    await newcomer("Lò Văn Sửa", "lo van sua", async (sua) => {
      await h.say(sua, "/dangky");
      expect(said(await h.say(sua, THREE))).toContain("Bot hiểu đúng chưa?");
      expect(said(await openItem(sua, 2, "text"))).toContain("Đồng chí gõ lại việc này");
      expect(said(await h.say(sua, "Nâng cao chất lượng công tác chuyên môn"))).toContain("Giữ nguyên");
      expect(await h.say(sua, "/huy")).toEqual([
        "Đã dừng. Bot đã lưu thay đổi của việc 2 vào bản nháp, chưa gửi chi ủy. Khi cần, đồng chí gõ /dangky để làm tiếp.",
      ]);
      const reg = await registrationOf("Lò Văn Sửa");
      expect(reg?.items.map((i) => i.text)).toEqual([STUDY, "Nâng cao chất lượng công tác chuyên môn", EXAMPLE]);
      expect(reg?.items[1]?.vagueVerdict).toBe("vague");
      expect(reg?.status).toBe("DRAFT");

      // Opened for a change and left as it was: nothing to save, nothing lost.
      await h.say(sua, "/dangky");
      await openItem(sua, 1, "text");
      expect(said(await h.say(sua, "/huy"))).not.toContain("Bot đã lưu");
      expect((await registrationOf("Lò Văn Sửa"))?.items[0]?.text).toBe(STUDY);
    });
  });

  it("the cell's items the secretary entered are kept up to the one being asked about", async () => {
    const hoa = await h.link("Lý Thị Hoa", "hoa-chibo");
    await h.say(hoa, "/dangky chibo");
    const coached = said(
      await h.say(hoa, "1. Tổ chức 4 buổi nói chuyện chuyên đề về Bác cho bà con khu phố trong năm 2026\n2. Nâng cao chất lượng sinh hoạt chi bộ"),
    );
    expect(coached).toContain("Việc 2: “Nâng cao chất lượng sinh hoạt chi bộ”");
    expect(await h.say(hoa, "/huy")).toEqual([
      "Đã dừng. Bot đã lưu việc 1 của chi bộ. Việc 2 (đang nhập dở) chưa được lưu. Khi cần, đồng chí gõ /dangky chibo để làm tiếp.",
    ]);
    const unitId = (await h.t.db.member.findFirstOrThrow({ where: { fullName: "Lý Thị Hoa" } })).unitId;
    const rows = await h.t.db.collectiveCommitment.findMany({ where: { unitId, year: YEAR }, orderBy: { position: "asc" } });
    expect(rows.map((r) => r.text)).toEqual(["Tổ chức 4 buổi nói chuyện chuyên đề về Bác cho bà con khu phố trong năm 2026"]);

    // Changing it and stopping while the coach asks keeps the change too.
    await h.say(hoa, "/dangky chibo");
    await h.choose(hoa, "edit");
    await h.say(hoa, "1");
    expect(said(await h.say(hoa, "Nâng cao chất lượng sinh hoạt chi bộ"))).toContain("Giữ nguyên");
    expect(await h.say(hoa, "/huy")).toEqual(["Đã dừng. Bot đã lưu việc 1 của chi bộ. Khi cần, đồng chí gõ /dangky chibo để làm tiếp."]);
    const after = await h.t.db.collectiveCommitment.findMany({ where: { unitId, year: YEAR } });
    expect(after.map((r) => r.text)).toEqual(["Nâng cao chất lượng sinh hoạt chi bộ"]);
  });
});

describe("/dangky: the same paragraph pasted again after /huy", () => {
  const PASTE = [STUDY, "Giúp đỡ bà con trong khu phố", "Gương mẫu chấp hành quy định nơi cư trú"].join("\n");

  it("does not enter an item already in the draft again, and takes every new one (from November, with the year asked)", async () => {
    h.clock.now = new Date("2026-11-20T03:00:00Z");
    await newcomer("Hà Văn Dán", "ha van dan", async (dan) => {
      await h.say(dan, "/dangky");
      expect(said(await h.say(dan, PASTE))).toContain("Việc 2: kết quả đo bằng gì");
      expect(said(await h.say(dan, "/huy"))).toContain("Bot đã lưu việc 1 vào bản nháp");
      expect((await registrationOf("Hà Văn Dán", 2027))?.items).toHaveLength(1);

      expect(said(await h.say(dan, "/dangky"))).toContain("năm nào?");
      expect(said(await h.say(dan, PASTE))).toContain("cho năm nào?");
      const again = said(await h.say(dan, "1"));
      expect(again).toContain("Việc 1 đã có trong bản đăng ký, bot không ghi lại.");
      expect(again).toContain("2. Nêu gương: Giúp đỡ bà con trong khu phố");
      expect(again).toContain("3. Nêu gương: Gương mẫu chấp hành");
      expect(again).not.toContain("bot bỏ");
      await h.say(dan, "5 hộ");
      await h.say(dan, "mỗi quý");
      await h.say(dan, "giữ nguyên");
      expect(said(await h.say(dan, "1"))).toContain("Bot hiểu đúng chưa?");
      const reg = await registrationOf("Hà Văn Dán", 2027);
      expect(reg?.items.map((i) => i.text)).toEqual([STUDY, "Giúp đỡ bà con trong khu phố", "Gương mẫu chấp hành quy định nơi cư trú"]);
    });
  });

  it("names a new item that does not fit instead of dropping it unsaid", async () => {
    await newcomer("Hà Thị Đầy", "ha thi day", async (day) => {
      await reopenedDraft(day, FOLLOW);
      expect(said(await h.choose(day, "add"))).toContain("Việc 2: đồng chí sẽ làm gì?");
      const shown = said(await h.say(day, [STUDY, EXAMPLE, "Mỗi quý thăm 2 hộ khó khăn trong tổ dân phố"].join("\n")));
      expect(shown).toContain("nên bot chưa ghi “Mỗi quý thăm 2 hộ khó khăn trong tổ dân phố”");
      expect((await registrationOf("Hà Thị Đầy"))?.items.map((i) => i.text)).toEqual([FOLLOW, STUDY, EXAMPLE]);
    });
  });
});

describe("/dangky: four items pasted", () => {
  it("the line that drops the fourth quotes it, in one line", async () => {
    await newcomer("Bốn Văn Thừa", "bon van thua", async (thua) => {
      await h.say(thua, "/dangky");
      const shown = (await h.say(thua, `${THREE_ITEMS}\n4. Mỗi quý thăm 2 hộ khó khăn trong tổ dân phố`)).join("\n");
      const line = shown.split("\n").find((l) => l.startsWith("Chỉ đăng ký tối đa 3 việc"));
      expect(line).toBe("Chỉ đăng ký tối đa 3 việc: bot bỏ việc sau cùng “Mỗi quý thăm 2 hộ khó khăn trong tổ dân phố”.");
      await h.say(thua, "/huy");
    });
  });
});

describe("/dangky: the review of a returned registration", () => {
  it("'3' is the third line shown when the menu reads 1, 2, 4, and 'đúng rồi gửi đi', 'gửi lại' send it", async () => {
    await newcomer("Trả Văn Lại", "tra van lai", async (lai) => {
      await run(lai, ["/dangky", THREE_ITEMS, "4"]);
      const returned = () => h.t.db.registration.updateMany({ where: { member: { fullName: "Trả Văn Lại" } }, data: { status: "RETURNED" } });
      await returned();
      const menu = (await h.say(lai, "/dangky")).join("\n");
      expect(menu).toContain("1. Gửi chi ủy\n2. Sửa hoặc xóa một việc\n4. Để sau");
      // No option is 3: the member counted the lines, and the third is "Để sau".
      expect(await h.say(lai, "3")).toEqual([
        "Các thay đổi đã lưu vẫn được giữ. Bản đăng ký chi ủy trả lại chưa được gửi lại. Sửa xong, đồng chí gõ /dangky rồi chọn “Gửi chi ủy”.",
      ]);
      for (const answer of ["dung roi gui di", "gui lai", "gửi đi"]) {
        await returned();
        await h.say(lai, "/dangky");
        const [sent] = await h.say(lai, answer);
        expect(sent, answer).toContain("Đã gửi bản đăng ký tới chi ủy");
        expect((await registrationOf("Trả Văn Lại"))?.status, answer).toBe("SUBMITTED");
      }
    });
  });
});

describe("/dangky: praise only for what passes the check", () => {
  it("an item made checkable by its measure and timeframe answers is not called 'cụ thể' while its words are still general", async () => {
    const text = "Giúp đỡ bà con trong khu phố";
    expect(analyzeCommitment(text).verdict).toBe("vague");
    await newcomer("Bùi Văn Khen", "bui van khen", async (khen) => {
      await h.say(khen, "/dangky");
      expect(said(await h.say(khen, text))).toContain("Việc 1: kết quả đo bằng gì");
      expect(said(await h.say(khen, "5 hộ"))).toContain("Việc 1: thời hạn hoặc tần suất?");
      const answered = said(await h.say(khen, "mỗi quý"));
      expect(answered).not.toContain("đã cụ thể");
      expect(answered).toContain("Việc 1: Đã nhận, cảm ơn đồng chí. Khi duyệt, chi ủy sẽ góp ý nếu cần.");
      await h.say(khen, "/huy");
    });
  });
});

describe("/dangky: an edited item's contents", () => {
  it("follow its new wording, unless the member set them", async () => {
    await newcomer("Đỗ Văn Nhãn", "do van nhan", async (nhan) => {
      await reopenedDraft(nhan, THREE);
      await openItem(nhan, 1, "text");
      const changed = said(await h.say(nhan, "Mỗi quý đến thăm 2 hộ khó khăn trong tổ dân phố, báo lại chi bộ"));
      expect(changed).toContain("Đã lưu thay đổi của việc 1.");
      const reg = await registrationOf("Đỗ Văn Nhãn");
      expect(reg?.items[0]?.category).not.toBe("STUDY");
      expect(changed).not.toMatch(/^1\. Học tập/m);

      // Set by the member ("Học tập / làm theo / nêu gương" → Nêu gương): kept through a new wording.
      await openItem(nhan, 2, "cat");
      expect(said(await h.say(nhan, "3"))).toContain("2. Nêu gương: Giải quyết đúng hạn");
      await openItem(nhan, 2, "text");
      expect(said(await h.say(nhan, "Giải quyết đúng hạn 100% hồ sơ đất đai được giao trong năm 2026"))).toContain(
        "2. Nêu gương: Giải quyết đúng hạn 100% hồ sơ đất đai",
      );
      await h.say(nhan, "/huy");
    });
  });
});

describe("/dangky: plain answers whose meaning is clear", () => {
  it("'ok' at the coach keeps the item, 'sửa việc 3' at the menu opens item 3, 'xong' at “Bot hiểu đúng chưa?” sends", async () => {
    await newcomer("Vi Văn Ốk", "vi van ok", async (ok) => {
      await h.say(ok, "/dangky");
      expect(said(await h.say(ok, [STUDY, EXAMPLE, "Nâng cao chất lượng công tác chuyên môn"].join("\n")))).toContain("Giữ nguyên");
      const kept = said(await h.say(ok, "ok"));
      expect(kept).toContain("Việc này được đánh dấu để chi ủy xem");
      expect(kept).toContain("Bot hiểu đúng chưa?");
      expect((await registrationOf("Vi Văn Ốk"))?.items[2]?.vagueKept).toBe(true);

      // A question is not the answer; "xong" is.
      expect(said(await h.say(ok, "xong à?"))).toContain("Bot chưa rõ đồng chí chọn mục nào");
      expect(said(await h.say(ok, "xong"))).toContain("Đã gửi bản đăng ký tới chi ủy");
      expect((await registrationOf("Vi Văn Ốk"))?.status).toBe("SUBMITTED");

      await h.say(ok, "/dangky");
      expect(said(await h.say(ok, "sửa việc 3"))).toContain("Việc 3: đồng chí muốn sửa phần nào?");
      await h.choose(ok, "back");
      expect(said(await h.say(ok, "sua viec 1"))).toContain("Việc 1: đồng chí muốn sửa phần nào?");
      await h.choose(ok, "back");
      // Still unclear: asked again with the options.
      expect(said(await h.say(ok, "xóa việc 3"))).toContain("Bot chưa rõ đồng chí chọn mục nào");
      await h.say(ok, "/huy");
      expect((await registrationOf("Vi Văn Ốk"))?.status).toBe("SUBMITTED");
    });
  });
});

describe("/dangky: a new member's trial on a returned registration", () => {
  /** Items 1 (học tập) and 2 (làm theo) saved with "Để sau"; nêu gương still missing. */
  async function twoItems(user: string): Promise<void> {
    await h.say(user, "/dangky");
    expect(said(await h.say(user, [STUDY, FOLLOW].join("\n")))).toContain("Việc nào gồm cả nêu gương?");
    await h.choose(user, "later");
  }
  const returnTo = (fullName: string) => h.t.db.registration.updateMany({ where: { member: { fullName } }, data: { status: "RETURNED" } });

  it("a second item saved says how many were added and how many the draft (or the returned registration) now has", async () => {
    await newcomer("Lê Văn Thêm", "le van them", async (them) => {
      await h.say(them, "/dangky");
      await h.say(them, STUDY);
      expect(said(await h.choose(them, "later"))).toContain("Đã lưu 1 việc vào bản nháp.");
      await h.say(them, "/dangky");
      await h.say(them, "thêm một việc");
      expect(said(await h.say(them, FOLLOW))).toContain("Việc nào gồm cả nêu gương?");
      const saved = said(await h.say(them, "1"));
      expect(saved).toContain("Đã lưu thêm 1 việc (bản nháp có 2 việc).");
      expect(saved).not.toContain("Đã lưu 1 việc vào bản nháp");

      await returnTo("Lê Văn Thêm");
      await h.say(them, "/dangky");
      await h.say(them, "thêm một việc");
      expect(said(await h.say(them, EXAMPLE))).toContain("Đã lưu thêm 1 việc (bản đăng ký có 3 việc).");
      expect((await registrationOf("Lê Văn Thêm"))?.status).toBe("RETURNED");
      await h.say(them, "/huy");
    });
  });

  it("an item retyped as 'lam guong: … tổ 5' is nêu gương, without the label in its words, and keeps its measure whole", async () => {
    await newcomer("Vũ Văn Gương", "vu van guong", async (guong) => {
      await twoItems(guong);
      await returnTo("Vũ Văn Gương");
      await h.say(guong, "/dangky");
      await openItem(guong, 2, "text");
      const changed = said(await h.say(guong, "lam guong: hang thang giup do 2 ho ngheo to 5"));
      expect(changed).toContain("2. Nêu gương: Hang thang giup do 2 ho ngheo to 5");
      expect(changed).toContain("Đo bằng: 2 ho ngheo to 5");
      const item = (await registrationOf("Vũ Văn Gương"))?.items[1];
      expect([item?.category, item?.text, item?.measure]).toEqual(["EXAMPLE", "Hang thang giup do 2 ho ngheo to 5", "2 ho ngheo to 5"]);
      await h.say(guong, "/huy");
    });
  });

  it("'Gửi chi ủy' while a content is missing says it was not sent, why and what to do, not the same screen again without a word", async () => {
    await newcomer("Đinh Văn Gửi", "dinh van gui", async (gui) => {
      await twoItems(gui);
      await returnTo("Đinh Văn Gửi");
      const menu = said(await h.say(gui, "/dangky"));
      expect(menu).toContain("còn thiếu nêu gương");
      expect(menu).toContain("1. Gửi chi ủy");
      const refused = said(await h.say(gui, "1"));
      expect(refused).toMatch(
        /^Bot chưa gửi được cho chi ủy\. Bản đăng ký chưa đủ 3 nội dung: còn thiếu nêu gương\. Đồng chí thêm một việc, hoặc sửa một việc/,
      );
      expect(refused).toContain("1. Gửi chi ủy");
      // Not the whole screen again: the review is above it.
      expect(refused).not.toContain("Bản đăng ký năm 2026:");
      expect((await registrationOf("Đinh Văn Gửi"))?.status).toBe("RETURNED");
      await h.say(gui, "/huy");
    });
  });

  it("'Thêm một việc' at “Việc nào gồm cả …?” says the item went into the returned registration ('bản đăng ký'), not a draft", async () => {
    await newcomer("Đinh Văn Lưu", "dinh van luu", async (luu) => {
      await h.say(luu, "/dangky");
      await h.say(luu, STUDY);
      await h.choose(luu, "later");
      await returnTo("Đinh Văn Lưu");
      await h.say(luu, "/dangky");
      await h.say(luu, "thêm một việc");
      expect(said(await h.say(luu, FOLLOW))).toContain("Việc nào gồm cả nêu gương?");
      const added = said(await h.choose(luu, "add"));
      expect(added).toContain("Đã lưu việc 2 vào bản đăng ký.");
      expect(added).not.toContain("bản nháp");
      await h.say(luu, "/huy");
      expect((await registrationOf("Đinh Văn Lưu"))?.status).toBe("RETURNED");
    });
  });

  it("/huy while a returned registration's item is changed says the change is in the registration, not yet sent again", async () => {
    await newcomer("Đinh Văn Dừng", "dinh van dung", async (dung) => {
      await twoItems(dung);
      await returnTo("Đinh Văn Dừng");
      await h.say(dung, "/dangky");
      await openItem(dung, 2, "text");
      expect(said(await h.say(dung, "Nâng cao chất lượng công tác chuyên môn"))).toContain("Giữ nguyên");
      expect(await h.say(dung, "/huy")).toEqual([
        "Đã dừng. Bot đã lưu thay đổi của việc 2 vào bản đăng ký, chưa gửi lại chi ủy. Khi cần, đồng chí gõ /dangky để làm tiếp.",
      ]);
      expect(await registrationOf("Đinh Văn Dừng")).toMatchObject({
        status: "RETURNED",
        items: [{ text: STUDY }, { text: "Nâng cao chất lượng công tác chuyên môn" }],
      });
    });
  });

  it("a refused 'Gửi chi ủy' changes nothing, not even the pledge; the send that goes through records it", async () => {
    await newcomer("Đinh Văn Hứa", "dinh van hua", async (hua) => {
      await twoItems(hua);
      await returnTo("Đinh Văn Hứa");
      const before = await registrationOf("Đinh Văn Hứa");
      expect(before).toMatchObject({ status: "RETURNED", pledgeAccepted: false });
      const audits = await h.t.db.auditLog.count();
      await h.say(hua, "/dangky");
      expect(said(await h.choose(hua, "submit"))).toContain("Bot chưa gửi được cho chi ủy.");
      // The whole row as it was: the agreement goes with the send, and this send did not happen.
      expect(await registrationOf("Đinh Văn Hứa")).toEqual(before);
      expect(await h.t.db.auditLog.count()).toBe(audits);

      await h.choose(hua, "add");
      expect(said(await h.say(hua, EXAMPLE))).toContain("Đúng, gửi chi ủy");
      expect(said(await h.choose(hua, "submit"))).toContain("Đã gửi bản đăng ký tới chi ủy");
      expect(await registrationOf("Đinh Văn Hứa")).toMatchObject({ status: "SUBMITTED", pledgeAccepted: true });
    });
  });

  it("'Để sau' on a returned registration says it still waits to be sent again (it is no draft), at the menu and at the contents question", async () => {
    await newcomer("Đinh Văn Sau", "dinh van sau", async (gui) => {
      await twoItems(gui);
      await returnTo("Đinh Văn Sau");
      await h.say(gui, "/dangky");
      const later = said(await h.say(gui, "để sau"));
      expect(later).not.toContain("Bản nháp");
      expect(later).toContain("chưa được gửi lại");
      expect(later).toContain("/dangky");
      expect((await registrationOf("Đinh Văn Sau"))?.status).toBe("RETURNED");

      // "Để sau" at the contents question of an item added to it says the same.
      await h.say(gui, "/dangky");
      await h.say(gui, "thêm một việc");
      await h.say(gui, "Mỗi quý thăm 2 hộ khó khăn trong khu phố");
      const kept = said(await h.choose(gui, "later"));
      expect(kept).toContain("Đã lưu thêm 1 việc (bản đăng ký có 3 việc).");
      expect(kept).toContain("chưa được gửi lại");
      expect(kept).not.toContain("Bản nháp");
    });
  });
});

describe("/dangky: one item per message, typed at 'Việc nào gồm cả …?'", () => {
  const NOT_CLEAR = "Bot chưa rõ";
  const categoriesOf = async (fullName: string) => (await registrationOf(fullName))?.items.map((i) => [i.text, i.categories]);

  it("the trial: three labelled items typed without diacritics, one a message, are all added with their contents", async () => {
    await newcomer("Hà Văn Gõ", "ha van go", async (go) => {
      await h.say(go, "dang ky nam 2026");
      const first = said(await h.say(go, "hoc tap: moi thang doc 1 bai bao ve Bac"));
      expect(first).toContain("Việc nào gồm cả làm theo?");
      const second = said(await h.say(go, "lam theo: giup 1 ho ngheo moi quy"));
      expect(second).not.toContain(NOT_CLEAR);
      // Only nêu gương is still missing, and both items are offered for it.
      expect(second).toContain("Các việc chưa có nội dung nêu gương.\nViệc nào gồm cả nêu gương?");
      expect(second).toMatch(/1\. Việc 1: moi thang doc 1 bai bao ve Bac\n2\. Việc 2: giup 1 ho ngheo moi quy/i);
      const third = said(await h.say(go, "neu guong: di hop chi bo day du 12 buoi"));
      expect(third).not.toContain(NOT_CLEAR);
      expect(third).not.toContain("Việc nào gồm cả");
      // The usual questions of a new item still come (the coach may ask about the third).
      const reviewed = third.includes("5. Giữ nguyên") ? said(await h.say(go, "5")) : third;
      expect(reviewed).toContain("Gửi chi ủy");
      expect(await categoriesOf("Hà Văn Gõ")).toEqual([
        ["Moi thang doc 1 bai bao ve Bac", ["STUDY"]],
        ["Giup 1 ho ngheo moi quy", ["FOLLOW"]],
        ["Di hop chi bo day du 12 buoi", ["EXAMPLE"]],
      ]);
      await h.say(go, "/huy");
    });
  });

  it("an unlabelled whole item typed there is added too (its contents read from its words)", async () => {
    await newcomer("Hà Văn Nhắn", "ha van nhan", async (gui) => {
      await h.say(gui, "/dangky");
      expect(said(await h.say(gui, "Học tập: mỗi tháng đọc 1 bài viết của Bác, ghi thu hoạch vào sổ"))).toContain("Việc nào gồm cả làm theo?");
      const second = said(await h.say(gui, "Nêu gương: đi họp chi bộ đúng giờ, đủ 12 buổi trong năm"));
      expect(second).not.toContain(NOT_CLEAR);
      expect(second).toContain("Việc nào gồm cả làm theo?");
      const third = said(await h.say(gui, "Giải quyết đúng hạn 100% hồ sơ được giao trong năm 2026"));
      expect(third).not.toContain(NOT_CLEAR);
      expect((await registrationOf("Hà Văn Nhắn"))?.items).toHaveLength(3);
      await h.say(gui, "/huy");
    });
  });

  it("options typed as options keep their meaning: 'viec 1', '2', 'them', 'de sau'", async () => {
    await newcomer("Hà Văn Chọn", "ha van chon", async (chon) => {
      await h.say(chon, "/dangky");
      await h.say(chon, "hoc tap: moi thang doc 1 bai bao ve Bac");
      // "viec 1": item 1 takes làm theo; nêu gương is asked next.
      expect(said(await h.say(chon, "viec 1"))).toContain("Việc nào gồm cả nêu gương?");
      // "2" is "Thêm một việc" (one item listed): the next item is asked.
      expect(said(await h.say(chon, "2"))).toContain("Việc 2: đồng chí sẽ làm gì?");
      expect(await categoriesOf("Hà Văn Chọn")).toEqual([["Moi thang doc 1 bai bao ve Bac", ["STUDY", "FOLLOW"]]]);
      expect(said(await h.say(chon, "Mỗi tháng giúp 1 hộ nghèo trong thôn 1 ngày công"))).toContain("Việc nào gồm cả nêu gương?");
      await h.say(chon, "/huy");
      await h.say(chon, "/dangky");
      await h.say(chon, "them");
      const asked = said(await h.say(chon, "Nêu gương: đi họp chi bộ đúng giờ, đủ 12 buổi trong năm"));
      expect(asked).not.toContain("Việc nào gồm cả");
      expect((await categoriesOf("Hà Văn Chọn"))?.map(([, c]) => c)).toEqual([["STUDY", "FOLLOW"], ["FOLLOW"], ["EXAMPLE"]]);
      await h.say(chon, "/huy");
    });
  });

  it("after 'Thêm một việc' the items saved before are offered too, by their own numbers ('2' is Việc 2)", async () => {
    await newcomer("Hà Văn Số", "ha van so", async (so) => {
      await h.say(so, "/dangky");
      await h.say(so, "hoc tap: moi thang doc 1 bai bao ve Bac");
      await h.say(so, "them");
      const asked = said(await h.say(so, "Giúp 1 hộ nghèo trong thôn mỗi quý 1 ngày công"));
      expect(asked).toMatch(/1\. Việc 1: moi thang doc 1 bai bao ve Bac\n2\. Việc 2: Giúp 1 hộ nghèo/i);
      expect(asked).toContain("3. Cả 2 việc");
      const picked = said(await h.say(so, "2"));
      expect(picked).not.toContain(NOT_CLEAR);
      expect(picked).toContain("Gửi chi ủy");
      expect((await categoriesOf("Hà Văn Số"))?.map(([, c]) => c)).toEqual([["STUDY"], ["FOLLOW", "EXAMPLE"]]);
      await h.say(so, "/huy");
    });
  });

  it("de sau at the question saves the items and stops", async () => {
    await newcomer("Hà Văn Hoãn", "ha van hoan", async (sau) => {
      await h.say(sau, "/dangky");
      await h.say(sau, "hoc tap: moi thang doc 1 bai bao ve Bac");
      expect(said(await h.say(sau, "de sau"))).toContain("Đã lưu 1 việc vào bản nháp.");
    });
  });
});
