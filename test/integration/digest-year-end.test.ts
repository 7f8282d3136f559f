// The trial of 3 December 2026 in the residential cell, through the chat: /baocao names the year of
// its registration line and, from November, shows next year's registrations and who waits for
// /duyet; the digest, the reminders' audience, the digest's and roll-up's readers and /thongbao
// agree on who the bot reaches (the terminal chat counts); /duyet keeps its counter apart from the
// year; the broadcast's preview, reply and summary treat the exempt member alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DEMO_CELLS, DEMO_COMMITTEE, type Harness } from "../support/harness.ts";
import { at, createPlannerRig, type PlannerRig } from "../support/planned.ts";
import { uniquePrefix } from "../support/redis.ts";
import { findUnitByName } from "../../src/db/units.ts";
import { loadCellDigest } from "../../src/db/digest-loader.ts";
import { meetingAudience } from "../../src/db/meetings.ts";
import { digestRecipients, rollupRecipients } from "../../src/db/planning.ts";
import { takeLocalMessages } from "../../src/db/deliveries.ts";
import { previewBroadcast } from "../../src/usecases/broadcast.ts";

let h: Harness;
let rig: PlannerRig;
let cellId: string;
const ids: Record<string, string> = {};

async function registration(name: string, year: number, status: "SUBMITTED" | "APPROVED") {
  await h.t.db.registration.create({
    data: {
      memberId: ids[name]!,
      year,
      status,
      pledgeAccepted: true,
      submittedAt: new Date(`${year - 1}-12-01T02:00:00Z`),
      items: {
        create: [
          { position: 1, category: "FOLLOW", text: "Vận động 30 hộ phân loại rác tại nguồn", measure: "30 hộ", timeframe: "cả năm", vagueVerdict: "concrete" },
        ],
      },
    },
  });
}

beforeAll(async () => {
  h = await createHarness({ now: at("03/12/2026 09:00") });
  rig = createPlannerRig(h.t.db, uniquePrefix("digest-year-end"), h.clock);
  cellId = (await findUnitByName(h.t.db, DEMO_CELLS[1]))!.id;
  for (const name of ["Lý Thị Hoa", "Trương Văn Phúc", "Đinh Thị Lan", "Mai Văn Sơn", "Cao Thị Yến", "Tạ Văn Đức", "Phạm Quốc Khánh"]) {
    ids[name] = await h.memberId(name);
  }
  // Hoa (the secretary), Sơn and Yến chat only in the terminal (LOCAL); Phúc (the deputy) is on
  // Telegram; Lan and Đức (exempt) have no account. Khánh supervises the committee from the terminal.
  await h.link("Lý Thị Hoa", "hoa");
  await h.link("Mai Văn Sơn", "son");
  await h.link("Cao Thị Yến", "yen");
  await h.link("Trương Văn Phúc", "phuc-tg", "TELEGRAM");
  await h.link("Phạm Quốc Khánh", "khanh");
  // This year: Yến approved, Sơn sent and waiting. Next year: Phúc sent his (the trial's case).
  await registration("Cao Thị Yến", 2026, "APPROVED");
  await registration("Mai Văn Sơn", 2026, "SUBMITTED");
  await registration("Trương Văn Phúc", 2027, "SUBMITTED");
});

afterAll(async () => {
  await rig?.close();
  await h?.close();
});

describe("/baocao in December", () => {
  it("names the year, shows next year's registrations and who waits for /duyet", async () => {
    const [text] = await h.say("hoa", "/baocao");
    const lines = text!.split("\n");
    const from = lines.findIndex((l) => l.startsWith("Đăng ký năm"));
    expect(lines.slice(from, from + 4)).toEqual([
      "Đăng ký năm 2026: 2/5 — chưa: Lý Thị Hoa, Đinh Thị Lan, Trương Văn Phúc",
      "Đăng ký năm 2027: 1/5 — chưa: Lý Thị Hoa, Đinh Thị Lan, Mai Văn Sơn, Cao Thị Yến",
      "Chờ duyệt (gõ /duyet): Mai Văn Sơn (2026), Trương Văn Phúc (2027)",
      "Tự đánh giá tháng 12/2026: 0/5 — chưa: Lý Thị Hoa, Đinh Thị Lan, Trương Văn Phúc, Mai Văn Sơn, Cao Thị Yến",
    ]);
    // The terminal chat is a channel: only Lan is not connected (Đức is exempt, never listed).
    expect(lines).toContain("Chưa kết nối Zalo/Telegram với bot: Đinh Thị Lan");
  });

  it("shows only this year's line before November", async () => {
    const digest = await loadCellDigest(h.t.db, cellId, at("20/10/2026 09:00"));
    expect(digest?.year).toBe(2026);
    expect(digest?.nextYear).toBeNull();
    expect(digest?.awaitingApproval.map((e) => `${e.member} ${e.year}`)).toEqual(["Mai Văn Sơn 2026"]);
  });
});

describe("/duyet", () => {
  it("keeps the queue's counter apart from each registration's year", async () => {
    // In name order (Phúc before Sơn), so the years alternate as in the trial.
    const first = await h.say("hoa", "/duyet");
    expect(first[0]!.split("\n").slice(0, 2)).toEqual(["(1/2) Bản đăng ký năm 2027", "Đảng viên: Trương Văn Phúc — Phó bí thư chi bộ"]);
    const second = await h.choose("hoa", "skip");
    expect(second[1]!.split("\n").slice(0, 2)).toEqual(["(2/2) Bản đăng ký năm 2026", "Đảng viên: Mai Văn Sơn — Tổ trưởng tổ dân phố 2"]);
    // Two years waiting: the stop line says which.
    expect(await h.choose("hoa", "stop")).toEqual([
      "Đã dừng duyệt. Còn 2 bản chờ duyệt (1 bản năm 2026, 1 bản năm 2027), gõ /duyet khi đồng chí muốn tiếp tục.",
    ]);
  });
});

describe("who the bot reaches", () => {
  it("is the same for the digest, the reminders, the digest's and roll-up's readers and a broadcast", async () => {
    const name = (id: string) => Object.keys(ids).find((k) => ids[k] === id);
    const digest = await loadCellDigest(h.t.db, cellId, h.clock.now);
    expect(digest?.notLinked).toEqual(["Đinh Thị Lan"]);
    expect(digest?.unreachable).toEqual([]);

    // Reminders go to the ACTIVE members with an account: the terminal chat (Hoa, Sơn, Yến) and Telegram (Phúc).
    const audience = await meetingAudience(h.t.db, cellId, 2026, "2026-12");
    expect(audience.map((m) => m.fullName).sort()).toEqual(["Cao Thị Yến", "Lý Thị Hoa", "Mai Văn Sơn", "Trương Văn Phúc"]);
    expect((await digestRecipients(h.t.db, cellId)).map((m) => name(m.id)).sort()).toEqual(["Lý Thị Hoa", "Trương Văn Phúc"]);
    const committeeId = (await findUnitByName(h.t.db, DEMO_COMMITTEE))!.id;
    expect((await rollupRecipients(h.t.db, committeeId)).map((m) => name(m.memberId))).toEqual(["Phạm Quốc Khánh"]);

    const preview = await previewBroadcast(rig.jobs.notifier, cellId, ids["Lý Thị Hoa"]!);
    expect(preview).toMatchObject({
      recipients: 5,
      reachable: 3,
      notLinked: 1,
      exemptNotLinked: 1,
      missing: [{ fullName: "Đinh Thị Lan", reason: "not-linked" }],
    });
  });
});

describe("/thongbao and an exempt member", () => {
  it("counts him apart in the preview, the reply and the summary, and names only who is to be told", async () => {
    // Named, with what to do, once: before the send, where it matters; counted after. The exempt Đức never is.
    const toldAboutLan = [
      "Chưa liên kết Zalo/Telegram nên không nhận được: Đinh Thị Lan.",
      "Đồng chí báo trực tiếp cho các đồng chí này, hoặc tạo mã mời (/moi <họ tên>) để họ liên kết Zalo/Telegram.",
    ];
    const preview = await h.say("hoa", "/thongbao Họp chi bộ 8 giờ Chủ nhật tại nhà văn hóa.");
    expect(preview[0]).toBe(
      [
        "Xem trước thông báo gửi Chi bộ Khu phố 4 (demo):",
        "",
        "Họp chi bộ 8 giờ Chủ nhật tại nhà văn hóa.",
        "",
        "Người nhận: 3 nhận qua bot, 1 chưa nhận được, 1 miễn sinh hoạt chưa nhận được.",
        ...toldAboutLan,
        "Đồng chí gửi ngay chứ?",
        "1. Gửi",
        "2. Hủy",
        "Đồng chí trả lời bằng số (1–2).",
      ].join("\n"),
    );
    const sent = await h.say("hoa", "Gửi");
    expect(sent[0]).toBe(
      [
        "Đã ghi thông báo. Bot gửi tin tới 3 đồng chí (lần lượt trong ít phút).",
        "Không gửi cho 1 đồng chí chưa liên kết Zalo/Telegram.",
        "1 đồng chí miễn sinh hoạt cũng chưa nhận được.",
        "Khi gửi xong, bot báo lại đồng chí kết quả.",
      ].join("\n"),
    );
    // Every delivery final: the terminal chats take theirs, Phúc's Telegram one went out.
    const { id: broadcastId } = await h.t.db.broadcast.findFirstOrThrow({ where: { unitId: cellId } });
    for (const chat of ["son", "yen"]) expect(await takeLocalMessages(h.t.db, chat, h.clock.now)).toHaveLength(1);
    await h.t.db.delivery.updateMany({ where: { broadcastId, platform: "TELEGRAM" }, data: { status: "SENT", sentAt: h.clock.now } });
    expect((await rig.plan()).broadcastSummaries).toBe(1);
    const [summary] = await takeLocalMessages(h.t.db, "hoa", h.clock.now);
    expect(summary?.kind === "text" ? summary.text : "").toBe(
      [
        "Kết quả thông báo lúc 09:00 ngày 03/12/2026 (“Họp chi bộ 8 giờ Chủ nhật tại nhà văn hóa.”):",
        "- Đã nhận: 3 đồng chí",
        "- Gửi lỗi: 0 đồng chí",
        "- Chưa liên kết, không gửi được: 1 đồng chí",
        "1 đồng chí miễn sinh hoạt cũng chưa nhận được.",
      ].join("\n"),
    );
  });
});

// Last: it decides one of the registrations the tests above count as waiting.
describe("/duyet after a decision", () => {
  it("names the year left in the stop line once the session held two, and not when it held one", async () => {
    await h.say("hoa", "/duyet");
    // Phúc's 2027 approved; Sơn's 2026 shown next, then the walk is stopped.
    expect((await h.choose("hoa", "approve"))[0]).toContain("Đã duyệt bản đăng ký của đồng chí Phúc.");
    const stopped = await h.say("hoa", "/huy");
    expect(stopped.join("\n")).toContain("Đã duyệt 1 bản đăng ký. Còn 1 bản năm 2026 chờ duyệt, gõ /duyet khi đồng chí muốn tiếp tục.");
    // A new session with 2026 alone: no year to tell apart.
    await h.say("hoa", "/duyet");
    expect(await h.choose("hoa", "skip")).toEqual([
      "Đã bỏ qua, bản này vẫn chờ duyệt.",
      "Đã xem hết danh sách. Còn 1 bản chờ duyệt, đồng chí gõ /duyet để xem lại.",
    ]);
  });
});
