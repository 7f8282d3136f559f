// The monthly reminder answered in one tap: the reminder job writes the Delivery with "Tất cả đúng
// tiến độ", the real delivery workers send it through the Telegram and Zalo adapters to the fakes,
// and the member's button press (Telegram) or number (Zalo) comes back through the inbox and the
// engine with no /danhgia: recorded once, a second answer records nothing, and a closed period or
// a registration no longer approved is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "bullmq";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { TEST_REDIS_URL, uniquePrefix } from "../support/redis.ts";
import { at, createPlannerRig, memberId, type PlannerRig } from "../support/planned.ts";
import { startInbound } from "../support/inbound.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/fake-telegram.ts";
import { startFakeZalo, type FakeZalo } from "../fakes/fake-zalo.ts";
import { seedDemo, DEMO_CELLS } from "../../prisma/seed-demo.ts";
import { findUnitByName } from "../../src/db/units.ts";
import { createEngine } from "../../src/conversations/create-engine.ts";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { createZaloAdapter } from "../../src/channels/zalo/adapter.ts";
import type { ChannelAdapter, Platform } from "../../src/channels/types.ts";
import { createDeliveryWorker } from "../../jobs/delivery/worker.ts";
import type { DeliveryJob } from "../../jobs/queues.ts";
import { processPlannedJob } from "../../jobs/planned/processor.ts";
import { silentLogger } from "../../src/log.ts";

let t: TestDb;
let r: PlannerRig;
let tg: FakeTelegram;
let zalo: FakeZalo;
const stops: Array<() => Promise<unknown>> = [];
const workers: Worker<DeliveryJob>[] = [];
const ids: Record<string, string> = {};
let meeting: { id: string; startsAt: Date };
// 14:00 on Wednesday 25/11/2026: the meeting that evaluates November.
const MEETING = at("25/11/2026 14:00");
const TG = { nhung: 7101, ha: 7102 };
const ZL = { loi: "z-loi", tuan: "z-tuan", mai: "z-mai" };

async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

const ITEMS = [
  ["STUDY", "Đọc và ghi chép 2 chuyên đề về phong cách Hồ Chí Minh"],
  ["FOLLOW", "Giải quyết hồ sơ một cửa đúng hạn 100%"],
  ["EXAMPLE", "Đi làm đúng giờ, không dùng điện thoại việc riêng khi tiếp dân"],
] as const;

async function approved(name: string) {
  ids[name] = await memberId(t.db, name);
  await t.db.registration.create({
    data: {
      memberId: ids[name],
      year: 2026,
      status: "APPROVED",
      pledgeAccepted: true,
      submittedAt: at("10/01/2026 09:00"),
      decidedAt: at("15/01/2026 09:00"),
      items: { create: ITEMS.map(([category, text], i) => ({ position: i + 1, category, categories: [category], text })) },
    },
  });
}

const monthRow = (name: string) =>
  t.db.assessment.findUnique({ where: { memberId_period: { memberId: ids[name]!, period: "2026-11" } }, include: { items: true } });
const audits = (name: string) => t.db.auditLog.count({ where: { action: "assessment.submitted", detail: { path: ["memberId"], equals: ids[name]! } } });
const tgTo = (chat: number) => tg.sent.filter((s) => s.chatId === String(chat));
const zaloTo = (chat: string) => zalo.sent.filter((s) => s.chatId === chat);
type Buttons = { inline_keyboard: { text: string; callback_data: string }[][] };

/** The member's answer on Zalo; resolves with the bot's reply to it. */
async function zaloSays(chat: string, text: string): Promise<string> {
  const before = zaloTo(chat).length;
  await zalo.pushText(chat, text);
  await waitUntil(() => zaloTo(chat).length > before, `the answer to "${text}" in ${chat}`);
  return zaloTo(chat).at(-1)?.text ?? "";
}

/** The member presses the one button of the last message in the Telegram chat; resolves with the reply. */
async function pressReminder(chat: number, data = (tgTo(chat).at(-1)?.replyMarkup as Buttons).inline_keyboard.flat()[0]?.callback_data ?? "") {
  const before = tgTo(chat).length;
  await tg.pushUpdate(tg.callbackUpdate(chat, data));
  await waitUntil(() => tgTo(chat).length > before, `the answer in ${chat}`);
  return { reply: tgTo(chat).at(-1)?.text ?? "", data };
}

/** The reminder job one day before the meeting, its rows sent by the workers. */
async function remind(): Promise<void> {
  r.clock.now = at("24/11/2026 14:00");
  const result = await processPlannedJob(r.deps(), {
    name: "reminder",
    data: { meetingId: meeting.id, startsAtMs: meeting.startsAt.getTime(), offsetMinutes: 1440, dueAtMs: r.clock.now.getTime() },
  });
  expect(result).toMatch(/^reminder 1440: \d+ created/);
  await waitUntil(async () => (await t.db.delivery.count({ where: { purpose: "reminder", status: { in: ["PENDING", "SENDING"] } } })) === 0, "sent");
}

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, { year: 2026 });
  const office = (await findUnitByName(t.db, DEMO_CELLS[0]))!;
  await t.db.meeting.deleteMany({ where: { unitId: office.id } });
  meeting = await t.db.meeting.create({ data: { unitId: office.id, startsAt: MEETING, kind: "REGULAR", status: "SCHEDULED" } });
  for (const name of ["Phạm Thị Hồng Nhung", "Võ Thị Thu Hà", "Đặng Văn Lợi", "Hoàng Minh Tuấn", "Trần Thị Mai"]) await approved(name);
  ids["Lê Quang Vinh"] = await memberId(t.db, "Lê Quang Vinh");
  await t.db.registration.create({ data: { memberId: ids["Lê Quang Vinh"], year: 2026, status: "SUBMITTED", submittedAt: at("10/01/2026 09:00") } });
  const identities: Array<[string, Platform, string]> = [
    ["Phạm Thị Hồng Nhung", "TELEGRAM", String(TG.nhung)],
    ["Võ Thị Thu Hà", "TELEGRAM", String(TG.ha)],
    ["Đặng Văn Lợi", "ZALO", ZL.loi],
    ["Hoàng Minh Tuấn", "ZALO", ZL.tuan],
    ["Trần Thị Mai", "ZALO", ZL.mai],
    ["Lê Quang Vinh", "TELEGRAM", "7103"],
  ];
  for (const [name, platform, chat] of identities) {
    await t.db.member.update({ where: { id: ids[name]! }, data: { preferredPlatform: platform } });
    await t.db.identity.create({ data: { platform, externalUserId: chat, chatId: chat, memberId: ids[name]! } });
  }

  tg = await startFakeTelegram();
  zalo = await startFakeZalo();
  stops.push(
    () => tg.close(),
    () => zalo.close(),
  );
  const prefix = uniquePrefix("onetap");
  r = createPlannerRig(t.db, prefix, { now: at("24/11/2026 14:00") });
  stops.push(() => r.close());
  const adapters = new Map<Platform, ChannelAdapter>([
    ["TELEGRAM", createTelegramAdapter({ token: tg.token, apiRoot: tg.apiRoot, pollTimeoutSeconds: 1, requestTimeoutMs: 5000 })],
    ["ZALO", createZaloAdapter({ token: zalo.token, apiBase: zalo.apiBase, pollTimeoutSeconds: 1, requestTimeoutMs: 5000 })],
  ]);
  const engine = createEngine({ db: t.db, log: silentLogger, zone: "Asia/Ho_Chi_Minh", now: () => r.clock.now });
  const inbox = startInbound({ db: t.db, engine, adapters: [...adapters.values()] });
  for (const adapter of adapters.values()) {
    await adapter.start(inbox.accept);
    stops.push(() => adapter.stop());
  }
  stops.push(() => inbox.stop());
  for (const platform of ["TELEGRAM", "ZALO"] as const) {
    workers.push(
      createDeliveryWorker({
        platform,
        db: t.db,
        redisUrl: TEST_REDIS_URL,
        redis: r.redis,
        prefix,
        log: silentLogger,
        adapter: (p) => adapters.get(p),
        queues: r.jobs.deliveryQueues,
        ratePerSecond: 30,
        concurrency: 2,
        groupPerMinute: 20,
        now: () => r.clock.now,
        timings: { perChatIntervalMs: 0 },
      }),
    );
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  // Mai leaves a conversation open before the reminder comes: /nhac asks "1. turn off, 2. keep".
  r.clock.now = at("24/11/2026 13:00");
  await zalo.pushText(ZL.mai, "/nhac");
  await waitUntil(() => zaloTo(ZL.mai).some((s) => (s.text ?? "").includes("2. ")), "/nhac's question");
  await remind();
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close(true).catch(() => undefined)));
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await t?.drop();
});

describe("the monthly reminder carries the one tap", () => {
  it("on Telegram a button, on Zalo a number; not offered while the registration awaits approval", async () => {
    const nhung = tgTo(TG.nhung).at(-1);
    expect(nhung?.text).toContain("Tất cả đúng tiến độ” ngay dưới tin này; có việc chậm thì gõ /danhgia");
    const buttons = (nhung?.replyMarkup as Buttons).inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(["Tất cả đúng tiến độ"]);
    expect(zaloTo(ZL.loi).at(-1)?.text).toContain("1. Tất cả đúng tiến độ\nĐồng chí trả lời 1 để chọn.");
    const vinh = tgTo(7103).at(-1);
    expect(vinh?.text).toContain("gõ /danhgia");
    expect(vinh?.replyMarkup).toBeUndefined();
  });

  it("Telegram: one press records every item on track with no conversation open; a second press records nothing", async () => {
    r.clock.now = at("24/11/2026 15:00");
    const first = await pressReminder(TG.nhung);
    expect(first.reply).toContain("Đã ghi nhận tự đánh giá tháng 11/2026: cả 3 việc đúng tiến độ.");
    const row = await monthRow("Phạm Thị Hồng Nhung");
    expect(row?.items.map((i) => i.progress)).toEqual(["ON_TRACK", "ON_TRACK", "ON_TRACK"]);
    expect(row?.enteredById).toBeNull();
    expect(await audits("Phạm Thị Hồng Nhung")).toBe(1);

    expect((await pressReminder(TG.nhung, first.data)).reply).toContain("đã được ghi nhận rồi; bot không ghi thêm lần nữa");
    expect((await monthRow("Phạm Thị Hồng Nhung"))?.updatedAt).toEqual(row?.updatedAt);
    expect(await audits("Phạm Thị Hồng Nhung")).toBe(1);
  });

  it("Zalo: “1” answers the reminder in one message, and again records nothing twice", async () => {
    r.clock.now = at("24/11/2026 15:10");
    expect(await zaloSays(ZL.loi, "1")).toContain("Đã ghi nhận tự đánh giá tháng 11/2026: cả 3 việc đúng tiến độ.");
    expect((await monthRow("Đặng Văn Lợi"))?.items).toHaveLength(3);
    expect(await zaloSays(ZL.loi, "1")).toContain("đã được ghi nhận rồi");
    expect(await audits("Đặng Văn Lợi")).toBe(1);
  });

  it("Zalo: a number answers the reminder when it came after the open conversation's question, else the conversation", async () => {
    r.clock.now = at("24/11/2026 15:20");
    expect(await zaloSays(ZL.mai, "1")).toContain("Đã ghi nhận tự đánh giá tháng 11/2026");
    const off = async () => (await t.db.member.findUniqueOrThrow({ where: { id: ids["Trần Thị Mai"]! } })).optionalRemindersOff;
    expect(await off()).toBe(false);

    // A question asked after the reminder owns the numbers: "1" turns the optional reminders off.
    r.clock.now = at("24/11/2026 15:30");
    await zaloSays(ZL.mai, "/nhac");
    expect(await zaloSays(ZL.mai, "1")).not.toContain("ghi nhận");
    expect(await off()).toBe(true);
    expect(await audits("Trần Thị Mai")).toBe(1);
  });

  it("Zalo: with the self-assessment open, a reminder that comes after it does not take its numbers: “1” is item 1", async () => {
    r.clock.now = at("24/11/2026 15:40");
    expect(await zaloSays(ZL.tuan, "/danhgia")).toContain("1. Việc 1:");
    // The 2-hour reminder comes while the list is open.
    r.clock.now = at("24/11/2026 15:45");
    const before = zaloTo(ZL.tuan).length;
    const result = await processPlannedJob(r.deps(), {
      name: "reminder",
      data: { meetingId: meeting.id, startsAtMs: meeting.startsAt.getTime(), offsetMinutes: 120, dueAtMs: r.clock.now.getTime() },
    });
    expect(result).toMatch(/^reminder 120: \d+ created/);
    await waitUntil(() => zaloTo(ZL.tuan).length > before, "the second reminder to Tuấn");
    // Every member's copy out before going on: one arriving later would be taken for the reply to
    // the next test's press.
    await waitUntil(async () => (await t.db.delivery.count({ where: { purpose: "reminder", status: { in: ["PENDING", "SENDING"] } } })) === 0, "all sent");
    expect(zaloTo(ZL.tuan).at(-1)?.text).toContain("1. Tất cả đúng tiến độ");

    r.clock.now = at("24/11/2026 15:50");
    expect(await zaloSays(ZL.tuan, "1")).toContain("Việc 1/3");
    expect(await monthRow("Hoàng Minh Tuấn")).toBeNull();
    await zaloSays(ZL.tuan, "/huy");
  });

  it("refuses politely when the registration is no longer approved, and after the meeting has closed the month", async () => {
    r.clock.now = at("24/11/2026 16:00");
    await t.db.registration.update({ where: { memberId_year: { memberId: ids["Hoàng Minh Tuấn"]!, year: 2026 } }, data: { status: "RETURNED" } });
    expect(await zaloSays(ZL.tuan, "1")).toContain("Bản đăng ký năm 2026 của đồng chí chưa được chi ủy duyệt");
    expect(await monthRow("Hoàng Minh Tuấn")).toBeNull();

    r.clock.now = at("25/11/2026 14:30");
    expect((await pressReminder(TG.ha)).reply).toContain("Kỳ tự đánh giá tháng 11/2026 đã khép lại");
    expect(await monthRow("Võ Thị Thu Hà")).toBeNull();
  });
});
