// /dangky over the platform fakes: three items typed in one message, then one button press on
// Telegram ("Đúng, gửi chi ủy") or one number on Zalo; the coach's choices by number on Zalo.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/fake-telegram.ts";
import { startFakeZalo, type FakeZalo } from "../fakes/fake-zalo.ts";
import { seedDemo } from "../../prisma/seed-demo.ts";
import { createEngine } from "../../src/conversations/create-engine.ts";
import { startInbound } from "../support/inbound.ts";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { createZaloAdapter } from "../../src/channels/zalo/adapter.ts";
import { findMembersByName } from "../../src/db/members.ts";
import { silentLogger } from "../../src/log.ts";
import { COMMITMENT_TEMPLATES } from "../../src/domain/commitment-templates.ts";

let t: TestDb;
let tg: FakeTelegram;
let zalo: FakeZalo;
const stops: Array<() => Promise<unknown>> = [];
const NOW = new Date("2026-03-10T03:00:00Z");

const THREE_ITEMS = [
  "- Moi thang doc mot tac pham cua Bac ve cong tac dan van, ghi 5 dong thu hoach vao so tay",
  "- Giai quyet dung han 100% ho so dat dai duoc phan cong trong nam 2026",
  "- Khong nhan qua, phong bi cua nguoi den lam thu tuc dat dai",
].join("\n");

async function memberId(name: string) {
  const [found] = await findMembersByName(t.db, name);
  if (!found) throw new Error(`no member ${name}`);
  return found.id;
}
async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const status = async (name: string) => (await t.db.registration.findFirst({ where: { memberId: await memberId(name), year: 2026 } }))?.status;

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, { year: 2026 });
  tg = await startFakeTelegram();
  zalo = await startFakeZalo();
  stops.push(
    () => tg.close(),
    () => zalo.close(),
  );
  const engine = createEngine({ db: t.db, log: silentLogger, zone: "Asia/Ho_Chi_Minh", now: () => NOW });
  const adapters = [
    createTelegramAdapter({ token: tg.token, apiRoot: tg.apiRoot, pollTimeoutSeconds: 1, requestTimeoutMs: 5000 }),
    createZaloAdapter({ token: zalo.token, apiBase: zalo.apiBase, pollTimeoutSeconds: 1, requestTimeoutMs: 5000 }),
  ];
  const inbox = startInbound({ db: t.db, engine, adapters });
  for (const adapter of adapters) {
    await adapter.start(inbox.accept);
    stops.push(() => adapter.stop());
  }
  stops.push(() => inbox.stop());
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await t?.drop();
});

describe("/dangky on Telegram with buttons", () => {
  it("three items typed in one message, then one press on “Đúng, gửi chi ủy”: 3 member messages", async () => {
    const tuan = await memberId("Hoàng Minh Tuấn");
    await t.db.identity.create({ data: { platform: "TELEGRAM", externalUserId: "9001", chatId: "9001", memberId: tuan } });
    const to = () => tg.sent.filter((s) => s.chatId === "9001");
    let member = 0;
    member++;
    await tg.pushUpdate(tg.textUpdate(9001, "/dangky"));
    await waitUntil(() => to().length >= 1, "the intro");
    member++;
    await tg.pushUpdate(tg.textUpdate(9001, THREE_ITEMS));
    await waitUntil(
      () => to().some((s) => (s.text ?? "").includes("Đúng, gửi chi ủy") || JSON.stringify(s.replyMarkup ?? "").includes("Đúng, gửi chi ủy")),
      "the review",
    );
    const review = to()[to().length - 1];
    expect(review?.text).toContain("3. Nêu gương: Khong nhan qua");
    const buttons = (review?.replyMarkup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat();
    const confirm = buttons.find((b) => b.text === "Đúng, gửi chi ủy");
    expect(confirm).toBeDefined();
    member++;
    await tg.pushUpdate(tg.callbackUpdate(9001, confirm?.callback_data ?? ""));
    await waitUntil(async () => (await status("Hoàng Minh Tuấn")) === "SUBMITTED", "submitted");
    await waitUntil(() => to().some((s) => (s.text ?? "").includes("Đã gửi bản đăng ký tới chi ủy")), "the confirmation");
    expect(member).toBeLessThanOrEqual(5);
  });
});

describe("/dangky on Zalo with numbers", () => {
  let seen = 0;
  async function send(user: string, text: string, expectPart: string): Promise<string> {
    await zalo.pushText(user, text);
    await waitUntil(
      () =>
        zalo.sent
          .filter((s) => s.chatId === user)
          .slice(seen)
          .some((s) => (s.text ?? "").includes(expectPart)),
      `"${expectPart}"`,
    );
    const mine = zalo.sent.filter((s) => s.chatId === user);
    const out = mine
      .slice(seen)
      .map((s) => s.text ?? "")
      .join("\n---\n");
    seen = mine.length;
    return out;
  }

  it("three items in one message, then “1”: submitted in 3 member messages", async () => {
    const loi = await memberId("Đặng Văn Lợi");
    await t.db.identity.create({ data: { platform: "ZALO", externalUserId: "z-loi", chatId: "z-loi", memberId: loi } });
    seen = 0;
    // The intro asks for the items, with no menu of one option to answer first.
    expect(await send("z-loi", "/dangky", "mỗi việc một dòng")).not.toMatch(/\n1\. |trả lời (1|bằng số)/);
    const items = [
      "1) Moi quy doc 1 van ban phap luat moi ve van thu, tom tat 1 trang gui chi bo",
      "2) Tra loi don thu cua cong dan trong vong 7 ngay lam viec ke tu khi nhan",
      "3) Khong dung may tinh co quan vao viec rieng",
    ].join("\n");
    const review = await send("z-loi", items, "Đúng, gửi chi ủy");
    expect(review).toContain("1. Đúng, gửi chi ủy");
    expect(await send("z-loi", "1", "Đã gửi bản đăng ký")).toContain("Đã gửi bản đăng ký tới chi ủy");
    expect(await status("Đặng Văn Lợi")).toBe("SUBMITTED");
  });

  it("a teacher takes the coach's example by number and covers two contents with “2 3”", async () => {
    const yen = await memberId("Cao Thị Yến");
    await t.db.identity.create({ data: { platform: "ZALO", externalUserId: "z-yen", chatId: "z-yen", memberId: yen } });
    seen = 0;
    await send("z-yen", "/dangky", "mỗi việc một dòng");
    const coach = await send(
      "z-yen",
      "1. Nâng cao chất lượng giảng dạy\n2. Dạy phụ đạo miễn phí 2 buổi mỗi tuần cho học sinh yếu lớp 9A\n3. Đọc 1 cuốn sách về Bác mỗi quý",
      "Giữ nguyên",
    );
    const teacher = COMMITMENT_TEMPLATES.TEACHER.FOLLOW;
    expect(coach).toContain("Việc 1: “Nâng cao chất lượng giảng dạy”");
    expect(coach).toContain("4. Viết lại\n5. Giữ nguyên");
    const shown = teacher.filter((e) => coach.includes(e));
    expect(shown.length).toBeGreaterThanOrEqual(2);
    const contents = await send("z-yen", "2", "Việc nào gồm cả nêu gương?");
    expect(contents).toContain("Việc 1: Tốt, việc đã cụ thể.");
    const review = await send("z-yen", "2 3", "Đúng, gửi chi ủy");
    expect(review).toMatch(/2\. Làm theo \+ Nêu gương: Dạy phụ đạo/);
    expect(review).toMatch(/3\. Học tập \+ Nêu gương: Đọc 1 cuốn sách/);
    await send("z-yen", "1", "Đã gửi bản đăng ký");
    const reg = await t.db.registration.findFirstOrThrow({ where: { memberId: yen }, include: { items: { orderBy: { position: "asc" } } } });
    expect(reg.status).toBe("SUBMITTED");
    expect(shown).toContain(reg.items[0]?.text);
    expect(reg.items.map((i) => i.categories)).toEqual([["FOLLOW"], ["FOLLOW", "EXAMPLE"], ["STUDY", "EXAMPLE"]]);
  });
});
