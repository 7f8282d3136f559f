import { describe, expect, it } from "vitest";
import { parseDateTime } from "../../src/domain/dates.ts";
import {
  digestJobId,
  essentialOffset,
  meetingJobs,
  nudgeJobId,
  offsetsForMeeting,
  parseJobId,
  previousMonth,
  quietHoursEnd,
  reminderJobId,
  rollupJobId,
  rollupJobs,
} from "../../src/domain/meeting-jobs.ts";

const HCM = "Asia/Ho_Chi_Minh";
function at(text: string): Date {
  const d = parseDateTime(text, HCM);
  if (!d) throw new Error(`bad test date ${text}`);
  return d;
}
const QUIET = { start: "21:00", end: "07:00" };
const START = at("05/12/2026 14:00");

describe("job ids", () => {
  it("encode the meeting's start, contain no colon (BullMQ refuses them) and parse back", () => {
    const ids = [reminderJobId("cm1abc", 1440, START), nudgeJobId("cm1abc", START), digestJobId("cm1abc", START), rollupJobId("cm9xyz", "2026-12")];
    expect(ids).toEqual([
      `reminder-cm1abc-1440-${START.getTime()}`,
      `nudge-cm1abc-${START.getTime()}`,
      `digest-cm1abc-${START.getTime()}`,
      "rollup-cm9xyz-2026-12",
    ]);
    for (const id of ids) expect(id).not.toContain(":");
    expect(parseJobId(ids[0]!)).toEqual({ kind: "reminder", meetingId: "cm1abc", offsetMinutes: 1440, startsAtMs: START.getTime() });
    expect(parseJobId(ids[1]!)).toEqual({ kind: "nudge", meetingId: "cm1abc", startsAtMs: START.getTime() });
    expect(parseJobId(ids[3]!)).toEqual({ kind: "rollup", committeeId: "cm9xyz", month: "2026-12" });
    expect(parseJobId("ck-some-delivery")).toBeNull();
    // A moved meeting gets new ids.
    expect(reminderJobId("cm1abc", 1440, at("10/12/2026 14:00"))).not.toBe(ids[0]);
  });
});

describe("offsets", () => {
  it("use REMINDER_OFFSETS unless the rule set its own", () => {
    expect(offsetsForMeeting([4320, 1440, 120], [2880, 60])).toEqual([2880, 60]);
    expect(offsetsForMeeting(null, [2880, 60])).toEqual([2880, 60]);
    expect(offsetsForMeeting([1440, 60], [4320, 1440, 120])).toEqual([1440, 60]);
  });

  it("the essential reminder is the one closest to a day before", () => {
    expect(essentialOffset([4320, 1440, 120])).toBe(1440);
    expect(essentialOffset([2880, 60])).toBe(2880);
    expect(essentialOffset([2160, 720])).toBe(2160);
    expect(essentialOffset([])).toBeNull();
  });
});

describe("meetingJobs", () => {
  const jobs = (now: Date, startsAt = START) =>
    meetingJobs({ meetingId: "m1", startsAt, offsetsMinutes: [4320, 1440, 120], quietHours: QUIET, zone: HCM, now }).map((j) => j.id.replace(/-\d{13}$/, ""));

  it("wants every reminder, the nudge and the digest while all are ahead", () => {
    expect(jobs(at("20/11/2026 10:00"))).toEqual(["reminder-m1-4320", "nudge-m1", "digest-m1", "reminder-m1-1440", "reminder-m1-120"]);
  });

  it("keeps only the latest reminder already due, the nudge only shortly after its time, nothing after the start", () => {
    expect(jobs(at("03/12/2026 15:00"))).toEqual(["reminder-m1-4320", "nudge-m1", "digest-m1", "reminder-m1-1440", "reminder-m1-120"]);
    expect(jobs(at("04/12/2026 15:00"))).toEqual(["digest-m1", "reminder-m1-1440", "reminder-m1-120"]);
    expect(jobs(at("05/12/2026 13:00"))).toEqual(["digest-m1", "reminder-m1-120"]);
    expect(jobs(at("05/12/2026 14:00"))).toEqual([]);
  });

  it("moves jobs out of quiet hours", () => {
    const sunday = at("06/12/2026 08:00");
    const twoHours = meetingJobs({ meetingId: "m1", startsAt: sunday, offsetsMinutes: [120], quietHours: QUIET, zone: HCM, now: at("01/12/2026 10:00") }).find(
      (j) => j.kind === "reminder",
    );
    expect(twoHours!.dueAt).toEqual(at("06/12/2026 07:00"));
  });
});

describe("quiet hours and roll-ups", () => {
  it("quietHoursEnd gives the end of the current quiet window, or null outside it", () => {
    expect(quietHoursEnd(at("05/12/2026 22:00"), QUIET, HCM)).toEqual(at("06/12/2026 07:00"));
    expect(quietHoursEnd(at("06/12/2026 03:00"), QUIET, HCM)).toEqual(at("06/12/2026 07:00"));
    expect(quietHoursEnd(at("06/12/2026 07:00"), QUIET, HCM)).toBeNull();
    expect(quietHoursEnd(at("06/12/2026 12:30"), { start: "12:00", end: "13:30" }, HCM)).toEqual(at("06/12/2026 13:30"));
  });

  it("plans this month's roll-up during its first days, and next month's", () => {
    expect(rollupJobs("c1", at("20/11/2026 10:00"), HCM).map((j) => [j.id, j.dueAt.toISOString(), j.reportPeriod])).toEqual([
      ["rollup-c1-2026-12", at("01/12/2026 08:00").toISOString(), "2026-11"],
    ]);
    expect(rollupJobs("c1", at("02/12/2026 10:00"), HCM).map((j) => j.id)).toEqual(["rollup-c1-2026-12", "rollup-c1-2027-01"]);
    expect(previousMonth("2027-01")).toBe("2026-12");
  });
});
