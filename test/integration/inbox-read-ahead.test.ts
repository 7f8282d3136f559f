// Reads made ahead for the conversations the inbox handles together: the notebooks of /camket sent
// at once are read in one statement, each member's own; a read that an earlier handling of the same
// batch made untrue (a chi ủy member approving that very registration) is not used.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../prisma/seed-demo.ts";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import type { InboundEvent } from "../../src/channels/types.ts";
import { createEngine } from "../../src/conversations/create-engine.ts";
import { findMembersByName } from "../../src/db/members.ts";
import { registrationYear } from "../../src/domain/registration-rules.ts";
import { silentLogger } from "../../src/log.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/fake-telegram.ts";
import { startInbound, telegramText } from "../support/inbound.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const ZONE = "Asia/Ho_Chi_Minh";
// The engine runs on the real clock: the year /camket shows is this one.
const YEAR = registrationYear(new Date(), ZONE);

let t: TestDb;
let tg: FakeTelegram;

// Notebook statements sent to PostgreSQL (every statement goes through pg.Client#query).
let notebookReads = 0;
const query = pg.Client.prototype.query;

const USERS = { vinh: 9601, loi: 9602, tuan: 9603, ha: 9604 } as const;
/** Next year's item whose last words are its deadline. */
const LONG_ITEM = "Mỗi tháng đi tuần tra 2 buổi cùng tổ an ninh khu phố, ghi sổ trực và nộp báo cáo cho chi bộ trước 30/6";

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, { year: YEAR });
  tg = await startFakeTelegram({ token: "6363:read-ahead-bot", ratePerSecond: 100_000, perChatPerSecond: 100_000 });
  const names = { vinh: "Lê Quang Vinh", loi: "Đặng Văn Lợi", tuan: "Hoàng Minh Tuấn", ha: "Võ Thị Thu Hà" } as const;
  for (const [key, name] of Object.entries(names) as Array<[keyof typeof USERS, string]>) {
    const [member] = await findMembersByName(t.db, name);
    const user = String(USERS[key]);
    await t.db.identity.create({ data: { platform: "TELEGRAM", externalUserId: user, chatId: user, memberId: member!.id } });
    if (key === "tuan")
      await t.db.registration.create({
        data: {
          memberId: member!.id,
          year: YEAR + 1,
          status: "SUBMITTED",
          pledgeAccepted: true,
          submittedAt: new Date(),
          items: { create: [{ position: 1, category: "FOLLOW", text: LONG_ITEM }] },
        },
      });
    if (key === "loi")
      await t.db.registration.create({
        data: {
          memberId: member!.id,
          year: YEAR,
          status: "SUBMITTED",
          pledgeAccepted: true,
          submittedAt: new Date(),
          items: { create: [{ position: 1, category: "STUDY", text: "Đọc và ghi chép 12 bài", measure: "12 bài", timeframe: "mỗi tháng 1 bài" }] },
        },
      });
  }
  Object.assign(pg.Client.prototype, {
    query(this: pg.Client, ...args: unknown[]) {
      const config = args[0] as { text?: string } | string;
      if ((typeof config === "string" ? config : (config?.text ?? "")).includes("nb_assessments")) notebookReads += 1;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    },
  });
});
afterAll(async () => {
  pg.Client.prototype.query = query;
  await tg?.close();
  await t?.drop();
});

const event = (user: number, text: string): InboundEvent => telegramText(user, text, "ahead");

const repliesTo = (user: number) => tg.sent.filter((s) => s.chatId === String(user)).map((s) => s.text ?? "");

async function handleTogether(events: InboundEvent[]): Promise<void> {
  const inbox = startInbound({
    db: t.db,
    engine: createEngine({ db: t.db, log: silentLogger, zone: ZONE }),
    adapters: [createTelegramAdapter({ token: tg.token, apiRoot: tg.apiRoot })],
    sweepMs: 60_000,
  });
  try {
    await inbox.accept.many!(events);
    const deadline = Date.now() + 15_000;
    while ((await t.db.inboundUpdate.count({ where: { updateId: { in: events.map((e) => e.updateId) }, status: "DONE" } })) < events.length) {
      if (Date.now() > deadline) throw new Error("the batch was not handled");
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await inbox.stop();
  }
}

describe("reading ahead for a batch", () => {
  it("reads the notebooks of /camket sent together in one statement, each member's own", async () => {
    notebookReads = 0;
    await handleTogether([event(USERS.loi, "/camket"), event(USERS.tuan, "/camket"), event(USERS.ha, "/camket")]);
    expect(notebookReads).toBe(1);
    const [loi, tuan, ha] = [USERS.loi, USERS.tuan, USERS.ha].map((u) => repliesTo(u).join("\n"));
    expect(loi).toContain(`Sổ tự tu dưỡng năm ${YEAR}`);
    expect(loi).toContain("Lợi");
    expect(loi).toContain("Đọc và ghi chép 12 bài");
    expect(loi).toContain("chờ chi ủy duyệt");
    // What the notebook knows: nothing sent yet (not that no period is open: the year-end one may be).
    expect(loi).toContain("Chưa gửi bản tự đánh giá nào. Đồng chí gõ /danhgia để tự đánh giá.");
    for (const other of [tuan, ha]) {
      expect(other).toContain(`chưa có bản đăng ký năm ${YEAR}`);
      expect(other).not.toContain("Đọc và ghi chép 12 bài");
    }
    expect(tuan).toContain("Tuấn");
    // Next year's item under this year's, whole: its deadline is its last words.
    expect(tuan).toContain(`1. Làm theo: ${LONG_ITEM}`);
    expect(ha).toContain("Hà");
  });

  it("does not use a notebook read ahead that a chi ủy member's handling earlier in the batch changed", async () => {
    await handleTogether([event(USERS.vinh, "/duyet")]);
    expect(repliesTo(USERS.vinh).join("\n")).toContain("Đặng Văn Lợi");
    const before = repliesTo(USERS.loi).length;
    notebookReads = 0;
    // The approval ("1. Duyệt") is handled first, then Lợi's /camket in the same transaction.
    await handleTogether([event(USERS.vinh, "1"), event(USERS.loi, "/camket")]);
    expect(repliesTo(USERS.vinh).join("\n")).toContain("Đã duyệt bản đăng ký của đồng chí Lợi");
    const notebook = repliesTo(USERS.loi).slice(before).join("\n");
    expect(notebook).toContain(`Bản đăng ký năm ${YEAR}: chi ủy đã duyệt`);
    expect(notebook).not.toContain("chờ chi ủy duyệt");
    // Read ahead, then read again after the approval.
    expect(notebookReads).toBe(2);
  });

  it("reads nothing ahead for a chat in the middle of a flow: its stop may save what the command then shows", async () => {
    await handleTogether([event(USERS.ha, "/dangky")]);
    await handleTogether([
      event(USERS.ha, "Mỗi quý đọc 1 tác phẩm của Bác, ghi 1 trang thu hoạch vào sổ tay\nGiải quyết đúng hạn 100% hồ sơ được giao trong năm"),
    ]);
    const before = repliesTo(USERS.ha).length;
    notebookReads = 0;
    await handleTogether([event(USERS.ha, "/camket")]);
    const [stopped = "", notebook = ""] = repliesTo(USERS.ha).slice(before);
    expect(stopped).toContain("Bot đã lưu việc 1, việc 2 vào bản nháp");
    // The notebook read after the stop saved the items, not before it.
    expect(notebook).toContain("Mỗi quý đọc 1 tác phẩm của Bác");
    expect(notebook).toContain("Giải quyết đúng hạn 100% hồ sơ");
    expect(notebookReads).toBe(1);
  });
});
