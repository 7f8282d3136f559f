// Two real bot processes (ROLES=web,bot, webhook mode) on one PostgreSQL database receive one
// member's registration updates interleaved: every update is handled once, in arrival order, and
// the registration comes out right. Ordering across processes rests on the row lock of the
// conversation's first unfinished update (src/channels/inbox).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../prisma/seed-demo.ts";
import { createInvite } from "../../src/db/invites.ts";
import { findMembersByName } from "../../src/db/members.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/fake-telegram.ts";
import { baseEnv, freePort, spawnApp, stopProcess, waitFor, type Spawned } from "../support/processes.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const SECRET = "two-processes-secret_0123";
let t: TestDb;
let tg: FakeTelegram;
const apps: Spawned[] = [];
const ports: number[] = [];

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, { year: new Date().getFullYear() });
  tg = await startFakeTelegram({ token: "424242:two-processes-bot" });
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    ports.push(port);
    const app = spawnApp({
      ...baseEnv(),
      ROLES: "web,bot",
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: t.url,
      SEED_DEMO: "false",
      REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
      REDIS_AUTOSTART: "false",
      QUEUE_PREFIX: `two${i}${Date.now()}`,
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/webhooks/telegram`,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      LOG_LEVEL: "warn",
    });
    apps.push(app);
  }
  for (const [i, port] of ports.entries()) {
    await waitFor(
      `bot process ${i} to listen`,
      async () => {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        if (!r) {
          const exited = await apps[i]!.exitedWithin(0);
          if (exited !== "still running") throw new Error(`process ${i} exited: ${apps[i]!.stderr()}${apps[i]!.stdout()}`);
        }
        return r?.status === 200 ? true : undefined;
      },
      // Start-up applies migrations through the Prisma CLI: slow on a busy machine.
      180_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${apps[i]!.stdout().slice(-2000)}\n${apps[i]!.stderr().slice(-2000)}`);
    });
  }
}, 400_000);

afterAll(async () => {
  for (const app of apps) await stopProcess(app);
  await tg?.close();
  await t?.drop();
});

async function post(port: number, update: unknown): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/webhooks/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body: JSON.stringify(update),
  });
  return response.status;
}

describe("two bot processes behind one webhook URL", () => {
  it("handle one member's interleaved registration updates once each, in order", async () => {
    const [member] = await findMembersByName(t.db, "Hoàng Minh Tuấn");
    const { code } = await createInvite(t.db, member!.id, null, new Date());
    const user = 7001;
    // This year's registration named, so no year question (from November /dangky would offer next year's).
    const year = new Date().getFullYear();
    const steps = [
      `/start ${code}`,
      `/dangky ${year}`,
      "nhap tung buoc",
      "Mỗi tháng đọc một tác phẩm của Bác về công tác dân vận, ghi 5 dòng thu hoạch vào sổ tay",
      "Giải quyết đúng hạn 100% hồ sơ đất đai được phân công trong năm, báo trước cho người dân nếu hồ sơ có nguy cơ trễ hẹn",
      "xong",
      "1", // item 1 also covers nêu gương
    ];
    const updates = steps.map((text) => tg.textUpdate(user, text, { firstName: "Tuấn" }));
    // Posted one after another (as Telegram does for one chat), alternating between the processes;
    // each answer comes once the update is stored, long before it is handled.
    for (const [i, update] of updates.entries()) expect(await post(ports[i % 2]!, update)).toBe(200);

    const rows = await waitFor(
      "every update handled",
      async () => {
        const found = await t.db.inboundUpdate.findMany({ where: { platform: "TELEGRAM" }, orderBy: { seq: "asc" } });
        return found.length === steps.length && found.every((r) => r.status === "DONE") ? found : undefined;
      },
      60_000,
    );
    expect(rows.map((r) => r.updateId)).toEqual(updates.map((u) => String(u.update_id)));
    // Handled once each, in arrival order. Attempts are counted for rows a process found by its
    // sweep (stored by the other one): at most one such start each.
    expect(
      rows.map((r) => [r.attempts, r.repliesSent]),
      "attempts and replies sent per update",
    ).toEqual(rows.map((r) => [Math.min(r.attempts, 1), Math.max(r.repliesSent, 1)]));
    const handled = rows.map((r) => r.handledAt!.getTime());
    expect([...handled].sort((a, b) => a - b)).toEqual(handled);

    const registration = await t.db.registration.findFirst({
      where: { memberId: member!.id },
      include: { items: { orderBy: { position: "asc" } } },
    });
    expect(registration?.status).toBe("DRAFT");
    expect(registration?.items).toHaveLength(2);
    expect(registration?.items[0]).toMatchObject({ category: "STUDY", categories: ["STUDY", "EXAMPLE"], timeframe: "Mỗi tháng" });
    expect(registration?.items[0]?.text).toContain("Mỗi tháng đọc một tác phẩm của Bác");
    const texts = tg.sent.filter((s) => s.chatId === String(user)).map((s) => s.text ?? "");
    expect(texts.join("\n")).toContain("Đã lưu 2 việc vào bản nháp.");
  }, 120_000);
});
