// Exactly-once handling across a real crash: a bot process (test/support/inbox-process.ts) is
// SIGKILLed at a chosen point of handling a member's /start CODE (which links the account and
// answers with two messages), and a new process takes over. Whatever the point, the account is
// linked once and the member gets the greeting and the command list once each, in order:
//   - killed inside the handling transaction: nothing of it happened; the new process handles it;
//   - killed after the commit, before the first reply: the new process sends the stored replies and
//     does not handle the message again (it would answer "already linked" instead);
//   - killed after the first reply went out: only the second is sent.
// The replies are sent after the commit under a claim, not a lock: a second process running while
// the sender is stuck in its send leaves them alone, and takes them over once the sender is dead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../prisma/seed-demo.ts";
import { createInvite } from "../../src/db/invites.ts";
import { findMembersByName } from "../../src/db/members.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/fake-telegram.ts";
import { spawnInboxProcess, type InboxProcess } from "../support/inbox-process.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let t: TestDb;
// One fake for every case: its update ids keep growing, as a real bot's do (a second fake would
// number from 1 again, and the inbox would take those for redeliveries).
let tg: FakeTelegram;
const processes: InboxProcess[] = [];

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, { year: 2026 });
  tg = await startFakeTelegram({ token: "707070:crash-bot" });
});
afterAll(async () => {
  for (const p of processes) await p.kill();
  await tg?.close();
  await t?.drop();
});

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function crashAndRecover(options: { name: string; user: number; hangAt: string }) {
  {
    const [member] = await findMembersByName(t.db, options.name);
    const { code } = await createInvite(t.db, member!.id, null, new Date());
    const env = { DATABASE_URL: t.url, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot };
    const chat = String(options.user);
    const textsTo = () => tg.sent.filter((s) => s.chatId === chat).map((s) => s.text ?? "");
    const linked = () => t.db.identity.count({ where: { platform: "TELEGRAM", externalUserId: chat, memberId: member!.id } });

    const first = spawnInboxProcess({ ...env, HANG_AT: options.hangAt });
    processes.push(first);
    await first.waitFor("ready");
    await tg.pushUpdate(tg.textUpdate(options.user, `/start ${code}`, { firstName: "Đồng" }));
    await first.waitFor("hanging");
    await first.kill();
    const atKill = { texts: textsTo(), linked: await linked() };

    const second = spawnInboxProcess(env);
    processes.push(second);
    await second.waitFor("ready");
    await until(async () => (await t.db.inboundUpdate.count({ where: { conversation: `TELEGRAM:${chat}:${chat}`, status: "DONE" } })) === 1, "the update done");
    // Anything sent twice would arrive right after: give it the time of a few sweeps.
    await new Promise((r) => setTimeout(r, 1000));
    await second.kill();
    const row = await t.db.inboundUpdate.findFirstOrThrow({ where: { conversation: `TELEGRAM:${chat}:${chat}` } });
    return { atKill, texts: textsTo(), linked: await linked(), row };
  }
}

function expectGreetingThenHelp(texts: string[]) {
  expect(texts).toHaveLength(2);
  expect(texts[0]).toContain("đồng chí");
  expect(texts[1]).toContain("/dangky");
}

describe("a bot process killed while handling an update", () => {
  it("inside the handling transaction: nothing of it stays, and the next process handles it once", async () => {
    const r = await crashAndRecover({ name: "Phạm Thị Hồng Nhung", user: 8101, hangAt: "answer" });
    expect(r.atKill).toEqual({ texts: [], linked: 0 });
    expectGreetingThenHelp(r.texts);
    expect(r.linked).toBe(1);
    expect(r.row.repliesSent).toBe(2);
  }, 300_000);

  it("after the commit, before any reply: the stored replies go out once, the update is not handled again", async () => {
    const r = await crashAndRecover({ name: "Hoàng Minh Tuấn", user: 8102, hangAt: "send:1" });
    expect(r.atKill).toEqual({ texts: [], linked: 1 });
    expectGreetingThenHelp(r.texts);
    expect(r.linked).toBe(1);
  }, 300_000);

  it("after the first reply went out: only the second is sent", async () => {
    const r = await crashAndRecover({ name: "Võ Thị Thu Hà", user: 8103, hangAt: "send:2" });
    expect(r.atKill.texts).toHaveLength(1);
    expect(r.atKill.texts[0]).toContain("đồng chí");
    expectGreetingThenHelp(r.texts);
    expect(r.linked).toBe(1);
  }, 300_000);

  it("while the sender is alive but stuck in a send, a second process leaves the replies alone; after the kill it sends them once", async () => {
    const [member] = await findMembersByName(t.db, "Đặng Văn Lợi");
    const { code } = await createInvite(t.db, member!.id, null, new Date());
    const env = { DATABASE_URL: t.url, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot };
    const chat = "8104";
    const textsTo = () => tg.sent.filter((s) => s.chatId === chat).map((s) => s.text ?? "");
    const sender = spawnInboxProcess({ ...env, HANG_AT: "send:1" });
    processes.push(sender);
    await sender.waitFor("ready");
    await tg.pushUpdate(tg.textUpdate(8104, `/start ${code}`, { firstName: "Lợi" }));
    await sender.waitFor("hanging");
    const other = spawnInboxProcess(env);
    processes.push(other);
    await other.waitFor("ready");
    // Several leases (1.5 s in the test processes) and sweeps (0.2 s): the stuck sender renews its claim.
    await new Promise((r) => setTimeout(r, 6000));
    expect(textsTo()).toEqual([]);
    expect((await t.db.inboundUpdate.findFirstOrThrow({ where: { conversation: `TELEGRAM:${chat}:${chat}` } })).status).toBe("REPLYING");

    await sender.kill();
    await until(async () => (await t.db.inboundUpdate.count({ where: { conversation: `TELEGRAM:${chat}:${chat}`, status: "DONE" } })) === 1, "the update done");
    await new Promise((r) => setTimeout(r, 1000));
    await other.kill();
    expectGreetingThenHelp(textsTo());
  }, 300_000);
});
