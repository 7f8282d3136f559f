// Registration (/dangky, /dangky chibo) and the notebook (/camket) end to end: the local channel
// through the real engine and dispatcher on a real database, and one member on Zalo through the
// adapter against the fake Zalo server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";
import { startFakeZalo, type FakeZalo } from "../fakes/fake-zalo.ts";
import { createZaloAdapter, type ZaloChannelAdapter } from "../../src/channels/zalo/adapter.ts";
import { createInboundHandler } from "../../src/channels/dispatcher.ts";
import { createEngine } from "../../src/conversations/create-engine.ts";
import { silentLogger } from "../../src/log.ts";
import { addItem } from "../../src/db/registrations.ts";
import { COMMITMENT_TEMPLATES } from "../../src/domain/commitment-templates.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
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

async function registrationOf(name: string) {
  const memberId = await h.memberId(name);
  return h.t.db.registration.findUnique({
    where: { memberId_year: { memberId, year: YEAR } },
    include: { items: { orderBy: { position: "asc" } } },
  });
}

describe("/dangky: a member registers", () => {
  it("registers three concrete items, accepts the pledge, reviews and submits in a couple of dozen answers", async () => {
    const tuan = await h.link("Hoàng Minh Tuấn", "tuan");
    const first = await h.say(tuan, "/dangky");
    expect(first[0]).toContain("Đồng chí Tuấn");
    expect(first[0]).toContain("Chuyên đề năm: “Học tập và làm theo tư tưởng");
    expect(first[0]).toContain("từ 1 đến 3 việc");
    expect(first[1]).toContain("Việc 1: nội dung chính là gì?");
    expect(first[1]).toContain("1. Học tập");

    const answers = await run(tuan, [
      "1", // học tập
      "1", // no other content
      "Mỗi tháng đọc một tác phẩm của Bác về công tác dân vận, ghi 5 dòng thu hoạch vào sổ tay",
      "sổ tay thu hoạch, trình bày tại sinh hoạt chi bộ",
      "1", // mỗi tháng
      "1", // no shortcoming
      "1", // add another
      "2", // làm theo
      "1",
      "Giải quyết đúng hạn 100% hồ sơ đất đai được phân công, báo trước cho người dân nếu hồ sơ có nguy cơ trễ hẹn",
      "số hồ sơ trả đúng hạn trên phần mềm một cửa",
      "mỗi tháng",
      "bo qua", // typed, without diacritics
      "1",
      "3", // nêu gương: the contents are now covered, so no "other contents" question
      "Không nhận quà, phong bì của người đến làm thủ tục đất đai; nếu được biếu thì từ chối và báo cáo trưởng phòng trong ngày",
      "số lần từ chối ghi vào sổ, báo cáo tại sinh hoạt chi bộ",
      "Mỗi quý",
      "1",
    ]);
    // After the third item (the maximum) the pledge comes at once.
    const pledge = lastOf(answers);
    expect(pledge).toContain("Đã lưu việc 3 vào bản nháp.");
    expect(pledge).toContain("đủ 3 nội dung");
    expect(pledge).toContain("giữ gìn phẩm chất đạo đức, lối sống");
    expect(pledge).toContain("không suy thoái");
    expect(answers.flat().join("\n")).not.toContain("viết lại theo gợi ý");
    // Each item was saved as soon as it was complete.
    expect(answers[5]!.join("\n")).toContain("Đã lưu việc 1 vào bản nháp.");
    expect(answers[5]!.join("\n")).toContain("Còn thiếu nội dung: làm theo và nêu gương.");

    const review = await h.say(tuan, "1"); // Đồng ý
    const screen = review.join("\n");
    expect(screen).toContain("Bản đăng ký năm 2026: bản nháp, chưa gửi chi ủy.");
    expect(screen).toContain("1. [Học tập] Mỗi tháng đọc một tác phẩm");
    expect(screen).toContain("2. [Làm theo] Giải quyết đúng hạn");
    expect(screen).toContain("3. [Nêu gương] Không nhận quà");
    expect(screen).toContain("Đo: số hồ sơ trả đúng hạn trên phần mềm một cửa · Thời hạn: Mỗi tháng");
    expect(screen).toContain("Cam kết chung: đã đồng ý.");
    expect(review[review.length - 1]).toContain("1. Gửi chi ủy");

    const sent = await h.say(tuan, "gui chi uy");
    expect(sent[0]).toContain("Đã gửi bản đăng ký tới chi ủy ngày 20/11/2026");
    // /dangky + 19 answers + pledge + submit: about 10 seconds each is well under five minutes.
    expect(1 + answers.length + 2).toBeLessThanOrEqual(25);

    const reg = await registrationOf("Hoàng Minh Tuấn");
    expect(reg?.status).toBe("SUBMITTED");
    expect(reg?.pledgeAccepted).toBe(true);
    expect(reg?.submittedAt?.toISOString()).toBe(h.clock.now.toISOString());
    expect(reg?.items.map((i) => [i.position, i.category, i.categories, i.vagueVerdict, i.vagueKept])).toEqual([
      [1, "STUDY", ["STUDY"], "concrete", false],
      [2, "FOLLOW", ["FOLLOW"], "concrete", false],
      [3, "EXAMPLE", ["EXAMPLE"], "concrete", false],
    ]);
    // "mỗi tháng" typed is the offered choice: stored as its label.
    expect(reg?.items[1]?.timeframe).toBe("Mỗi tháng");
    expect(reg?.items[2]?.timeframe).toBe("Mỗi quý");
    expect(reg?.items[1]?.shortcoming).toBeNull();
    expect(await h.t.db.conversationState.count({ where: { userId: tuan } })).toBe(0);
  });

  it("catches a vague item, explains why, offers examples for the member's role, and takes the rewrite", async () => {
    const nhung = await h.link("Phạm Thị Hồng Nhung", "nhung");
    const answers = await run(nhung, [
      "/dangky",
      "hoc tap", // words without diacritics
      "ca hai", // this one item also covers làm theo and nêu gương
      "Tích cực học tập và làm theo Bác",
      "tốt",
      "3", // trong năm 2026
    ]);
    const coach = answers[answers.length - 1]!;
    expect(coach).toHaveLength(2);
    // Why, in one or two lines, then 2–3 examples.
    const [why, ...examples] = coach[0]!.split("\n");
    expect(why).toContain("chưa có việc làm cụ thể");
    const offered = COMMITMENT_TEMPLATES.DOSSIER_OFFICIAL.STUDY.filter((e) => coach[0]!.includes(e));
    expect(offered.length).toBeGreaterThanOrEqual(2);
    expect(examples.join("\n")).toContain("1. ");
    expect(coach[1]).toContain("1. Dùng gợi ý 1");
    expect(coach[1]).toContain("Viết lại");
    expect(coach[1]).toContain("Giữ nguyên");

    const rewrite = await h.say(nhung, "viet lai");
    expect(rewrite[0]).toContain("gõ lại nội dung");
    const better = await h.say(nhung, "Mỗi tháng đọc một bài nói của Bác về thái độ với dân, ghi 5 dòng thu hoạch và dán một lời dạy tại quầy một cửa");
    expect(better.join("\n")).toContain("Tốt, nội dung đã cụ thể.");
    const saved = await h.say(nhung, "1");
    expect(saved.join("\n")).toContain("Đã lưu việc 1 vào bản nháp.");
    expect(saved.join("\n")).toContain("Các việc đã đủ 3 nội dung");

    const reg = await registrationOf("Phạm Thị Hồng Nhung");
    expect(reg?.status).toBe("DRAFT");
    expect(reg?.items).toHaveLength(1);
    expect(reg?.items[0]?.text).toContain("thái độ với dân");
    expect(reg?.items[0]?.categories).toEqual(["STUDY", "FOLLOW", "EXAMPLE"]);
    expect(reg?.items[0]?.vagueVerdict).toBe("concrete");
    expect(reg?.items[0]?.vagueKept).toBe(false);

    // One item covering all three contents is enough: "Xong" goes to the pledge.
    const done = await h.say(nhung, "2");
    expect(done.join("\n")).toContain("Cam kết chung của đảng viên");
    await h.say(nhung, "/huy");
  });

  it("keeps a vague item when the member insists and flags it for the chi ủy", async () => {
    const ha = await h.link("Võ Thị Thu Hà", "ha");
    const answers = await run(ha, ["/dangky", "nêu gương", "4", "Giữ gìn phẩm chất đạo đức, lối sống của người đảng viên", "không vi phạm", "1"]);
    expect(lastOf(answers)).toContain("Giữ nguyên");
    const kept = await h.say(ha, "giu nguyen");
    expect(kept.join("\n")).toContain("đánh dấu để chi ủy xem");
    const saved = await h.say(ha, "1");
    expect(saved.join("\n")).toContain("Đã lưu việc 1");

    const reg = await registrationOf("Võ Thị Thu Hà");
    const item = reg!.items[0]!;
    expect(item.vagueVerdict).toBe("vague");
    expect(item.vagueKept).toBe(true);
    expect((item.vagueReasons as { code: string }[]).length).toBeGreaterThan(0);
    expect(item.vagueScore).toBeLessThan(0.5);

    const review = await run(ha, ["2", "1"]); // Xong, Đồng ý → review screen
    expect(lastOf(review)).toContain("⚠️ Chung chung");
    expect(lastOf(review)).toContain("(chi ủy sẽ góp ý)");
    await h.say(ha, "/huy");
  });

  it("enforces the 1–3 rule and says which content is missing", async () => {
    const loi = await h.link("Đặng Văn Lợi", "loi");
    const one = await run(loi, [
      "/dangky",
      "1",
      "khong",
      "Mỗi tuần đọc 2 bài báo về gương người tốt việc tốt và ghi tóm tắt vào sổ tay",
      "sổ tay ghi chép",
      "1",
      "1",
    ]);
    expect(lastOf(one)).toContain("Còn thiếu nội dung: làm theo và nêu gương.");
    const early = await h.say(loi, "xong");
    expect(early.join("\n")).toContain("chưa đủ 3 nội dung: còn thiếu làm theo và nêu gương");
    expect(early.join("\n")).not.toContain("Cam kết chung của đảng viên");
    expect(early[early.length - 1]).toContain("Thêm một việc");

    const more = await run(loi, [
      "them mot viec",
      "2",
      "1",
      "Vào sổ và chuyển văn bản đến trong ngày nhận, không để văn bản nào tồn quá 1 ngày",
      "sổ đăng ký văn bản đến",
      "1",
      "1",
      "1",
      "2",
      "1",
      "Số hóa 500 văn bản lưu trữ của văn phòng trước ngày 30/11",
      "số văn bản đã số hóa trên phần mềm",
      "trước 30/11/2026",
      "1",
    ]);
    const third = lastOf(more);
    expect(third).toContain("Đã lưu việc 3");
    expect(third).toContain("chưa đủ 3 nội dung: còn thiếu nêu gương");
    // Three items is the maximum: nothing more can be added, the member must change one.
    expect(third).toContain("sửa nội dung (học tập, làm theo, nêu gương) của một việc");
    expect(third).not.toContain("Thêm một việc");
    const memberId = await h.memberId("Đặng Văn Lợi");
    const fourth = await addItem(h.t.db, {
      memberId,
      year: YEAR,
      item: { category: "EXAMPLE", categories: ["EXAMPLE"], text: "x", measure: null, timeframe: null, shortcoming: null, vague: null, kept: false },
    });
    expect(fourth).toEqual({ ok: false, reason: "FULL" });

    // Fix it: item 3 also sets an example.
    // Item 3 → its contents → main "Làm theo" → also "Nêu gương".
    const fix = await run(loi, ["sua hoac xoa mot viec", "3", "2", "2", "3"]);
    expect(fix[1]!.join("\n")).toContain("Việc 3: đồng chí muốn sửa phần nào?");
    const fixed = lastOf(fix);
    expect(fixed).toContain("Đã lưu thay đổi của việc 3.");
    expect(fixed).toContain("3. [Làm theo, Nêu gương] Số hóa 500 văn bản");
    const reg = await registrationOf("Đặng Văn Lợi");
    expect(reg?.items[2]?.categories).toEqual(["FOLLOW", "EXAMPLE"]);

    // "Gửi chi ủy" before the pledge: the pledge, then it is sent.
    const pledge = await h.say(loi, "1");
    expect(pledge.join("\n")).toContain("Cam kết chung của đảng viên");
    const sent = await h.say(loi, "dong y");
    expect(sent[0]).toContain("Đã gửi bản đăng ký tới chi ủy");
    expect((await registrationOf("Đặng Văn Lợi"))?.status).toBe("SUBMITTED");
  });

  it("edits a submitted registration (back to draft), resubmits, withdraws, deletes an item and the draft", async () => {
    const tuan = "tuan";
    const menu = await h.say(tuan, "/dangky");
    expect(menu.join("\n")).toContain("đã gửi ngày 20/11/2026, chờ chi ủy duyệt");
    expect(menu[menu.length - 1]).toContain("Sửa bản đăng ký");
    expect(menu[menu.length - 1]).toContain("Rút lại về bản nháp");

    const edit = await run(tuan, ["sua ban dang ky", "2", "thoi han", "mỗi tuần kiểm tra hồ sơ sắp đến hạn vào sáng thứ Hai"]);
    expect(edit[1]!.join("\n")).toContain("Việc 2: đồng chí muốn sửa phần nào?");
    const changed = lastOf(edit);
    expect(changed).toContain("Đã lưu thay đổi của việc 2.");
    expect(changed).toContain("đã chuyển về bản nháp");
    expect(changed).toContain("Thời hạn: mỗi tuần kiểm tra hồ sơ sắp đến hạn vào sáng thứ Hai");
    let reg = await registrationOf("Hoàng Minh Tuấn");
    expect(reg?.status).toBe("DRAFT");
    expect(reg?.submittedAt).toBeNull();

    // The pledge was accepted before: "Gửi chi ủy" sends straight away.
    const resent = await h.say(tuan, "gui chi uy");
    expect(resent[0]).toContain("Đã gửi bản đăng ký");
    expect((await registrationOf("Hoàng Minh Tuấn"))?.status).toBe("SUBMITTED");

    const withdrawn = await run(tuan, ["/dangky", "rut lai"]);
    expect(lastOf(withdrawn)).toContain("Đã rút bản đăng ký về bản nháp");
    expect((await registrationOf("Hoàng Minh Tuấn"))?.status).toBe("DRAFT");

    const deleted = await run(tuan, ["sua hoac xoa", "1", "xoa viec nay"]);
    expect(lastOf(deleted)).toContain("Đã xóa việc 1.");
    expect(lastOf(deleted)).toContain("1. [Làm theo] Giải quyết đúng hạn");
    reg = await registrationOf("Hoàng Minh Tuấn");
    expect(reg?.items.map((i) => [i.position, i.category])).toEqual([
      [1, "FOLLOW"],
      [2, "EXAMPLE"],
    ]);
    // Missing study now: sending is refused with the reason.
    const refused = await h.say(tuan, "gui chi uy");
    expect(refused.join("\n")).toContain("còn thiếu học tập");
    expect((await registrationOf("Hoàng Minh Tuấn"))?.status).toBe("DRAFT");

    const dropped = await run(tuan, ["xoa ban nhap", "xoa"]);
    expect(lastOf(dropped)).toContain("Đã xóa bản nháp");
    expect(await registrationOf("Hoàng Minh Tuấn")).toBeNull();
  });

  it("shows the chi ủy's comment on a returned registration and resubmits it after an edit", async () => {
    const son = await h.link("Mai Văn Sơn", "son");
    const memberId = await h.memberId("Mai Văn Sơn");
    const secretaryId = await h.memberId("Lý Thị Hoa");
    const reg = await h.t.db.registration.create({
      data: {
        memberId,
        year: YEAR,
        status: "RETURNED",
        pledgeAccepted: true,
        submittedAt: new Date("2026-11-10T03:00:00Z"),
        items: {
          create: [
            { position: 1, category: "STUDY", categories: ["STUDY", "FOLLOW", "EXAMPLE"], text: "Vận động 10 hộ trong tổ dân phố 2 phân loại rác tại nguồn", measure: "danh sách hộ", timeframe: "trước 30/6" },
          ],
        },
      },
    });
    await h.t.db.review.create({ data: { authorId: secretaryId, registrationId: reg.id, text: "Đồng chí ghi rõ cách kiểm tra.", createdAt: new Date("2026-11-12T03:00:00Z") } });

    const menu = await h.say(son, "/dangky");
    const text = menu.join("\n");
    expect(text).toContain("chi ủy trả lại để sửa");
    expect(text).toContain("Nhận xét của chi ủy (12/11/2026, Lý Thị Hoa): Đồng chí ghi rõ cách kiểm tra.");
    expect(menu[menu.length - 1]).not.toContain("Xóa bản nháp");

    const edit = await run(son, ["sua hoac xoa", "cach do", "tổ trưởng kiểm tra thùng rác của 10 hộ mỗi tuần, ghi vào sổ theo dõi"]);
    expect(lastOf(edit)).toContain("Đã lưu thay đổi của việc 1.");
    expect((await registrationOf("Mai Văn Sơn"))?.status).toBe("RETURNED");
    const sent = await h.say(son, "gui chi uy");
    expect(sent[0]).toContain("Đã gửi bản đăng ký");
    const after = await registrationOf("Mai Văn Sơn");
    expect(after?.status).toBe("SUBMITTED");
    expect(after?.items[0]?.measure).toBe("tổ trưởng kiểm tra thùng rác của 10 hộ mỗi tuần, ghi vào sổ theo dõi");
  });

  it("refuses any change once the chi ủy has approved", async () => {
    const memberId = await h.memberId("Võ Thị Thu Hà");
    await h.t.db.registration.update({ where: { memberId_year: { memberId, year: YEAR } }, data: { status: "APPROVED", decidedAt: new Date("2026-11-19T03:00:00Z") } });
    const replies = await h.say("ha", "/dangky");
    expect(replies.join("\n")).toContain("đã được chi ủy duyệt nên không sửa được nữa");
    expect(await h.t.db.conversationState.count({ where: { userId: "ha" } })).toBe(0);
  });

  it("resumes in the middle of an item after a restart (a new engine on the same database)", async () => {
    const vinh = await h.link("Lê Quang Vinh", "vinh");
    const before = await run(vinh, ["/dangky", "1", "1", "Mỗi quý đọc một văn bản pháp luật mới về hộ tịch và tóm tắt 1 trang gửi chi bộ"]);
    expect(lastOf(before)).toContain("Kết quả đo bằng gì");

    const h2 = await createHarness({ reuse: h.t, now: h.clock.now });
    try {
      const resumed = await h2.say(vinh, "bản tóm tắt gửi chi bộ");
      expect(resumed.join("\n")).toContain("Thời hạn hoặc tần suất?");
      const rest = [];
      for (const line of ["mỗi quý", "1"]) rest.push(await h2.say(vinh, line));
      expect(lastOf(rest)).toContain("Đã lưu việc 1 vào bản nháp.");
    } finally {
      await h2.close();
    }
    const reg = await registrationOf("Lê Quang Vinh");
    expect(reg?.items[0]?.text).toContain("hộ tịch");
    expect(reg?.items[0]?.measure).toBe("bản tóm tắt gửi chi bộ");
    expect(reg?.items[0]?.timeframe).toBe("Mỗi quý");
    await h.say(vinh, "/huy");
  });
});

describe("/dangky over Zalo with numbered answers", () => {
  let fake: FakeZalo;
  let adapter: ZaloChannelAdapter;
  let handled = 0;

  beforeAll(async () => {
    fake = await startFakeZalo();
    adapter = createZaloAdapter({ token: fake.token, apiBase: fake.apiBase, pollTimeoutSeconds: 1, requestTimeoutMs: 5000 });
    const engine = createEngine({ db: h.t.db, log: silentLogger, zone: "Asia/Ho_Chi_Minh", now: () => h.clock.now });
    const handler = createInboundHandler({ db: h.t.db, engine, adapter, log: silentLogger, onHandled: () => (handled += 1) });
    await adapter.start(handler);
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  async function zalo(user: string, text: string): Promise<string> {
    const target = handled + 1;
    const before = fake.sent.length;
    await fake.pushText(user, text);
    const deadline = Date.now() + 10_000;
    while (handled < target) {
      if (Date.now() > deadline) throw new Error(`no answer to "${text}"`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return fake.sent
      .slice(before)
      .filter((s) => s.chatId === user)
      .map((s) => s.text ?? "")
      .join("\n---\n");
  }

  it("a teacher registers through Zalo, answering every question by number, and takes a suggested example", async () => {
    const yen = await h.link("Cao Thị Yến", "zalo-yen", "ZALO");
    const intro = await zalo(yen, "/dangky");
    expect(intro).toContain("Đồng chí Yến");
    expect(intro).toContain("1. Học tập\n2. Làm theo\n3. Nêu gương");
    expect(intro).toContain("Đồng chí trả lời bằng số (1–3).");
    expect(await zalo(yen, "1")).toContain("4. Cả hai");
    expect(await zalo(yen, "4")).toContain("Đồng chí sẽ làm việc gì?");
    await zalo(yen, "Nâng cao chất lượng giảng dạy");
    await zalo(yen, "tốt");
    const coach = await zalo(yen, "3");
    const teacherStudy = COMMITMENT_TEMPLATES.TEACHER.STUDY;
    expect(coach).toContain(`1. ${teacherStudy[0]}`);
    expect(coach).toContain(`2. ${teacherStudy[1]}`);
    expect(coach).toContain("2. Dùng gợi ý 2");
    expect(coach).toContain("4. Viết lại\n5. Giữ nguyên");

    const taken = await zalo(yen, "2");
    expect(taken).toContain("Tốt, nội dung đã cụ thể.");
    expect(taken).toContain("1. Bỏ qua");
    expect(await zalo(yen, "1")).toContain("Đã lưu việc 1 vào bản nháp.");
    expect(await zalo(yen, "2")).toContain("Cam kết chung của đảng viên");
    const review = await zalo(yen, "1");
    expect(review).toContain(`1. [Học tập, Làm theo, Nêu gương] ${teacherStudy[1]}`);
    expect(review).toContain("1. Gửi chi ủy");
    expect(await zalo(yen, "1")).toContain("Đã gửi bản đăng ký tới chi ủy");
    expect(fake.sent.map((s) => s.text ?? "").join("\n")).not.toContain("trục trặc");

    const reg = await registrationOf("Cao Thị Yến");
    expect(reg?.status).toBe("SUBMITTED");
    expect(reg?.items[0]?.text).toBe(teacherStudy[1]);
    expect(reg?.items[0]?.vagueVerdict).toBe("concrete");
  });
});

describe("/dangky chibo: the cell's collective items", () => {
  it("is refused to a plain member and to a committee member who is not a secretary", async () => {
    expect((await h.say("nhung", "/dangky chibo")).join("\n")).toContain("chỉ chi ủy mới làm được");
    expect((await h.say("vinh", "/dangky chibo")).join("\n")).toContain("chỉ bí thư hoặc phó bí thư");
    expect(await h.t.db.collectiveCommitment.count()).toBe(0);
  });

  it("lets the secretary register two items with the vagueness check, and writes audit rows", async () => {
    const hung = await h.link("Nguyễn Văn Hùng", "hung");
    const first = await run(hung, [
      "/dangky chibo",
      "Số hóa 2.000 hồ sơ hộ tịch lưu trữ của phường để tra cứu trên phần mềm",
      "số hồ sơ đã số hóa trên phần mềm, báo cáo tại sinh hoạt chi bộ",
      "trước 30/9/2026",
    ]);
    expect(first[0]!.join("\n")).toContain("1–2 việc trọng tâm");
    const list = lastOf(first);
    expect(list).toContain("Đã lưu việc 1 của chi bộ.");
    expect(list).toContain("1. Số hóa 2.000 hồ sơ hộ tịch");
    expect(list).toContain("Thêm một việc");

    const second = await run(hung, ["them mot viec", "Nâng cao chất lượng sinh hoạt chi bộ", "tốt", "3"]);
    expect(lastOf(second)).toContain("Giữ nguyên");
    const kept = await h.say(hung, "giu nguyen");
    const after = kept.join("\n");
    expect(after).toContain("đánh dấu để chi ủy xem");
    expect(after).toContain("2. Nâng cao chất lượng sinh hoạt chi bộ");
    expect(after).toContain("⚠️ Chung chung");
    expect(kept[kept.length - 1]).not.toContain("Thêm một việc");
    expect((await h.say(hung, "xong")).join("\n")).toContain("Đã lưu đăng ký của chi bộ");

    const unitId = (await h.t.db.member.findUniqueOrThrow({ where: { id: await h.memberId("Nguyễn Văn Hùng") } })).unitId;
    const rows = await h.t.db.collectiveCommitment.findMany({ where: { unitId, year: YEAR }, orderBy: { position: "asc" } });
    expect(rows.map((r) => [r.position, r.status, r.vagueVerdict, r.vagueKept])).toEqual([
      [1, "SUBMITTED", "concrete", false],
      [2, "SUBMITTED", "vague", true],
    ]);
    expect(rows[0]?.timeframe).toBe("trước 30/9/2026");
    const audits = await h.t.db.auditLog.findMany({ where: { action: "collective.created", unitId } });
    expect(audits).toHaveLength(2);
    expect(audits.every((a) => a.actorId === rows[0]?.createdById)).toBe(true);
  });

  it("lets the deputy secretary change and delete a collective item", async () => {
    const mai = await h.link("Trần Thị Mai", "mai");
    const menu = await h.say(mai, "/dangky chibo");
    expect(menu.join("\n")).toContain("Việc chi bộ đã đăng ký năm 2026:");
    const edited = await run(mai, [
      "sua mot viec",
      "2",
      "Mỗi buổi sinh hoạt chi bộ có 1 chuyên đề do một đảng viên trình bày 15 phút",
      "biên bản sinh hoạt chi bộ",
      "mỗi tháng",
    ]);
    expect(lastOf(edited)).toContain("Đã lưu việc 2 của chi bộ.");
    expect(lastOf(edited)).not.toContain("⚠️");
    const deleted = await run(mai, ["xoa mot viec", "1"]);
    expect(lastOf(deleted)).toContain("Đã xóa việc 1 của chi bộ.");
    expect(lastOf(deleted)).toContain("1. Mỗi buổi sinh hoạt chi bộ");
    await h.say(mai, "/huy");
    const actions = (await h.t.db.auditLog.findMany({ where: { action: { startsWith: "collective." } }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["collective.created", "collective.created", "collective.updated", "collective.deleted"]);
  });
});

describe("/camket: the notebook", () => {
  it("shows the registration with flags, the last six periods of progress newest first, and the chi ủy's comments", async () => {
    const memberId = await h.memberId("Võ Thị Thu Hà");
    const secretaryId = await h.memberId("Nguyễn Văn Hùng");
    const reg = await registrationOf("Võ Thị Thu Hà");
    const itemId = reg!.items[0]!.id;
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
        await h.t.db.review.create({ data: { authorId: secretaryId, assessmentId: a.id, text: "Đồng chí cần nêu việc cụ thể hơn.", createdAt: new Date("2026-10-06T03:00:00Z") } });
      }
    }
    await h.t.db.review.create({ data: { authorId: secretaryId, registrationId: reg!.id, text: "Duyệt, nhưng cần cụ thể hóa việc 1.", createdAt: new Date("2026-11-19T04:00:00Z") } });

    const [text] = await h.say("ha", "/camket");
    expect(text).toContain("Sổ tự tu dưỡng năm 2026 — đồng chí Hà");
    expect(text).toContain("Bản đăng ký: chi ủy đã duyệt ngày 19/11/2026.");
    expect(text).toContain("1. [Học tập, Làm theo, Nêu gương] Giữ gìn phẩm chất đạo đức");
    expect(text).toContain("Đo: không vi phạm · Thời hạn: Mỗi tháng");
    expect(text).toContain("⚠️ Chung chung");
    expect(text).toContain("• Tháng 10/2026: việc 1 đúng tiến độ");
    expect(text).toContain("• Tháng 9/2026: việc 1 xong");
    expect(text).toContain("• Tháng 5/2026: việc 1 đúng tiến độ");
    expect(text).not.toContain("Tháng 4/2026");
    expect(text).not.toContain("Tháng 3/2026");
    expect(text!.indexOf("Tháng 10/2026")).toBeLessThan(text!.indexOf("Tháng 9/2026"));
    expect(text).toContain("Nhận xét của chi ủy:");
    expect(text).toContain("• 19/11/2026, Nguyễn Văn Hùng về bản đăng ký: Duyệt, nhưng cần cụ thể hóa việc 1.");
    expect(text).toContain("• 06/10/2026, Nguyễn Văn Hùng về tháng 10/2026: Đồng chí cần nêu việc cụ thể hơn.");
    expect(text!.indexOf("19/11/2026, Nguyễn")).toBeLessThan(text!.indexOf("06/10/2026"));
  });

  it("tells a member without a registration how to start, and never shows another member's data", async () => {
    const [text] = await h.say("tuan", "/camket");
    expect(text).toContain("chưa có bản đăng ký năm 2026");
    expect(text).toContain("/dangky");
    expect(text).not.toContain("Giữ gìn phẩm chất");
  });
});
