// Flows through the platform fakes (besides the local channel): the chi ủy approving on Telegram
// with inline buttons, a member reading their sổ tự tu dưỡng on Zalo, and the linking refusals
// (used, expired, lockout) on both platforms.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/fake-telegram.ts";
import { startFakeZalo, type FakeZalo } from "../fakes/fake-zalo.ts";
import { seedDemo } from "../../prisma/seed-demo.ts";
import { createEngine } from "../../src/conversations/create-engine.ts";
import { startInbound } from "../support/inbound.ts";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { createZaloAdapter } from "../../src/channels/zalo/adapter.ts";
import { createInvite } from "../../src/db/invites.ts";
import { findMembersByName } from "../../src/db/members.ts";
import { silentLogger } from "../../src/log.ts";
import type { ChannelAdapter } from "../../src/channels/types.ts";

let t: TestDb;
let tg: FakeTelegram;
let zalo: FakeZalo;
const stops: Array<() => Promise<unknown>> = [];
const NOW = new Date("2026-11-20T03:00:00Z");

async function memberId(name: string) {
  return (await findMembersByName(t.db, name))[0]!.id;
}
async function start(...adapters: ChannelAdapter[]) {
  const engine = createEngine({ db: t.db, log: silentLogger, zone: "Asia/Ho_Chi_Minh", now: () => NOW });
  const inbox = startInbound({ db: t.db, engine, adapters });
  for (const adapter of adapters) {
    await adapter.start(inbox.accept);
    stops.push(() => adapter.stop());
  }
  stops.push(() => inbox.stop());
}
async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const sentTo = (chatId: string) => tg.sent.filter((s) => s.chatId === chatId);
const zaloTo = (chatId: string) => zalo.sent.filter((s) => s.chatId === chatId);

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, { year: 2026 });
  tg = await startFakeTelegram();
  zalo = await startFakeZalo();
  stops.push(
    () => tg.close(),
    () => zalo.close(),
  );
  await start(
    createTelegramAdapter({ token: tg.token, apiRoot: tg.apiRoot, pollTimeoutSeconds: 1, requestTimeoutMs: 5000 }),
    createZaloAdapter({ token: zalo.token, apiBase: zalo.apiBase, pollTimeoutSeconds: 1, requestTimeoutMs: 5000 }),
  );
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await t?.drop();
});

describe("chi ủy on Telegram", () => {
  it("approves a registration by pressing the inline button", async () => {
    const hung = await memberId("Nguyễn Văn Hùng");
    const nhung = await memberId("Phạm Thị Hồng Nhung");
    await t.db.identity.create({ data: { platform: "TELEGRAM", externalUserId: "8001", chatId: "8001", memberId: hung } });
    const reg = await t.db.registration.create({
      data: {
        memberId: nhung,
        year: 2026,
        status: "SUBMITTED",
        pledgeAccepted: true,
        submittedAt: NOW,
        items: {
          create: [
            {
              position: 1,
              category: "STUDY",
              categories: ["STUDY", "FOLLOW", "EXAMPLE"],
              text: "Mỗi tháng đọc một bài của Bác về đạo đức công vụ và viết một trang thu hoạch",
              measure: "12 trang thu hoạch",
              timeframe: "Mỗi tháng",
              vagueVerdict: "concrete",
            },
          ],
        },
      },
    });
    await tg.pushUpdate(tg.textUpdate(8001, "/duyet"));
    await waitUntil(() => sentTo("8001").some((s) => s.replyMarkup !== undefined), "the registration with buttons");
    const card = sentTo("8001").find((s) => s.replyMarkup !== undefined)!;
    expect(card.text).toContain("Phạm Thị Hồng Nhung");
    const buttons = (card.replyMarkup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat();
    const approve = buttons.find((b) => b.text.startsWith("Duyệt"))!;
    expect(Buffer.byteLength(approve.callback_data)).toBeLessThanOrEqual(64);
    expect(approve.callback_data).not.toContain(reg.id); // ids stay on the server

    await tg.pushUpdate(tg.callbackUpdate(8001, approve.callback_data));
    await waitUntil(async () => (await t.db.registration.findUniqueOrThrow({ where: { id: reg.id } })).status === "APPROVED", "approved");
    await waitUntil(() => tg.answeredCallbacks.length >= 1, "the callback answered");
    const decided = await t.db.registration.findUniqueOrThrow({ where: { id: reg.id } });
    expect(decided.decidedById).toBe(hung);
    expect(await t.db.auditLog.count({ where: { action: "registration.approved", actorId: hung } })).toBe(1);
  });

  it("refuses a forged button press from a plain member", async () => {
    const tuan = await memberId("Hoàng Minh Tuấn");
    await t.db.identity.create({ data: { platform: "TELEGRAM", externalUserId: "8002", chatId: "8002", memberId: tuan } });
    const before = await t.db.registration.count({ where: { status: "APPROVED" } });
    await tg.pushUpdate(tg.callbackUpdate(8002, "c:approve"));
    await waitUntil(() => sentTo("8002").length >= 1, "a reply");
    expect(sentTo("8002")[0]!.text).toContain("đã cũ");
    expect(await t.db.registration.count({ where: { status: "APPROVED" } })).toBe(before);
  });
});

describe("member on Zalo", () => {
  it("reads their sổ tự tu dưỡng with /camket, typed without diacritics", async () => {
    const nhung = await memberId("Phạm Thị Hồng Nhung");
    await t.db.identity.create({ data: { platform: "ZALO", externalUserId: "z-nhung", chatId: "z-nhung", memberId: nhung } });
    await zalo.pushText("z-nhung", "cam ket");
    await waitUntil(() => zaloTo("z-nhung").length >= 1, "the notebook");
    const text = zaloTo("z-nhung")
      .map((s) => s.text)
      .join("\n");
    expect(text).toContain("đọc một bài của Bác");
    expect(text).not.toContain("Hoàng Minh Tuấn");
  });
});

describe("linking refusals on the platforms", () => {
  it("Telegram: a used code, an expired code, then the lockout after 5 wrong codes", async () => {
    const loi = await memberId("Đặng Văn Lợi");
    const used = await createInvite(t.db, loi, null, NOW);
    await t.db.inviteCode.updateMany({ where: { memberId: loi }, data: { usedAt: new Date() } });
    const expired = await createInvite(t.db, loi, null, new Date(NOW.getTime() - 8 * 86_400_000));
    await tg.pushUpdate(tg.textUpdate(8101, `/start ${used.code}`));
    await waitUntil(() => sentTo("8101").length >= 1, "reply 1");
    expect(sentTo("8101")[0]!.text).toContain("đã được dùng");
    await tg.pushUpdate(tg.textUpdate(8101, `/start ${expired.code}`));
    await waitUntil(() => sentTo("8101").length >= 2, "reply 2");
    expect(sentTo("8101")[1]!.text).toContain("hết hạn");
    for (let i = 0; i < 3; i++) await tg.pushUpdate(tg.textUpdate(8101, "/start ACDEF34679"));
    await waitUntil(() => sentTo("8101").length >= 5, "replies 3-5");
    expect(sentTo("8101")[4]!.text).toContain("1 giờ");
    const fresh = await createInvite(t.db, loi, null, NOW);
    await tg.pushUpdate(tg.textUpdate(8101, `/start ${fresh.code}`));
    await waitUntil(() => sentTo("8101").length >= 6, "reply 6");
    expect(sentTo("8101")[5]!.text).toContain("1 giờ");
    expect(await t.db.identity.count({ where: { memberId: loi } })).toBe(0);
  });

  it("Zalo: a used code and an expired code get a clear message; a good one links", async () => {
    const ha = await memberId("Võ Thị Thu Hà");
    const used = await createInvite(t.db, ha, null, NOW);
    await t.db.inviteCode.updateMany({ where: { memberId: ha }, data: { usedAt: new Date() } });
    const expired = await createInvite(t.db, ha, null, new Date(NOW.getTime() - 8 * 86_400_000));
    await zalo.pushText("z-ha", used.code);
    await waitUntil(() => zaloTo("z-ha").length >= 1, "reply 1");
    expect(zaloTo("z-ha")[0]!.text).toContain("đã được dùng");
    await zalo.pushText("z-ha", expired.code);
    await waitUntil(() => zaloTo("z-ha").length >= 2, "reply 2");
    expect(zaloTo("z-ha")[1]!.text).toContain("hết hạn");
    const good = await createInvite(t.db, ha, null, NOW);
    await zalo.pushText("z-ha", good.code);
    await waitUntil(() => zaloTo("z-ha").length >= 3, "reply 3");
    expect(zaloTo("z-ha")[2]!.text).toContain("đồng chí Hà");
  });
});
