// The planner when a half-written broadcast cannot be completed: the error goes to
// PlannerOptions.log with the broadcast's id, and the rest of the run still happens (the other
// half-written broadcast is completed, due deliveries are re-queued, the rules' meetings and their
// jobs are planned); the broadcast is tried again next run. Real PostgreSQL (a trigger on
// "Delivery" refuses that broadcast's rows every time), Redis and BullMQ.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { LOG_ERROR, capturedLog } from "../support/captured-log.ts";
import { uniquePrefix } from "../support/redis.ts";
import { at, createPlannerRig, linkTelegram, type PlannerRig } from "../support/planned.ts";
import { seedDemo, DEMO_CELLS } from "../../prisma/seed-demo.ts";
import { findUnitByName } from "../../src/db/units.ts";
import { createDelivery } from "../../src/db/deliveries.ts";
import { startBroadcast, writeBroadcastDeliveries } from "../../src/db/broadcasts.ts";
import { BROADCAST_WRITE_GRACE_MS, runPlanner } from "../../jobs/planner.ts";

const NOW = at("20/11/2026 10:00");
const FAILURE = "test: the rows of this broadcast cannot be written";

let t: TestDb;
let rig: PlannerRig;
const { log, lines: logLines } = capturedLog();
let officeId: string;
let hungId: string;
let recipients: string[];

/** The scheduler's call: the planner with its log. */
const plan = () => runPlanner({ db: t.db, redis: rig.redis, config: rig.config, now: () => rig.clock.now }, rig.jobs, { plannedQueue: rig.queue, log });

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, { year: 2026 });
  officeId = (await findUnitByName(t.db, DEMO_CELLS[0]))!.id;
  hungId = await linkTelegram(t.db, "Nguyễn Văn Hùng");
  await linkTelegram(t.db, "Hoàng Minh Tuấn");
  await linkTelegram(t.db, "Phạm Thị Hồng Nhung");
  rig = createPlannerRig(t.db, uniquePrefix("plannererr"), { now: NOW });
  recipients = (await rig.jobs.notifier.audience(officeId, hungId)).map((m) => m.memberId);
});

afterAll(async () => {
  await rig?.close();
  await t?.drop();
});

describe("planner: a half-written broadcast that cannot be completed", () => {
  it("is logged through PlannerOptions.log; the other broadcast, the re-queue and the meetings are still done; next run retries it", async () => {
    expect(recipients.length).toBeGreaterThanOrEqual(3);
    // Two broadcasts whose writer died, both past the grace: the older one's rows are refused by the database.
    const started = new Date(NOW.getTime() - BROADCAST_WRITE_GRACE_MS - 60_000);
    const message = { kind: "text" as const, text: "Thông báo: nộp đảng phí tháng 11." };
    const poisoned = await startBroadcast(t.db, { unitId: officeId, authorId: hungId, recipientIds: recipients, text: message.text, message, now: started });
    const healthy = await startBroadcast(t.db, {
      unitId: officeId,
      authorId: hungId,
      recipientIds: recipients,
      text: message.text,
      message,
      now: new Date(started.getTime() + 1000),
    });
    await writeBroadcastDeliveries(t.db, healthy, recipients.slice(0, 1));
    // A notice whose job was lost (written, never queued).
    const lost = await createDelivery(t.db, {
      purpose: "test",
      dedupeKey: "test:lost-job",
      memberId: await t.db.member.findFirstOrThrow({ where: { fullName: "Hoàng Minh Tuấn" } }).then((m) => m.id),
      message: { kind: "text", text: "Tin chưa được xếp hàng." },
    });
    expect(lost.status).toBe("PENDING");

    await t.db.$executeRawUnsafe(`
      CREATE FUNCTION test_refuse_broadcast() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."broadcastId" = '${poisoned}' THEN RAISE EXCEPTION '${FAILURE}'; END IF;
        RETURN NEW;
      END $$`);
    await t.db.$executeRawUnsafe(`CREATE TRIGGER test_refuse_broadcast BEFORE INSERT ON "Delivery" FOR EACH ROW EXECUTE FUNCTION test_refuse_broadcast()`);

    const summary = await plan();
    expect(summary.skipped).toBeUndefined();
    // Logged, with the broadcast's id and the database's error.
    const errors = logLines.filter((l) => l.level === LOG_ERROR);
    expect(errors.map((l) => [l.msg, l.broadcastId])).toEqual([["planner: a half-written broadcast could not be completed; tried again next run", poisoned]]);
    expect(JSON.stringify(errors[0]!.err)).toContain(FAILURE);
    expect(await t.db.delivery.count({ where: { broadcastId: poisoned } })).toBe(0);
    expect((await t.db.broadcast.findUniqueOrThrow({ where: { id: poisoned } })).rowsWrittenAt).toBeNull();

    // The rest of the run: the healthy broadcast completed, every due row queued (its rows and the lost notice).
    expect(summary.broadcastsCompleted).toBe(1);
    expect((await t.db.broadcast.findUniqueOrThrow({ where: { id: healthy } })).rowsWrittenAt).not.toBeNull();
    const healthyRows = await t.db.delivery.findMany({ where: { broadcastId: healthy } });
    expect(healthyRows).toHaveLength(recipients.length);
    const queued = healthyRows.filter((d) => d.status === "PENDING");
    expect(queued.length).toBeGreaterThan(0);
    expect(summary.requeued).toBe(queued.length + 1);
    for (const d of [...queued, { id: lost.id }]) expect(await rig.jobs.deliveryQueues.TELEGRAM.getJob(d.id)).toBeTruthy();
    // The meetings of the rules and their reminders, nudges, digests and the roll-up (as in planner.test.ts).
    expect(summary.meetingsCreated).toBe(4);
    expect(summary.jobsAdded).toBe(21);
    expect(await rig.pendingIds()).toHaveLength(21);

    // Next run, the database takes the rows again: the broadcast is completed then.
    await t.db.$executeRawUnsafe(`DROP TRIGGER test_refuse_broadcast ON "Delivery"`);
    const next = await plan();
    expect(next.broadcastsCompleted).toBe(1);
    expect(await t.db.delivery.count({ where: { broadcastId: poisoned } })).toBe(recipients.length);
    expect((await t.db.broadcast.findUniqueOrThrow({ where: { id: poisoned } })).rowsWrittenAt).not.toBeNull();
    expect(logLines.filter((l) => l.level === LOG_ERROR)).toHaveLength(1);
  });
});
