// Honest delivery through the real stack: a broadcast's author gets one summary once every
// delivery is final (delivered, failed, unreachable, with names), also through the terminal chat,
// and none for a broadcast that reached nobody; and the configured QUIET_HOURS
// hold for a meeting moved from the chat (the notice waits, and the secretary is told when it goes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DEMO_CELLS, type Harness } from "../support/harness.ts";
import { at, createPlannerRig, type PlannerRig } from "../support/planned.ts";
import { uniquePrefix } from "../support/redis.ts";
import { findUnitByName } from "../../src/db/units.ts";
import { broadcast } from "../../src/usecases/broadcast.ts";
import { approveRegistration } from "../../src/usecases/approve-registration.ts";
import { submitRegistration } from "../../src/usecases/submit-registration.ts";
import { takeLocalMessages } from "../../src/db/deliveries.ts";

let h: Harness;
let rig: PlannerRig;
let officeId: string;
let hungId: string;

beforeAll(async () => {
  // Quiet hours other than the default (21:00–07:00), to see that the configured ones are used.
  h = await createHarness({ now: at("20/11/2026 20:30"), services: { quietHours: { start: "20:00", end: "06:30" } } });
  rig = createPlannerRig(h.t.db, uniquePrefix("honest"), h.clock);
  officeId = (await findUnitByName(h.t.db, DEMO_CELLS[0]))!.id;
  hungId = await h.memberId("Nguyễn Văn Hùng");
  await h.link("Nguyễn Văn Hùng", "hung");
  await h.link("Nguyễn Văn Hùng", "hung-tg", "TELEGRAM");
  await h.link("Hoàng Minh Tuấn", "tuan-tg", "TELEGRAM");
  await h.link("Lê Quang Vinh", "vinh-tg", "TELEGRAM");
});

afterAll(async () => {
  await rig?.close();
  await h?.close();
});

describe("broadcast summary", () => {
  it("tells the author once, when every delivery is final: delivered, failed, unreachable", async () => {
    const result = await broadcast(
      { db: h.t.db, notifier: rig.jobs.notifier, now: h.clock.now },
      { unitId: officeId, authorId: hungId, text: "Nhắc các đồng chí nộp đảng phí tháng 11.", via: "chat" },
    );
    if (result.kind !== "done") throw new Error("broadcast refused");
    // The author is no recipient of their own notice.
    expect(result.report.reachable.map((r) => r.fullName).sort()).toEqual(["Hoàng Minh Tuấn", "Lê Quang Vinh"]);
    const summaries = () => h.t.db.delivery.findMany({ where: { purpose: "broadcast-summary" } });

    // Still on its way: no summary yet.
    expect((await rig.plan()).broadcastSummaries).toBe(0);
    expect(await summaries()).toHaveLength(0);

    // What the delivery worker writes when it is done: one sent, one failed.
    const rows = await h.t.db.delivery.findMany({ where: { broadcastId: result.broadcastId, status: "PENDING" }, include: { member: true } });
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const failed = row.member?.fullName === "Lê Quang Vinh";
      await h.t.db.delivery.update({
        where: { id: row.id },
        data: failed ? { status: "FAILED", lastError: "blocked" } : { status: "SENT", sentAt: h.clock.now },
      });
    }
    // Exempt members out of reach are counted on a line of their own (as in the preview), not twice.
    const skippedOf = (status: "EXEMPT" | "ACTIVE") =>
      h.t.db.delivery.count({ where: { broadcastId: result.broadcastId, status: "SKIPPED", member: { status } } });
    const [skipped, exemptSkipped] = [await skippedOf("ACTIVE"), await skippedOf("EXEMPT")];
    expect(skipped).toBeGreaterThan(0);
    expect(exemptSkipped).toBe(1);

    expect((await rig.plan()).broadcastSummaries).toBe(1);
    const [summary] = await summaries();
    expect(summary).toMatchObject({ memberId: hungId, status: "PENDING", platform: "TELEGRAM", dedupeKey: `broadcast-summary:${result.broadcastId}` });
    const text = (summary!.payload as { text: string }).text;
    expect(text).toContain("Kết quả thông báo lúc 20:30 ngày 20/11/2026");
    expect(text).toContain("- Đã nhận: 1 đồng chí");
    expect(text).toContain("- Gửi lỗi: 1 đồng chí");
    expect(text).toContain(`- Chưa liên kết, không gửi được: ${skipped} đồng chí`);
    expect(text).toContain("1 đồng chí miễn sinh hoạt cũng chưa nhận được.");
    // Only the failed one is named: those never sent to were named in the preview, before sending.
    expect(text).toContain("Gửi lỗi, chưa nhận được: Lê Quang Vinh.");
    expect(await rig.jobs.deliveryQueues.TELEGRAM.getJob(summary!.id)).toBeTruthy();

    // Once only.
    expect((await rig.plan()).broadcastSummaries).toBe(0);
    expect(await summaries()).toHaveLength(1);
  });
});

describe("broadcast summary, terminal chat and nobody reached", () => {
  it("counts the terminal chat as an account: delivered when the chat takes it, the summary after the last one", async () => {
    // The residential cell: Hoa (the author) and Sơn chat only in the terminal; nobody else has an account.
    const residentialId = (await findUnitByName(h.t.db, DEMO_CELLS[1]))!.id;
    const hoaId = await h.memberId("Lý Thị Hoa");
    await h.link("Lý Thị Hoa", "hoa");
    await h.link("Mai Văn Sơn", "son");
    const deps = { db: h.t.db, notifier: rig.jobs.notifier, now: h.clock.now };
    const result = await broadcast(deps, { unitId: residentialId, authorId: hoaId, text: "Họp tổ dân phố 2 tối thứ Bảy.", via: "chat" });
    if (result.kind !== "done") throw new Error(`broadcast refused: ${result.reason}`);
    expect(result.report.reachable.map((r) => r.fullName)).toEqual(["Mai Văn Sơn"]);
    const sonRow = await h.t.db.delivery.findFirstOrThrow({ where: { broadcastId: result.broadcastId, memberId: await h.memberId("Mai Văn Sơn") } });
    expect(sonRow).toMatchObject({ status: "PENDING", platform: "LOCAL", chatId: "son" });

    // Sơn's chat has not taken it yet: nothing is settled, no summary.
    expect((await rig.plan()).broadcastSummaries).toBe(0);
    // Headed with who sent it.
    expect((await takeLocalMessages(h.t.db, "son", h.clock.now)).map((m) => (m.kind === "text" ? m.text : ""))).toEqual([
      "Thông báo của Chi bộ Khu phố 4 (demo) (đ/c Lý Thị Hoa):\nHọp tổ dân phố 2 tối thứ Bảy.",
    ]);

    // The last delivery is settled: the summary goes to Hoa's terminal chat.
    expect((await rig.plan()).broadcastSummaries).toBe(1);
    const summary = await h.t.db.delivery.findFirstOrThrow({ where: { dedupeKey: `broadcast-summary:${result.broadcastId}` } });
    expect(summary).toMatchObject({ memberId: hoaId, status: "PENDING", platform: "LOCAL", chatId: "hoa" });
    const [shown] = await takeLocalMessages(h.t.db, "hoa", h.clock.now);
    const text = shown?.kind === "text" ? shown.text : "";
    expect(text).toContain("- Đã nhận: 1 đồng chí");
    // Four out of reach: three not linked, and the exempt one counted apart (not twice).
    expect(text).toContain("- Chưa liên kết, không gửi được: 3 đồng chí");
    expect(text).toContain("1 đồng chí miễn sinh hoạt cũng chưa nhận được.");
  });

  it("sends no summary for a broadcast that reached nobody", async () => {
    // Written below the use case (which refuses it and tells the sender at once), as an older
    // version of the bot did: every row SKIPPED.
    const residentialId = (await findUnitByName(h.t.db, DEMO_CELLS[1]))!.id;
    const phucId = await h.memberId("Trương Văn Phúc");
    const audience = (await rig.jobs.notifier.audience(residentialId, phucId)).filter((m) => m.unreachable);
    const { broadcastId, report } = await rig.jobs.notifier.broadcast({
      unitId: residentialId,
      authorId: phucId,
      audience,
      text: "Không ai nhận.",
      now: h.clock.now,
    });
    expect(report.reachable).toHaveLength(0);
    expect(await h.t.db.delivery.count({ where: { broadcastId, status: { not: "SKIPPED" } } })).toBe(0);
    expect((await rig.plan()).broadcastSummaries).toBe(0);
    expect(await h.t.db.delivery.count({ where: { dedupeKey: `broadcast-summary:${broadcastId}` } })).toBe(0);
  });
});

describe("the sender is no recipient", () => {
  it("approving one's own registration tells nobody, and the report names nobody", async () => {
    const reg = await h.t.db.registration.create({
      data: { memberId: hungId, year: 2026, status: "SUBMITTED", pledgeAccepted: true, submittedAt: h.clock.now },
    });
    const result = await approveRegistration(
      { db: h.t.db, notifier: rig.jobs.notifier, now: h.clock.now },
      { unitId: officeId, actorId: hungId, registrationId: reg.id },
    );
    if (result.kind !== "done") throw new Error("approve refused");
    expect(result.report).toMatchObject({ reachable: [], unreachable: [], created: 0, existing: 0 });
    expect(await h.t.db.delivery.count({ where: { purpose: "registration-approved", memberId: hungId } })).toBe(0);
  });
});

describe("a registration sent by a deputy", () => {
  it("is not said to have reached the secretary when the notice reached nobody", async () => {
    // The residential cell: its deputy (Phúc) sends his own; its secretary (Hoa) takes no messages now.
    const phucId = await h.memberId("Trương Văn Phúc");
    const hoaId = await h.memberId("Lý Thị Hoa");
    await h.t.db.identity.updateMany({ where: { memberId: hoaId }, data: { reachable: false } });
    try {
      await h.t.db.registration.create({
        data: {
          memberId: phucId,
          year: 2026,
          items: { create: [{ position: 1, category: "STUDY", categories: ["STUDY", "FOLLOW", "EXAMPLE"], text: "Mỗi tháng đọc 1 bài của Bác" }] },
        },
      });
      const result = await submitRegistration(
        { db: h.t.db, notifier: rig.jobs.notifier, now: h.clock.now },
        { memberId: phucId, year: 2026, acceptPledge: true, actorId: phucId },
      );
      if (result.kind !== "done") throw new Error(`submit refused: ${result.reason}`);
      expect(result.report.reachable).toEqual([]);
      expect(result.report.unreachable.map((u) => u.fullName)).toEqual(["Lý Thị Hoa"]);
      expect(result.secretariesTold).toBe(false);
    } finally {
      await h.t.db.identity.updateMany({ where: { memberId: hoaId }, data: { reachable: true } });
    }
  });
});

describe("quiet hours from config, in the chat", () => {
  it("tells the chi ủy's linked members when neither the secretary nor a deputy takes messages", async () => {
    // The residential cell: its secretary (Hoa) takes no messages, its deputy (Phúc) is not linked;
    // Lan, a chi ủy member who can /duyet, is. A member sends.
    const hoaId = await h.memberId("Lý Thị Hoa");
    const lanId = await h.memberId("Đinh Thị Lan");
    const memberId = await h.memberId("Mai Văn Sơn");
    await h.link("Đinh Thị Lan", "lan");
    await h.t.db.identity.updateMany({ where: { memberId: hoaId }, data: { reachable: false } });
    try {
      await h.t.db.registration.upsert({
        where: { memberId_year: { memberId, year: 2027 } },
        create: {
          memberId,
          year: 2027,
          items: { create: [{ position: 1, category: "STUDY", categories: ["STUDY", "FOLLOW", "EXAMPLE"], text: "Mỗi tháng đọc 1 bài của Bác" }] },
        },
        update: {},
      });
      const result = await submitRegistration(
        { db: h.t.db, notifier: rig.jobs.notifier, now: h.clock.now },
        { memberId, year: 2027, acceptPledge: true, actorId: memberId },
      );
      if (result.kind !== "done") throw new Error(`submit refused: ${result.reason}`);
      expect(result.report.reachable.map((r) => r.fullName)).toEqual(["Đinh Thị Lan"]);
      expect(result.secretariesTold).toBe(true);
      const notices = await h.t.db.delivery.findMany({ where: { purpose: "registration-submitted", dedupeKey: { contains: lanId } } });
      expect(notices).toHaveLength(1);
      expect(JSON.stringify(notices[0]?.payload)).toContain("Đồng chí Mai Văn Sơn vừa gửi bản đăng ký năm 2027.");
    } finally {
      await h.t.db.identity.updateMany({ where: { memberId: hoaId }, data: { reachable: true } });
    }
  });

  it("holds a moved meeting's notices until the configured end and says so", async () => {
    await h.say("hung", "/doilich");
    await h.say("hung", "1");
    const meetingId = ((await h.t.db.conversationState.findFirstOrThrow({ where: { userId: "hung" } })).data as { data: { id: string } }).data;
    expect((await h.say("hung", "10/12/2026 14:00"))[0]).toContain("Lý do dời lịch");
    const [done] = await h.say("hung", "Không nêu lý do");
    const notices = await h.t.db.delivery.findMany({ where: { purpose: "meeting-moved", dedupeKey: { contains: meetingId.id } } });
    expect(notices.length).toBeGreaterThan(0);
    // 20:30 is inside the configured 20:00–06:30 (not inside the default 21:00–07:00).
    for (const n of notices.filter((x) => x.status === "PENDING")) expect(n.notBefore?.toISOString()).toBe(at("21/11/2026 06:30").toISOString());
    expect(done).toContain("(sau giờ nghỉ, lúc 06:30 ngày 21/11/2026)");
    expect(done).toMatch(/Bot gửi tin tới \d+ đồng chí/);
  });
});
