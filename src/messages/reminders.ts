// Texts of meeting reminders, the nudge about a missing self-assessment, and the group-chat post.
// Personal reminders name the member and what they still owe; the group post names nobody.
import { address } from "./common.ts";
import { assessLabels } from "./assessment.ts";
import { MEETING_KIND_LABELS, themeLine, when } from "./calendar.ts";
import { inZone } from "../domain/dates.ts";
import type { OwedItem } from "../domain/owed.ts";
import type { AssessmentPeriod, MeetingKindValue } from "../domain/periods.ts";

export interface ReminderMeeting {
  unitName: string;
  startsAt: Date;
  kind: MeetingKindValue;
  place: string | null;
  zone: string;
}

/** "hôm nay", "ngày mai", "ngày kia" or "" as seen from the moment the message is sent. */
function relativeDay(startsAt: Date, sentAt: Date, zone: string): string {
  const days = Math.round(inZone(startsAt, zone).startOf("day").diff(inZone(sentAt, zone).startOf("day"), "days").days);
  return days === 0 ? "hôm nay" : days === 1 ? "ngày mai" : days === 2 ? "ngày kia" : "";
}

function meetingLines(m: ReminderMeeting, theme: { year: number; title: string } | null): string[] {
  const lines = [
    `${MEETING_KIND_LABELS[m.kind]} của ${m.unitName}`,
    `Thời gian: ${when(m.startsAt, m.zone)}`,
    `Địa điểm: ${m.place?.trim() ? m.place.trim() : "chi ủy sẽ thông báo sau"}`,
  ];
  const t = themeLine(theme);
  if (t) lines.push(t);
  return lines;
}

/** 4320 → "3 ngày", 120 → "2 giờ", 90 → "90 phút". */
export function offsetLabel(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} ngày`;
  if (minutes % 60 === 0) return `${minutes / 60} giờ`;
  return `${minutes} phút`;
}

/**
 * One line per thing the member still owes, with the command that does it. `oneTap`: the message
 * carries the "Tất cả đúng tiến độ" choice itself (a button, or a number on Zalo).
 */
export function owedLines(owes: readonly OwedItem[], period: AssessmentPeriod, oneTap = false): string[] {
  // /danhgia refuses until the registration is sent: after a registration line it comes second.
  const registrationFirst = owes.includes("REGISTRATION") || owes.includes("REGISTRATION_RETURNED");
  return owes.map((o) => {
    switch (o) {
      // With the year: from November a bare /dangky opens next year's registration, not this one.
      case "REGISTRATION":
        return `- Chưa nộp bản đăng ký học tập và làm theo Bác năm ${period.year}: gõ /dangky ${period.year}`;
      case "REGISTRATION_RETURNED":
        return `- Bản đăng ký năm ${period.year} được chi ủy trả lại, cần sửa và nộp lại: gõ /dangky ${period.year}`;
      case "ASSESSMENT":
        if (registrationFirst) return `- Chưa gửi tự đánh giá ${period.label}: nộp bản đăng ký xong thì gõ /danhgia`;
        // The month is one tap when all is on track: say so, it is what makes members do it.
        if (oneTap && period.kind === "MONTHLY")
          return `- Chưa gửi tự đánh giá ${period.label}: mọi việc đúng tiến độ thì chọn “${assessLabels.allOnTrack}” ngay dưới tin này; có việc chậm thì gõ /danhgia`;
        return period.kind === "MONTHLY"
          ? `- Chưa gửi tự đánh giá ${period.label}: gõ /danhgia, mọi việc đúng tiến độ thì chỉ cần chọn “${assessLabels.allOnTrack}”`
          : `- Chưa gửi tự đánh giá ${period.label}: gõ /danhgia`;
    }
  });
}

export const reminderMsg = {
  personal(o: {
    fullName: string;
    meeting: ReminderMeeting;
    theme: { year: number; title: string } | null;
    owes: readonly OwedItem[];
    period: AssessmentPeriod;
    sentAt: Date;
    /** Set on optional reminders: the offsets (minutes) of all optional ones, for the /nhac hint. */
    optionalOffsets?: readonly number[] | null;
    /** The message carries the monthly one-tap choice. */
    oneTap?: boolean;
  }): string {
    const rel = relativeDay(o.meeting.startsAt, o.sentAt, o.meeting.zone);
    const lines = [`Nhắc lịch sinh hoạt chi bộ${rel ? ` ${rel}` : ""}`, `Kính gửi ${address(o.fullName)},`, ...meetingLines(o.meeting, o.theme), ""];
    if (o.owes.length > 0) {
      lines.push("Trước buổi sinh hoạt, đồng chí còn việc cần làm:", ...owedLines(o.owes, o.period, o.oneTap));
    } else {
      lines.push(`Đồng chí đã đăng ký và đã tự đánh giá ${o.period.label}. Cảm ơn đồng chí!`);
    }
    if (o.optionalOffsets && o.optionalOffsets.length > 0) {
      const which = [...o.optionalOffsets]
        .sort((a, b) => b - a)
        .map(offsetLabel)
        .join(" và ");
      lines.push("", `Không muốn nhận nhắc ${which} trước buổi họp, đồng chí gõ /nhac tat.`);
    }
    return lines.join("\n");
  },

  nudge(o: { fullName: string; meeting: ReminderMeeting; owes: readonly OwedItem[]; period: AssessmentPeriod; oneTap?: boolean }): string {
    return [
      `Kính gửi ${address(o.fullName)},`,
      `Buổi sinh hoạt chi bộ ${when(o.meeting.startsAt, o.meeting.zone)} sẽ đánh giá ${o.period.label}. Đồng chí còn việc cần làm:`,
      ...owedLines(o.owes, o.period, o.oneTap),
      "Chỉ mất vài phút; chi ủy sẽ xem trước buổi họp.",
    ].join("\n");
  },

  group(o: { meeting: ReminderMeeting; theme: { year: number; title: string } | null; sentAt: Date }): string {
    const rel = relativeDay(o.meeting.startsAt, o.sentAt, o.meeting.zone);
    return [
      `Nhắc lịch sinh hoạt chi bộ${rel ? ` ${rel}` : ""}`,
      ...meetingLines(o.meeting, o.theme),
      "",
      "Đề nghị các đồng chí dự họp đầy đủ, đúng giờ. Việc còn nợ của từng đồng chí, bot đã nhắn riêng.",
    ].join("\n");
  },
};
