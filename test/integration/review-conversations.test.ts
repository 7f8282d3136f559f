// Review findings on the conversation layer: double presses and two chi ủy members acting at once
// must not write twice; ID numbers in photo captions are warned about like typed ones.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";
import { nominateExemplar } from "../../src/db/exemplars.ts";

let h: Harness;
let hung: string;
let vinh: string;

beforeAll(async () => {
  h = await createHarness({ now: new Date("2026-11-20T03:00:00Z") });
  hung = await h.link("Nguyễn Văn Hùng", "rv-hung");
  vinh = await h.link("Lê Quang Vinh", "rv-vinh");
});
afterAll(async () => {
  await h?.close();
});

describe("double presses", () => {
  it("sends a notice once when the secretary presses Gửi twice in a row", async () => {
    await h.say(hung, "/thongbao Chi bộ họp lúc 14:00 Thứ Sáu, 04/12/2026.");
    const before = await h.t.db.auditLog.count({ where: { action: "broadcast.sent" } });
    const replies = await Promise.all([h.choose(hung, "send"), h.choose(hung, "send")]);
    expect(await h.t.db.broadcast.count()).toBe(1);
    expect(await h.t.db.auditLog.count({ where: { action: "broadcast.sent" } })).toBe(before + 1);
    // The second press is told its button is stale, not silently dropped.
    expect(replies.flat().join("\n")).toContain("đã cũ");
  });

  it("saves a chi ủy comment once when the same message arrives twice at once", async () => {
    const nhung = await h.memberId("Phạm Thị Hồng Nhung");
    const reg = await h.t.db.registration.create({
      data: {
        memberId: nhung,
        year: 2026,
        status: "APPROVED",
        pledgeAccepted: true,
        items: { create: [{ position: 1, category: "STUDY", text: "Đọc 2 cuốn sách về Bác trước 30/6" }] },
      },
      include: { items: true },
    });
    await h.t.db.assessment.create({
      data: {
        memberId: nhung,
        kind: "MONTHLY",
        period: "2026-10",
        year: 2026,
        submittedAt: new Date("2026-10-30T03:00:00Z"),
        items: { create: [{ itemId: reg.items[0]!.id, progress: "ON_TRACK" }] },
      },
    });
    await h.say(hung, "/nhanxet Nhung");
    await Promise.all([h.say(hung, "Đồng chí giữ tiến độ tốt."), h.say(hung, "Đồng chí giữ tiến độ tốt.")]);
    expect(await h.t.db.review.count({ where: { assessment: { memberId: nhung } } })).toBe(1);
    expect(await h.t.db.auditLog.count({ where: { action: "review.created" } })).toBe(1);
  });
});

describe("two chi ủy members at once", () => {
  it("nominates a member as exemplar once when two chi ủy members confirm at the same moment", async () => {
    const unitId = (await h.t.db.member.findUniqueOrThrow({ where: { id: await h.memberId("Nguyễn Văn Hùng") } })).unitId;
    const tuan = await h.memberId("Hoàng Minh Tuấn");
    const actors = [await h.memberId("Nguyễn Văn Hùng"), await h.memberId("Lê Quang Vinh")];
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        nominateExemplar(h.t.db, { memberId: tuan, unitId, actorId: actors[i % 2]!, year: 2026, reason: `Lý do ${i}`, now: h.clock.now }),
      ),
    );
    expect(results.filter((r) => r.status === "created")).toHaveLength(1);
    expect(await h.t.db.exemplar.count({ where: { memberId: tuan, year: 2026 } })).toBe(1);
    expect(await h.t.db.auditLog.count({ where: { action: "exemplar.nominated", targetType: "Exemplar" } })).toBe(1);
  });
});

describe("ID numbers in photo captions", () => {
  it("warns about a CCCD number in a photo's caption, as for typed text", async () => {
    await h.say(vinh, "/dienhinh");
    const before = h.local.transcript.length;
    await h.local.say(vinh, "", { kind: "image", image: { ref: "photo-1", caption: "CCCD 079123456789" } });
    const replies = h.local.transcript.slice(before).map((o) => o.rendered);
    expect(replies.join("\n")).toContain("CCCD");
    expect(JSON.stringify(await h.t.db.conversationState.findMany())).not.toContain("079123456789");
    await h.say(vinh, "/huy");
  });
});

describe("odd input where a name is expected", () => {
  it("asks for a name in words, instead of quoting an empty one, when a sticker or photo comes", async () => {
    await h.say(vinh, "/dienhinh");
    const before = h.local.transcript.length;
    await h.local.say(vinh, "", { kind: "sticker" });
    const reply = h.local.transcript
      .slice(before)
      .map((o) => o.rendered)
      .join("\n");
    expect(reply).not.toContain("“”");
    expect(reply).toContain("gõ họ tên");
    expect(reply).toContain("/huy");
    // Still in the flow: a name now works.
    expect((await h.say(vinh, "Đặng Văn Lợi")).join("\n")).toContain("Lợi");
    await h.say(vinh, "/huy");

    await h.say(hung, "/moi");
    const mark = h.local.transcript.length;
    await h.local.say(hung, "", { kind: "sticker" });
    const invite = h.local.transcript
      .slice(mark)
      .map((o) => o.rendered)
      .join("\n");
    expect(invite).not.toContain('""');
    expect(invite).toContain("gõ họ tên");
    await h.say(hung, "/huy");
  });
});
