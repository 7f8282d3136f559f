// Reminder, nudge, group-post, digest and roll-up processors on real PostgreSQL, Redis and BullMQ:
// what each member is told, who is told nothing, quiet hours, and exactly one Delivery per
// recipient however often a job runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Worker } from "bullmq";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { TEST_REDIS_URL, uniquePrefix } from "../support/redis.ts";
import { at, createPlannerRig, linkTelegram, memberId, type PlannerRig } from "../support/planned.ts";
import { seedDemo, DEMO_CELLS } from "../../prisma/seed-demo.ts";
import { findUnitByName } from "../../src/db/units.ts";
import { createRedis } from "../../src/redis.ts";
import { digestJobId, nudgeJobId, reminderJobId, rollupJobId } from "../../src/domain/meeting-jobs.ts";
import { createPlannedProcessor, processPlannedJob } from "../../jobs/planned/processor.ts";
import { PLANNED_QUEUE } from "../../jobs/queues.ts";
import type { PlannedJobData } from "../../jobs/planned/queue.ts";

const OFFICE_NAMES = [
  "Nguyễn Văn Hùng",
  "Trần Thị Mai",
  "Lê Quang Vinh",
  "Phạm Thị Hồng Nhung",
  "Hoàng Minh Tuấn",
  "Võ Thị Thu Hà",
  "Đặng Văn Lợi",
  "Ngô Văn Bảy",
];

let t: TestDb;
let r: PlannerRig;
let committeeId: string;
let officeId: string;
let residentialId: string;
const ids: Record<string, string> = {};
let meeting: { id: string; startsAt: Date };

const textOf = (d: { payload: unknown }) => (d.payload as { text: string }).text;

async function deliveriesFor(purpose: string, keyPrefix: string) {
  return t.db.delivery.findMany({ where: { purpose, dedupeKey: { startsWith: keyPrefix } }, orderBy: { dedupeKey: "asc" } });
}

function byMember<T extends { memberId: string | null }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.memberId!, row]));
}

beforeAll(async () => {
  t = await createTestDb();
  committeeId = (await seedDemo(t.db, { year: 2026 })).committeeId;
  officeId = (await findUnitByName(t.db, DEMO_CELLS[0]))!.id;
  residentialId = (await findUnitByName(t.db, DEMO_CELLS[1]))!.id;
  for (const name of [
    "Nguyễn Văn Hùng",
    "Phạm Thị Hồng Nhung",
    "Hoàng Minh Tuấn",
    "Võ Thị Thu Hà",
    "Đặng Văn Lợi",
    "Ngô Văn Bảy",
    "Phạm Quốc Khánh",
    "Mai Văn Sơn",
    "Tạ Văn Đức",
  ]) {
    ids[name] = await linkTelegram(t.db, name);
  }
  // The deputy secretary reads on Zalo (her digest must fit Zalo's 2000 characters).
  ids["Trần Thị Mai"] = await memberId(t.db, "Trần Thị Mai");
  await t.db.identity.create({ data: { platform: "ZALO", externalUserId: "zalo-mai", chatId: "zalo-mai", memberId: ids["Trần Thị Mai"] } });

  // What each member still owes before the year-end meeting (it evaluates the year 2026).
  const submitted = at("15/11/2026 09:00");
  await t.db.registration.create({ data: { memberId: ids["Nguyễn Văn Hùng"]!, year: 2026, status: "APPROVED", submittedAt: submitted } });
  await t.db.assessment.create({ data: { memberId: ids["Nguyễn Văn Hùng"]!, kind: "YEARLY", period: "2026", year: 2026, submittedAt: submitted } });
  // Nhung: nothing at all.
  await t.db.registration.create({ data: { memberId: ids["Hoàng Minh Tuấn"]!, year: 2026, status: "RETURNED", submittedAt: submitted } });
  await t.db.assessment.create({ data: { memberId: ids["Hoàng Minh Tuấn"]!, kind: "YEARLY", period: "2026", year: 2026, submittedAt: submitted } });
  await t.db.registration.create({ data: { memberId: ids["Võ Thị Thu Hà"]!, year: 2026, status: "SUBMITTED", submittedAt: submitted } });
  // An assessment started but not sent does not count.
  await t.db.assessment.create({ data: { memberId: ids["Võ Thị Thu Hà"]!, kind: "YEARLY", period: "2026", year: 2026, submittedAt: null } });
  await t.db.registration.create({ data: { memberId: ids["Đặng Văn Lợi"]!, year: 2026, status: "APPROVED", submittedAt: submitted } });
  await t.db.member.update({ where: { id: ids["Đặng Văn Lợi"]! }, data: { optionalRemindersOff: true } });

  await t.db.unit.update({ where: { id: officeId }, data: { groupChatPlatform: "TELEGRAM", groupChatId: "-100777" } });

  r = createPlannerRig(t.db, uniquePrefix("reminders"), { now: at("20/11/2026 10:00") });
  await r.plan();
  meeting = await t.db.meeting.findFirstOrThrow({ where: { unitId: officeId, occurrenceKey: "2026-12" } });
  expect(meeting.startsAt.toISOString()).toBe("2026-12-05T07:00:00.000Z");
});

afterAll(async () => {
  await r?.close();
  await t?.drop();
});

describe("meeting reminders", () => {
  it("3 days before: each ACTIVE linked member gets date, time, place, theme and what they still owe with the command", async () => {
    r.clock.now = at("02/12/2026 14:00");
    const ran = await r.runDue();
    expect(ran.map((x) => x.id)).toContain(reminderJobId(meeting.id, 4320, meeting.startsAt));
    const rows = await deliveriesFor("reminder", `reminder:${meeting.id}:`);
    const got = byMember(rows);
    // Lợi turned optional reminders off; Bảy is EXEMPT; Vinh has no account; Mai reads on Zalo.
    expect(new Set(got.keys())).toEqual(
      new Set([ids["Nguyễn Văn Hùng"], ids["Phạm Thị Hồng Nhung"], ids["Hoàng Minh Tuấn"], ids["Võ Thị Thu Hà"], ids["Trần Thị Mai"]]),
    );
    for (const row of rows) {
      const text = textOf(row);
      expect(row.dedupeKey).toBe(`reminder:${meeting.id}:${row.memberId}:4320:${meeting.startsAt.getTime()}`);
      expect(row.status).toBe("PENDING");
      expect(row.notBefore).toBeNull();
      expect(text).toContain("Thứ Bảy, 05/12/2026, 14:00");
      expect(text).toContain("Địa điểm: Hội trường UBND phường");
      expect(text).toContain("Chuyên đề năm 2026: Học tập và làm theo tư tưởng");
      expect(text).toContain("Sinh hoạt chi bộ cuối năm");
      expect(text).toContain("/nhac tat");
      // Queued for delivery on the member's platform.
      const queue = row.platform === "ZALO" ? r.jobs.deliveryQueues.ZALO : r.jobs.deliveryQueues.TELEGRAM;
      expect(await queue.getJob(row.id)).toBeDefined();
    }
    const hung = textOf(got.get(ids["Nguyễn Văn Hùng"]!)!);
    expect(hung).toContain("Kính gửi đồng chí Hùng");
    expect(hung).toContain("đã đăng ký và đã tự đánh giá năm 2026");
    expect(hung).not.toContain("/dangky");
    expect(hung).not.toContain("/danhgia");

    const nhung = textOf(got.get(ids["Phạm Thị Hồng Nhung"]!)!);
    expect(nhung).toContain("đồng chí Nhung");
    expect(nhung).toContain("Chưa nộp bản đăng ký học tập và làm theo Bác năm 2026: gõ /dangky 2026");
    // /danhgia refuses until the registration is sent: the assessment comes second.
    expect(nhung).toContain("Chưa gửi tự đánh giá năm 2026: nộp bản đăng ký xong thì gõ /danhgia");

    const tuan = textOf(got.get(ids["Hoàng Minh Tuấn"]!)!);
    expect(tuan).toContain("được chi ủy trả lại, cần sửa và nộp lại: gõ /dangky 2026");
    expect(tuan).not.toContain("/danhgia");

    const ha = textOf(got.get(ids["Võ Thị Thu Hà"]!)!);
    expect(ha).toContain("Chưa gửi tự đánh giá năm 2026: gõ /danhgia");
    expect(ha).not.toContain("/dangky");
  });

  it("creates exactly one Delivery per recipient when the same job runs again", async () => {
    const job = (await r.queue.getJob(reminderJobId(meeting.id, 4320, meeting.startsAt)))!;
    const before = await t.db.delivery.findMany({ orderBy: { id: "asc" } });
    const results = await Promise.all([processPlannedJob(r.deps(), job), processPlannedJob(r.deps(), job)]);
    for (const result of results) expect(result).toBe("reminder 4320: 0 created, 5 already there");
    expect(await t.db.delivery.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  it("2 days before: one nudge, only to those who still owe the assessment", async () => {
    r.clock.now = at("03/12/2026 14:00");
    const ran = await r.runDue();
    expect(ran.map((x) => x.id)).toContain(nudgeJobId(meeting.id, meeting.startsAt));
    const rows = await deliveriesFor("nudge", `nudge:${meeting.id}:`);
    const got = byMember(rows);
    // Hùng and Tuấn sent theirs; Bảy is EXEMPT; Lợi owes it (nudges are not optional).
    expect(new Set(got.keys())).toEqual(new Set([ids["Phạm Thị Hồng Nhung"], ids["Võ Thị Thu Hà"], ids["Đặng Văn Lợi"], ids["Trần Thị Mai"]]));
    for (const row of rows) {
      expect(row.dedupeKey).toBe(`nudge:${meeting.id}:${row.memberId}`);
      // Registration first where one is owed: /danhgia refuses until it is sent.
      const owesRegistration = textOf(row).includes("/dangky");
      expect(textOf(row)).toContain(`Chưa gửi tự đánh giá năm 2026: ${owesRegistration ? "nộp bản đăng ký xong thì " : ""}gõ /danhgia`);
      expect(textOf(row)).toContain("Thứ Bảy, 05/12/2026, 14:00");
    }
    expect(textOf(got.get(ids["Phạm Thị Hồng Nhung"]!)!)).toContain("/dangky");
    expect(textOf(got.get(ids["Võ Thị Thu Hà"]!)!)).not.toContain("/dangky");
    // Run again: still one each.
    const job = (await r.queue.getJob(nudgeJobId(meeting.id, meeting.startsAt)))!;
    expect(await processPlannedJob(r.deps(), job)).toBe("nudge: 0 created, 4 already there");
  });

  it("1 day before: the essential reminder reaches members who turned optional ones off, and the group gets a post without names", async () => {
    r.clock.now = at("04/12/2026 14:00");
    const ran = await r.runDue();
    const result = ran.find((x) => x.id === reminderJobId(meeting.id, 1440, meeting.startsAt));
    expect(result?.result).toBe("reminder 1440: 7 created, 0 already there");
    // The 3-day job, if a worker got it only now, is superseded and sends nothing.
    expect(ran.find((x) => x.id === reminderJobId(meeting.id, 4320, meeting.startsAt))?.result).toMatch(/^skipped/);
    const rows = await deliveriesFor("reminder", `reminder:${meeting.id}:`);
    const dayBefore = rows.filter((row) => row.dedupeKey.includes(":1440:"));
    expect(dayBefore.map((row) => row.memberId)).toContain(ids["Đặng Văn Lợi"]);
    expect(dayBefore.map((row) => row.memberId)).not.toContain(ids["Ngô Văn Bảy"]);
    expect(textOf(dayBefore[0]!)).toContain("Nhắc lịch sinh hoạt chi bộ ngày mai");
    expect(textOf(dayBefore.find((row) => row.memberId === ids["Đặng Văn Lợi"])!)).not.toContain("/nhac tat");

    const group = await deliveriesFor("reminder-group", `reminder-group:${meeting.id}:`);
    expect(group).toHaveLength(1);
    const post = group[0]!;
    expect(post).toMatchObject({ memberId: null, identityId: null, platform: "TELEGRAM", chatId: "-100777", status: "PENDING" });
    expect(post.dedupeKey).toBe(`reminder-group:${meeting.id}:1440:${meeting.startsAt.getTime()}`);
    const text = textOf(post);
    expect(text).toContain("Thứ Bảy, 05/12/2026, 14:00");
    expect(text).toContain("Hội trường UBND phường");
    expect(text).toContain("Chuyên đề năm 2026");
    for (const name of OFFICE_NAMES) expect(text).not.toContain(name);
    expect(text).not.toMatch(/[Đđ]ồng chí \p{Lu}/u);
    expect(text).not.toContain("/dangky");
    expect(text).not.toContain("/danhgia");
    // Optional reminders (3 days, 2 hours) are not posted in the group.
    expect(await t.db.delivery.count({ where: { purpose: "reminder-group", dedupeKey: { contains: ":4320:" } } })).toBe(0);
  });

  it("the chi ủy digest goes to the secretary and chi ủy 1 day before, once, within each platform's limit", async () => {
    const job = (await r.queue.getJob(digestJobId(meeting.id, meeting.startsAt)))!;
    expect(job.data.dueAtMs).toBe(at("04/12/2026 14:00").getTime());
    const first = await processPlannedJob(r.deps(), job);
    // The runDue above may already have run it; either way there is one row per recipient.
    expect(first).toMatch(/^digest: /);
    const rows = await deliveriesFor("digest", `digest:${meeting.id}:`);
    expect(new Set(rows.map((row) => row.memberId))).toEqual(new Set([ids["Nguyễn Văn Hùng"], ids["Trần Thị Mai"]]));
    for (const row of rows) {
      expect(textOf(row)).toContain("TỔNG HỢP");
      if (row.platform === "ZALO") expect(textOf(row).length).toBeLessThanOrEqual(2000);
    }
    expect(await processPlannedJob(r.deps(), job)).toBe("digest: 0 created, 2 already there");
  });

  it("the roll-up goes to the committee's supervisors on day 1, once", async () => {
    const clock = r.clock.now;
    r.clock.now = at("01/12/2026 08:00");
    const data: PlannedJobData = { committeeId, month: "2026-12", dueAtMs: r.clock.now.getTime() };
    const first = await processPlannedJob(r.deps(), { id: rollupJobId(committeeId, "2026-12"), name: "rollup", data });
    expect(first).toMatch(/^rollup 2026-12: [01] created/);
    const rows = await deliveriesFor("rollup", `rollup:${committeeId}:2026-12:`);
    expect(rows.map((row) => [row.memberId, row.dedupeKey])).toEqual([[ids["Phạm Quốc Khánh"], `rollup:${committeeId}:2026-12:${ids["Phạm Quốc Khánh"]}`]]);
    expect(textOf(rows[0]!)).toContain("BÁO CÁO");
    expect(await processPlannedJob(r.deps(), { id: rollupJobId(committeeId, "2026-12"), name: "rollup", data })).toBe(
      "rollup 2026-12: 0 created, 1 already there",
    );
    r.clock.now = clock;
  });

  it("quiet hours: a reminder that runs late at night waits until 07:00", async () => {
    const kp4 = await t.db.meeting.findFirstOrThrow({ where: { unitId: residentialId, occurrenceKey: "2026-12" } });
    // Sunday 06/12 08:00; its 1-day reminder was due Saturday 08:00 but a worker only gets it at 22:00.
    r.clock.now = at("05/12/2026 22:00");
    const job = (await r.queue.getJob(reminderJobId(kp4.id, 1440, kp4.startsAt)))!;
    expect(await processPlannedJob(r.deps(), job)).toBe("reminder 1440: 1 created, 0 already there");
    const [row] = (await deliveriesFor("reminder", `reminder:${kp4.id}:`)).filter((d) => d.dedupeKey.includes(":1440:"));
    expect(row!.memberId).toBe(ids["Mai Văn Sơn"]);
    expect(row!.notBefore?.toISOString()).toBe(at("06/12/2026 07:00").toISOString());
    expect(textOf(row!)).toContain("Chủ Nhật, 06/12/2026, 08:00");
    expect(textOf(row!)).toContain("hôm nay");
    // The delivery job waits for it too (the member EXEMPT in this cell, Đức, gets nothing).
    const delivery = await r.jobs.deliveryQueues.TELEGRAM.getJob(row!.id);
    expect(delivery!.opts.delay).toBe(9 * 3600_000);
    expect(await t.db.delivery.count({ where: { memberId: ids["Tạ Văn Đức"] } })).toBe(0);
    // The 2-hour reminder itself was planned for 07:00, not 06:00.
    expect((await r.queue.getJob(reminderJobId(kp4.id, 120, kp4.startsAt)))!.data.dueAtMs).toBe(at("06/12/2026 07:00").getTime());
  });

  it("EXEMPT members get nothing at all", async () => {
    expect(await t.db.delivery.count({ where: { memberId: ids["Ngô Văn Bảy"] } })).toBe(0);
    expect(await t.db.delivery.count({ where: { memberId: ids["Tạ Văn Đức"] } })).toBe(0);
  });

  it("a real BullMQ worker runs the planned jobs that are due (and they add nothing already there)", async () => {
    const rig = createPlannerRig(t.db, uniquePrefix("reminders-worker"), { now: at("04/12/2026 15:00") });
    const connection = createRedis(TEST_REDIS_URL);
    const worker = new Worker<PlannedJobData, string>(PLANNED_QUEUE, (job) => createPlannedProcessor(rig.deps())(job), {
      connection,
      prefix: rig.config.QUEUE_PREFIX,
    });
    try {
      const summary = await rig.plan();
      expect(summary.jobsAdded).toBeGreaterThan(2);
      // Due now: the office meeting's 1-day reminder and its digest, and the Sunday meeting's 3-day one.
      const due = [reminderJobId(meeting.id, 1440, meeting.startsAt), digestJobId(meeting.id, meeting.startsAt)];
      const deadline = Date.now() + 10_000;
      let states: string[] = [];
      while (Date.now() < deadline) {
        states = await Promise.all(due.map((id) => rig.queue.getJobState(id)));
        if (states.every((s) => s === "completed")) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(states).toEqual(["completed", "completed"]);
      expect((await rig.queue.getJob(due[0]!))!.returnvalue).toBe("reminder 1440: 0 created, 7 already there");
      expect((await rig.queue.getJob(due[1]!))!.returnvalue).toBe("digest: 0 created, 2 already there");
      // Finished jobs are kept: planning again adds nothing.
      expect((await rig.plan()).jobsAdded).toBe(0);
    } finally {
      await worker.close();
      connection.disconnect();
      await rig.close();
    }
  });
});
