// The planner on real PostgreSQL, Redis and BullMQ: meetings materialized from the rules for 60
// days, idempotent runs, two planners at once, moves and cancellations, and a Redis that lost its data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { uniquePrefix } from "../support/redis.ts";
import { at, createPlannerRig, flushPrefix, linkTelegram, memberId, type PlannerRig } from "../support/planned.ts";
import { seedDemo, DEMO_CELLS } from "../../prisma/seed-demo.ts";
import { findUnitByName } from "../../src/db/units.ts";
import { cancelMeeting, moveMeeting } from "../../src/db/meetings.ts";
import { tellMeetingChange } from "../../src/usecases/meeting-notices.ts";
import { createNotifier } from "../../src/usecases/notifier.ts";
import { silentLogger } from "../../src/log.ts";
import { digestJobId, nudgeJobId, reminderJobId, rollupJobId } from "../../src/domain/meeting-jobs.ts";
import { runPlanner } from "../../jobs/planner.ts";

const NOW = at("20/11/2026 10:00");

let t: TestDb;
const rigs: PlannerRig[] = [];
let officeId: string;
let residentialId: string;
let committeeId: string;

function rig(now = NOW): PlannerRig {
  const r = createPlannerRig(t.db, uniquePrefix("planner"), { now });
  rigs.push(r);
  return r;
}

beforeAll(async () => {
  t = await createTestDb();
  const seeded = await seedDemo(t.db, { year: 2026 });
  committeeId = seeded.committeeId;
  officeId = (await findUnitByName(t.db, DEMO_CELLS[0]))!.id;
  residentialId = (await findUnitByName(t.db, DEMO_CELLS[1]))!.id;
  for (const name of ["Nguyễn Văn Hùng", "Phạm Thị Hồng Nhung", "Hoàng Minh Tuấn", "Ngô Văn Bảy"]) await linkTelegram(t.db, name);
});

afterAll(async () => {
  for (const r of rigs) await r.close();
  await t?.drop();
});

const meetingOf = (unitId: string, key: string) => t.db.meeting.findFirstOrThrow({ where: { unitId, occurrenceKey: key } });

describe("planner", () => {
  it("materializes the rules' meetings for the next 60 days, in the unit's zone, marking year-end meetings", async () => {
    const r = rig();
    const summary = await r.plan();
    expect(summary.meetingsCreated).toBe(4);
    const meetings = await t.db.meeting.findMany({ orderBy: { startsAt: "asc" } });
    expect(meetings.map((m) => [m.unitId === officeId ? "office" : "kp4", m.occurrenceKey, m.startsAt.toISOString(), m.kind, m.status])).toEqual([
      // Day 5 at 14:00 and the first Sunday at 08:00, Ho Chi Minh time (UTC+7).
      ["office", "2026-12", "2026-12-05T07:00:00.000Z", "YEAR_END", "SCHEDULED"],
      ["kp4", "2026-12", "2026-12-06T01:00:00.000Z", "YEAR_END", "SCHEDULED"],
      ["kp4", "2027-01", "2027-01-03T01:00:00.000Z", "REGULAR", "SCHEDULED"],
      ["office", "2027-01", "2027-01-05T07:00:00.000Z", "REGULAR", "SCHEDULED"],
    ]);
    expect(meetings.every((m) => m.ruleId !== null)).toBe(true);
    expect(meetings.find((m) => m.occurrenceKey === "2026-12" && m.unitId === officeId)!.place).toBe("Hội trường UBND phường");
    // Seven weeks later the window reaches into March: February and March appear, March marked quarterly.
    r.clock.now = at("10/01/2027 10:00");
    expect((await r.plan()).meetingsCreated).toBe(4);
    const march = await meetingOf(officeId, "2027-03");
    expect(march.kind).toBe("QUARTERLY");
    expect(march.startsAt.toISOString()).toBe("2027-03-05T07:00:00.000Z");
    await t.db.meeting.deleteMany({ where: { occurrenceKey: { in: ["2027-02", "2027-03"] } } });
  });

  it("plans every reminder, nudge, digest and roll-up once: the second and third runs add nothing", async () => {
    const r = rig();
    const first = await r.plan();
    expect(first.meetingsCreated).toBe(0);
    const office = await meetingOf(officeId, "2026-12");
    const kp4 = await meetingOf(residentialId, "2026-12");
    // 4 meetings × (3 reminders + nudge + digest) + December's roll-up for the committee.
    expect(first.jobsAdded).toBe(21);
    const ids = (await r.pendingIds()).sort();
    expect(ids).toHaveLength(21);
    expect(ids).toEqual(
      expect.arrayContaining([
        reminderJobId(office.id, 4320, office.startsAt),
        reminderJobId(office.id, 1440, office.startsAt),
        reminderJobId(office.id, 120, office.startsAt),
        nudgeJobId(office.id, office.startsAt),
        digestJobId(office.id, office.startsAt),
        rollupJobId(committeeId, "2026-12"),
      ]),
    );
    // Delayed until due: the 1-day reminder at 14:00 the day before.
    const dayBefore = await r.queue.getJob(reminderJobId(office.id, 1440, office.startsAt));
    expect(dayBefore!.data).toMatchObject({ meetingId: office.id, startsAtMs: office.startsAt.getTime(), offsetMinutes: 1440 });
    expect(dayBefore!.data.dueAtMs).toBe(at("04/12/2026 14:00").getTime());
    expect(await dayBefore!.getState()).toBe("delayed");
    // The 2-hour reminder of the Sunday 08:00 meeting falls at 06:00, in the quiet hours: 07:00.
    const early = await r.queue.getJob(reminderJobId(kp4.id, 120, kp4.startsAt));
    expect(early!.data.dueAtMs).toBe(at("06/12/2026 07:00").getTime());

    for (let run = 2; run <= 3; run++) {
      const again = await r.plan();
      expect(again).toMatchObject({ jobsAdded: 0, jobsRemoved: 0, meetingsCreated: 0, jobsWanted: 21 });
      expect((await r.pendingIds()).sort()).toEqual(ids);
    }
    const counts = await r.queue.getJobCounts("delayed", "waiting", "active", "completed", "failed");
    expect(counts).toEqual({ delayed: 21, waiting: 0, active: 0, completed: 0, failed: 0 });
  });

  it("lets only one of two planners act at the same time, and the jobs are not duplicated", async () => {
    const a = rig();
    // Same queue prefix, separate Redis connections and queues: two scheduler processes.
    const b = createPlannerRig(t.db, a.config.QUEUE_PREFIX, a.clock);
    rigs.push(b);
    await Promise.all([a.redis.ping(), b.redis.ping()]);
    const [ra, rb] = await Promise.all([a.plan(), b.plan()]);
    const acted = [ra, rb].filter((s) => s.skipped !== "locked");
    expect(acted).toHaveLength(1);
    expect([ra, rb].filter((s) => s.skipped === "locked")).toHaveLength(1);
    expect(acted[0]!.jobsAdded).toBe(21);
    expect(await a.pendingIds()).toHaveLength(21);
    // The lock was released: either may plan next, adding nothing.
    expect(await b.plan()).toMatchObject({ jobsAdded: 0 });
    expect(await runPlanner({ db: t.db, redis: a.redis, config: a.config, now: () => NOW }, a.jobs)).toMatchObject({ jobsAdded: 0, jobsWanted: 21 });
    expect(await b.pendingIds()).toHaveLength(21);
  });

  it("moves a moved meeting's jobs: the old ones are gone, new ones exist for the new time", async () => {
    const r = rig();
    await r.plan();
    const before = await meetingOf(officeId, "2026-12");
    const newStart = at("10/12/2026 14:00");
    const moved = await moveMeeting(t.db, { unitId: officeId, meetingId: before.id, startsAt: newStart, actorId: null, now: NOW });
    expect(moved.ok).toBe(true);

    const summary = await r.plan();
    expect(summary).toMatchObject({ jobsRemoved: 5, jobsAdded: 5, meetingsCreated: 0 });
    for (const offset of [4320, 1440, 120]) {
      expect(await r.queue.getJob(reminderJobId(before.id, offset, before.startsAt))).toBeUndefined();
      const job = await r.queue.getJob(reminderJobId(before.id, offset, newStart));
      expect((job!.data as { startsAtMs: number }).startsAtMs).toBe(newStart.getTime());
    }
    expect(await r.queue.getJob(digestJobId(before.id, before.startsAt))).toBeUndefined();
    expect(await r.queue.getJob(nudgeJobId(before.id, newStart))).toBeDefined();
    expect((await r.queue.getJob(reminderJobId(before.id, 1440, newStart)))!.data.dueAtMs).toBe(at("09/12/2026 14:00").getTime());
    // Re-planning keeps the moved row and does not make December's rule meeting again.
    expect(await t.db.meeting.count({ where: { unitId: officeId, occurrenceKey: "2026-12" } })).toBe(1);
    expect((await meetingOf(officeId, "2026-12")).status).toBe("MOVED");
    expect(await r.plan()).toMatchObject({ jobsAdded: 0, jobsRemoved: 0, meetingsCreated: 0 });
    expect(await r.pendingIds()).toHaveLength(21);
  });

  it("cancelling removes the meeting's jobs and tells its members", async () => {
    const r = rig();
    await r.plan();
    const meeting = await meetingOf(residentialId, "2027-01");
    const kp4Member = await linkTelegram(t.db, "Mai Văn Sơn");
    const cancelled = await cancelMeeting(t.db, { unitId: residentialId, meetingId: meeting.id, actorId: null, now: NOW });
    expect(cancelled.ok).toBe(true);
    // Written without a queue (as the CLI does): the planner queues it.
    await tellMeetingChange(
      { db: t.db, now: NOW, notifier: createNotifier({ db: t.db, log: silentLogger }) },
      { meetingId: meeting.id, change: "cancelled", previousStartsAt: meeting.startsAt, actorId: null },
    );

    const summary = await r.plan();
    expect(summary.jobsRemoved).toBe(5);
    expect(summary.jobsAdded).toBe(0);
    const left = await r.pendingIds();
    expect(left.filter((id) => id.includes(meeting.id))).toEqual([]);
    expect(left).toHaveLength(16);
    // The notice: one per ACTIVE linked member of the cell, queued for delivery by the planner.
    const notices = await t.db.delivery.findMany({ where: { purpose: "meeting-cancelled" } });
    expect(notices.map((n) => [n.memberId, n.dedupeKey, n.status])).toEqual([[kp4Member, `cancel:${meeting.id}:${kp4Member}`, "PENDING"]]);
    const text = (notices[0]!.payload as { text: string }).text;
    expect(text).toContain("đã được hủy");
    expect(text).toContain("Chủ Nhật, 03/01/2027, 08:00");
    expect(summary.requeued).toBeGreaterThanOrEqual(1);
    expect(await r.jobs.deliveryQueues.TELEGRAM.getJob(notices[0]!.id)).toBeDefined();
    // A processor that still gets an old job of the meeting does nothing.
    expect(await r.runDue()).toEqual([]);
    const { processPlannedJob } = await import("../../jobs/planned/processor.ts");
    const stale = await processPlannedJob(r.deps(), {
      id: reminderJobId(meeting.id, 1440, meeting.startsAt),
      name: "reminder",
      data: { meetingId: meeting.id, startsAtMs: meeting.startsAt.getTime(), offsetMinutes: 1440, dueAtMs: 0 },
    });
    expect(stale).toContain("cancelled");
    expect(await t.db.delivery.count({ where: { purpose: "reminder" } })).toBe(0);
  });

  it("rebuilds the jobs after Redis lost its data, and sends nothing again that was already sent", async () => {
    const r = rig(at("02/12/2026 15:00"));
    await r.plan();
    // The Sunday 06/12 08:00 meeting's 3-day reminder is due 03/12 08:00 (December's roll-up, due
    // 01/12 08:00, is still in its catch-up window).
    r.clock.now = at("03/12/2026 09:00");
    await r.plan();
    const kp4 = await meetingOf(residentialId, "2026-12");
    const ran = await r.runDue();
    expect(ran.map((x) => x.id)).toEqual([rollupJobId(committeeId, "2026-12"), reminderJobId(kp4.id, 4320, kp4.startsAt)]);
    expect(ran[1]!.result).toMatch(/1 created/);
    // The delivery worker's part, simulated: everything sent.
    await t.db.delivery.updateMany({ where: { purpose: "reminder" }, data: { status: "SENT", sentAt: r.clock.now, attempts: 1 } });
    const before = await t.db.delivery.findMany({ orderBy: { dedupeKey: "asc" } });
    expect(before.filter((d) => d.purpose === "reminder" && d.status === "SENT")).toHaveLength(1);
    const pendingBefore = (await r.pendingIds()).sort();

    expect(await flushPrefix(r.redis, r.config.QUEUE_PREFIX)).toBeGreaterThan(0);
    expect(await r.pendingIds()).toEqual([]);

    const rebuilt = await r.plan();
    expect(rebuilt.jobsAdded).toBe(pendingBefore.length);
    expect((await r.pendingIds()).sort()).toEqual(pendingBefore);
    // The same jobs are due again in the rebuilt queue; running them sends nothing new.
    const again = await r.runDue();
    expect(again.map((x) => x.id)).toEqual(ran.map((x) => x.id));
    for (const x of again) expect(x.result).toMatch(/ 0 created/);
    const after = await t.db.delivery.findMany({ orderBy: { dedupeKey: "asc" } });
    expect(after).toEqual(before);
    // SENT rows are never queued for delivery again; the PENDING notice is.
    for (const d of after) {
      const job = await r.jobs.deliveryQueues.TELEGRAM.getJob(d.id);
      if (d.status === "SENT") expect(job).toBeUndefined();
      if (d.status === "PENDING") expect(job).toBeDefined();
    }
    expect(await memberId(t.db, "Mai Văn Sơn")).toBe(before.find((d) => d.purpose === "reminder")!.memberId);
  });
});
