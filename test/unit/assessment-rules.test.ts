import { describe, expect, it } from "vitest";
import {
  CLOSED_NOTICE_DAYS,
  PROGRESS_VALUES,
  SELF_RATINGS,
  asksEvidence,
  assessmentWindow,
  isEditable,
  isProgress,
  isSelfRating,
  parseEvidence,
  photoEvidence,
  progressLabel,
  ratingLabel,
  textEvidence,
} from "../../src/domain/assessment-rules.ts";

// 14:00 in Hồ Chí Minh City is 07:00Z.
const local = (iso: string) => new Date(`${iso}+07:00`);

describe("assessmentWindow", () => {
  it("opens the month the next regular meeting evaluates, editable until it starts", () => {
    const meeting = { startsAt: local("2026-11-25T14:00:00"), kind: "REGULAR" as const };
    const w = assessmentWindow({ now: local("2026-11-20T10:00:00"), nextMeeting: meeting });
    expect(w.period).toMatchObject({ kind: "MONTHLY", period: "2026-11", year: 2026, label: "tháng 11/2026" });
    expect(w.deadline).toEqual(meeting.startsAt);
    expect(w.closed).toBeNull();
  });

  it("opens the quarter at a quarterly meeting and the year at a year-end meeting", () => {
    const now = local("2026-12-10T09:00:00");
    expect(assessmentWindow({ now, nextMeeting: { startsAt: local("2026-12-27T08:00:00"), kind: "QUARTERLY" } }).period).toMatchObject({
      kind: "QUARTERLY",
      period: "2026-Q4",
      label: "quý IV/2026",
    });
    expect(assessmentWindow({ now, nextMeeting: { startsAt: local("2026-12-20T08:00:00"), kind: "YEAR_END" } }).period).toMatchObject({
      kind: "YEARLY",
      period: "2026",
      year: 2026,
    });
    // A year-end meeting held in January evaluates the year just ended.
    expect(assessmentWindow({ now, nextMeeting: { startsAt: local("2027-01-08T08:00:00"), kind: "YEAR_END" } }).period.period).toBe("2026");
  });

  it("falls back to the current month (local time) when no meeting is planned", () => {
    // 18:00Z on 30/11 is already 01:00 on 01/12 in Hồ Chí Minh City.
    const w = assessmentWindow({ now: new Date("2026-11-30T18:00:00Z") });
    expect(w.period.period).toBe("2026-12");
    expect(w.deadline).toBeNull();
    expect(assessmentWindow({ now: new Date("2026-11-30T18:00:00Z"), zone: "UTC" }).period.period).toBe("2026-11");
  });

  it("after the meeting the closed period is reported and the next one opens", () => {
    const last = { startsAt: local("2026-11-25T14:00:00"), kind: "REGULAR" as const };
    const next = { startsAt: local("2026-12-05T14:00:00"), kind: "REGULAR" as const };
    const w = assessmentWindow({ now: local("2026-11-25T15:00:00"), lastMeeting: last, nextMeeting: next });
    expect(w.period.period).toBe("2026-12");
    expect(w.closed?.period).toBe("2026-11");
  });

  it("without a next meeting, does not reopen the month the last meeting closed", () => {
    const last = { startsAt: local("2026-11-25T14:00:00"), kind: "REGULAR" as const };
    const w = assessmentWindow({ now: local("2026-11-26T09:00:00"), lastMeeting: last });
    expect(w.period.period).toBe("2026-12");
    expect(w.closed?.period).toBe("2026-11");
    // A quarterly meeting closes every month of its quarter.
    const q = { startsAt: local("2026-12-27T08:00:00"), kind: "QUARTERLY" as const };
    expect(assessmentWindow({ now: local("2026-12-28T09:00:00"), lastMeeting: q }).period.period).toBe("2027-01");
  });

  it("a second meeting on the same month keeps the month open and says nothing is closed", () => {
    const last = { startsAt: local("2026-11-05T14:00:00"), kind: "REGULAR" as const };
    const next = { startsAt: local("2026-11-25T14:00:00"), kind: "THEMATIC" as const };
    const w = assessmentWindow({ now: local("2026-11-10T09:00:00"), lastMeeting: last, nextMeeting: next });
    expect(w.period.period).toBe("2026-11");
    expect(w.closed).toBeNull();
  });

  it("an old meeting is not worth a notice", () => {
    const last = { startsAt: local("2026-08-05T14:00:00"), kind: "REGULAR" as const };
    const now = new Date(last.startsAt.getTime() + (CLOSED_NOTICE_DAYS + 1) * 86_400_000);
    expect(assessmentWindow({ now, lastMeeting: last }).closed).toBeNull();
  });
});

describe("isEditable", () => {
  it("is editable before the meeting starts, not at or after it, and always without a meeting", () => {
    const deadline = new Date("2026-11-25T07:00:00Z");
    expect(isEditable(new Date("2026-11-25T06:59:59Z"), deadline)).toBe(true);
    expect(isEditable(deadline, deadline)).toBe(false);
    expect(isEditable(new Date("2026-11-26T00:00:00Z"), deadline)).toBe(false);
    expect(isEditable(new Date("2030-01-01T00:00:00Z"), null)).toBe(true);
  });
});

describe("vocabularies", () => {
  it("labels the four progress values and the four ratings in Vietnamese", () => {
    expect(PROGRESS_VALUES.map(progressLabel)).toEqual(["Đã hoàn thành", "Đúng tiến độ", "Chậm tiến độ", "Chưa bắt đầu"]);
    expect(SELF_RATINGS.map(ratingLabel)).toEqual([
      "Hoàn thành xuất sắc nhiệm vụ",
      "Hoàn thành tốt nhiệm vụ",
      "Hoàn thành nhiệm vụ",
      "Không hoàn thành nhiệm vụ",
    ]);
    expect(isProgress("BEHIND")).toBe(true);
    expect(isProgress("behind")).toBe(false);
    expect(isProgress(undefined)).toBe(false);
    expect(isSelfRating("GOOD")).toBe(true);
    expect(isSelfRating("DONE")).toBe(false);
  });

  it("asks for evidence unless the item has not started", () => {
    expect(PROGRESS_VALUES.filter(asksEvidence)).toEqual(["DONE", "ON_TRACK", "BEHIND"]);
  });
});

describe("evidence", () => {
  it("stores a photo as photo:<ref>, with the caption, and reads it back", () => {
    expect(photoEvidence("AgAD-1")).toBe("photo:AgAD-1");
    expect(photoEvidence("AgAD-1", "  Buổi trực\n tiếp dân ")).toBe("photo:AgAD-1 Buổi trực tiếp dân");
    expect(parseEvidence("photo:AgAD-1")).toEqual({ kind: "photo", ref: "AgAD-1" });
    expect(parseEvidence("photo:AgAD-1 Buổi trực tiếp dân")).toEqual({ kind: "photo", ref: "AgAD-1", caption: "Buổi trực tiếp dân" });
  });

  it("keeps a line of text as one trimmed line", () => {
    expect(textEvidence("  Biên bản số 12/BB-UBND \n ngày 10/11 ")).toBe("Biên bản số 12/BB-UBND ngày 10/11");
    expect(parseEvidence("Biên bản số 12")).toEqual({ kind: "text", text: "Biên bản số 12" });
  });
});
