// Texts for the meeting calendar: /lich, /doilich, /huylich, /nhac, /nhom, and the notices sent
// when a meeting is moved or cancelled. Dates are shown "Thứ Sáu, 04/12/2026", times "14:00".
import { Address } from "./common.ts";
import { formatTime, formatWeekdayDate, inZone } from "../domain/dates.ts";
import { monthPeriod, type MeetingKindValue } from "../domain/periods.ts";

/** What the member sees as the kind of meeting; quarterly and year-end meetings are marked. */
export const MEETING_KIND_LABELS: Readonly<Record<MeetingKindValue, string>> = {
  REGULAR: "Sinh hoạt chi bộ định kỳ",
  THEMATIC: "Sinh hoạt chuyên đề",
  QUARTERLY: "Sinh hoạt chi bộ định kỳ, kỳ đánh giá quý",
  YEAR_END: "Sinh hoạt chi bộ cuối năm, kiểm điểm và đánh giá năm",
};

export interface MeetingView {
  startsAt: Date;
  kind: MeetingKindValue;
  status: string;
  place: string | null;
}

/** "Thứ Bảy, 05/12/2026, 14:00" */
export const when = (d: Date, zone: string) => `${formatWeekdayDate(d, zone)}, ${formatTime(d, zone)}`;

const placeLine = (place: string | null) => `Địa điểm: ${place?.trim() ? place.trim() : "chi ủy sẽ thông báo sau"}`;

export function themeLine(theme: { year: number; title: string } | null): string | null {
  return theme ? `Chuyên đề năm ${theme.year}: ${theme.title}` : null;
}

/** "tháng 12/2026": the local month of an instant. */
export function monthOf(d: Date, zone: string): string {
  const local = inZone(d, zone);
  return monthPeriod(local.year, local.month).label;
}

/** One choice label: "Thứ Bảy, 05/12/2026, 14:00 — Sinh hoạt chi bộ định kỳ". */
export function meetingChoiceLabel(m: MeetingView, zone: string): string {
  return `${when(m.startsAt, zone)} — ${MEETING_KIND_LABELS[m.kind]}${m.status === "MOVED" ? " (đã dời)" : ""}`;
}

export const calendarMsg = {
  upcoming(o: { unitName: string; meetings: MeetingView[]; zone: string; theme: { year: number; title: string } | null; isSecretary: boolean }): string {
    const lines: string[] = [];
    if (o.meetings.length === 0) {
      lines.push(`${o.unitName} chưa có lịch sinh hoạt trong thời gian tới. Đồng chí hỏi bí thư chi bộ khi cần.`);
    } else {
      lines.push(`Lịch sinh hoạt ${o.unitName}:`);
      o.meetings.forEach((m, i) => {
        lines.push(`${i + 1}. ${when(m.startsAt, o.zone)} — ${MEETING_KIND_LABELS[m.kind]}${m.status === "MOVED" ? " (đã dời lịch)" : ""}`);
        lines.push(`   ${placeLine(m.place)}`);
      });
      const theme = themeLine(o.theme);
      if (theme) lines.push(theme);
    }
    if (o.isSecretary) {
      lines.push(
        "",
        "Bí thư: /lich them 05/12/2026 14:00 Hội trường — thêm một buổi (buổi chuyên đề: “/lich them chuyên đề …”); /doilich — dời; /huylich — hủy.",
      );
    }
    return lines.join("\n");
  },
  addAsk: () => "Đồng chí gõ ngày giờ và địa điểm buổi sinh hoạt, ví dụ: 05/12/2026 14:00 Hội trường UBND phường. Buổi chuyên đề: thêm chữ “chuyên đề” ở đầu.",
  addBadTime: () => "Chưa hiểu ngày giờ. Đồng chí gõ theo mẫu ngày/tháng/năm giờ:phút rồi địa điểm, ví dụ: 05/12/2026 14:00 Hội trường. Gõ /huy để dừng.",
  noSuchDate: (date: string) => `Ngày ${date} không có trên lịch. Đồng chí gõ lại ngày giờ và địa điểm, ví dụ: 05/12/2026 14:00 Hội trường. Gõ /huy để dừng.`,
  pastTime: () => "Thời điểm này đã qua. Đồng chí gõ một ngày giờ sắp tới, ví dụ: 05/12/2026 14:00.",
  added: (m: MeetingView, zone: string) =>
    [
      `Đã thêm buổi sinh hoạt: ${when(m.startsAt, zone)} — ${MEETING_KIND_LABELS[m.kind]}.`,
      placeLine(m.place),
      "Đảng viên đã liên kết Zalo/Telegram sẽ được nhắc như các buổi khác. Gõ /lich để xem lịch.",
    ].join("\n"),
  secondInMonth: (o: { existing: MeetingView; adding: { startsAt: Date }; zone: string }) =>
    [
      // The month of the meeting being added, named: "tháng này" would be the month it is now.
      `Trong ${monthOf(o.adding.startsAt, o.zone)} chi bộ đã có buổi ${meetingChoiceLabel(o.existing, o.zone)}.`,
      `Đồng chí vẫn thêm một buổi sinh hoạt định kỳ nữa vào ${when(o.adding.startsAt, o.zone)}?`,
      "(Muốn đổi giờ buổi đã có: /doilich. Buổi chuyên đề: /lich them chuyên đề …)",
    ].join("\n"),
  secondYes: () => "Vẫn thêm",
  secondNo: () => "Không thêm",
  secondDropped: () => "Đã không thêm buổi mới. Lịch giữ nguyên; gõ /lich để xem.",
  /** Stopped (/huy or another command) before the last answer: nothing changed in the calendar. */
  notAdded: () => "Buổi họp mới chưa được thêm, lịch giữ nguyên.",
  notMoved: () => "Buổi họp chưa được dời, lịch giữ nguyên.",
  notCancelled: () => "Buổi họp chưa bị hủy, lịch giữ nguyên.",
  secretaryOnlyAdd: () => "Chỉ bí thư hoặc phó bí thư chi bộ mới thêm được buổi sinh hoạt. Đồng chí gõ /lich để xem lịch.",
  noUpcoming: () => "Chi bộ chưa có buổi sinh hoạt nào sắp tới. Đồng chí thêm buổi mới bằng /lich them 05/12/2026 14:00 Hội trường.",
  pickToMove: () => "Đồng chí muốn dời buổi sinh hoạt nào?",
  pickToCancel: () => "Đồng chí muốn hủy buổi sinh hoạt nào?",
  pickAgain: () => "Đồng chí chọn một buổi trong danh sách, hoặc gõ /huy để dừng.",
  askNewTime: (m: MeetingView, zone: string) =>
    `Buổi ${when(m.startsAt, zone)} dời sang lúc nào? Đồng chí gõ ngày/tháng/năm giờ:phút, có thể thêm địa điểm mới. Ví dụ: 10/12/2026 14:00 Hội trường UBND phường.`,
  askMoveReason: (o: { from: Date; to: Date; zone: string }) =>
    `Dời buổi ${when(o.from, o.zone)} sang ${when(o.to, o.zone)}. Lý do dời lịch là gì? Lý do được ghi trong thông báo gửi đảng viên (ví dụ: trùng lịch họp của phường).`,
  noReason: () => "Không nêu lý do",
  askReasonAgain: () => "Đồng chí gõ ngắn gọn lý do dời lịch (dưới 300 chữ), chọn “Không nêu lý do”, hoặc gõ /huy để dừng.",
  /** The engine sends the two options again under it (Outcome.reasked). */
  yesOrNo: () => "Bot chưa rõ đồng chí chọn gì. Đồng chí chọn một trong hai lựa chọn, hoặc gõ /huy để dừng.",
  sameTime: () => "Đây vẫn là giờ cũ của buổi sinh hoạt. Đồng chí gõ ngày giờ mới, hoặc /huy để dừng.",
  gone: () => "Buổi sinh hoạt này vừa được thay đổi hoặc đã qua. Đồng chí gõ lại lệnh để xem lịch mới nhất.",
  moved: (o: { from: Date; to: MeetingView; zone: string }) =>
    [
      `Đã dời buổi sinh hoạt ${when(o.from, o.zone)} sang ${when(o.to.startsAt, o.zone)}.`,
      placeLine(o.to.place),
      "Các lời nhắc được tính lại theo giờ mới.",
    ].join("\n"),
  confirmCancel: (m: MeetingView, zone: string) => `Hủy buổi ${meetingChoiceLabel(m, zone)}? Đảng viên sẽ được báo tin hủy.`,
  cancelYes: () => "Đồng ý hủy",
  cancelNo: () => "Giữ lịch",
  cancelKept: () => "Đã giữ nguyên lịch. Không có gì thay đổi.",
  cancelled: (m: MeetingView, zone: string) => `Đã hủy buổi sinh hoạt ${when(m.startsAt, zone)}. Các lời nhắc của buổi này không gửi nữa.`,

  remindersAskOff: (fullName: string) =>
    [
      `${Address(fullName)} đang nhận các nhắc không bắt buộc: nhắc 3 ngày và 2 giờ trước buổi sinh hoạt.`,
      "Nếu tắt, đồng chí vẫn nhận nhắc 1 ngày trước buổi sinh hoạt, nhắc việc còn nợ (đăng ký, tự đánh giá) và thông báo dời, hủy lịch.",
      "Đồng chí có muốn tắt các nhắc không bắt buộc không?",
    ].join("\n"),
  remindersOffYes: () => "Tắt nhắc không bắt buộc",
  remindersKeep: () => "Giữ nguyên",
  remindersKept: () => "Đã giữ nguyên: đồng chí vẫn nhận nhắc 3 ngày và 2 giờ trước buổi sinh hoạt.",
  remindersStatus: (o: { fullName: string; off: boolean; changed: boolean }) =>
    [
      o.off
        ? `${Address(o.fullName)} đã ${o.changed ? "tắt" : "tắt từ trước"} các nhắc không bắt buộc (3 ngày và 2 giờ trước buổi sinh hoạt).`
        : `${Address(o.fullName)} đã ${o.changed ? "bật" : "bật từ trước"} các nhắc không bắt buộc (3 ngày và 2 giờ trước buổi sinh hoạt).`,
      "Nhắc 1 ngày trước buổi sinh hoạt, nhắc việc còn nợ (đăng ký, tự đánh giá) và thông báo dời, hủy lịch thì luôn được gửi.",
      o.off ? "Muốn bật lại, đồng chí gõ /nhac bat." : "Muốn tắt, đồng chí gõ /nhac tat.",
    ].join("\n"),

  groupOnlyInGroup: () => "Lệnh /nhom dùng trong nhóm chat của chi bộ: đồng chí thêm bot vào nhóm rồi gửi /nhom trong nhóm đó.",
  groupLinked: (unitName: string) =>
    `Đã liên kết nhóm này với ${unitName}. Bot sẽ nhắc lịch sinh hoạt trong nhóm trước 1 ngày và báo khi lịch dời hoặc hủy. Nội dung riêng của từng đồng chí chỉ gửi tin nhắn riêng.`,
  groupUnlinked: (unitName: string) => `Đã bỏ liên kết nhóm này với ${unitName}. Bot sẽ không nhắc lịch trong nhóm nữa.`,
  groupNotLinked: () => "Nhóm này chưa được liên kết với chi bộ nào.",
};

/** Notices sent to each member (and the group chat) when a meeting is moved or cancelled. */
export const noticeMsg = {
  moved: (o: { unitName: string; kind: MeetingKindValue; from: Date; to: Date; place: string | null; zone: string; reason?: string | null }) =>
    [
      `Thông báo dời lịch: ${MEETING_KIND_LABELS[o.kind]} của ${o.unitName} dự kiến ${when(o.from, o.zone)} được dời sang ${when(o.to, o.zone)}.`,
      ...(o.reason ? [`Lý do: ${o.reason}`] : []),
      placeLine(o.place),
      "Gõ /lich để xem lịch sinh hoạt sắp tới.",
    ].join("\n"),
  cancelled: (o: { unitName: string; kind: MeetingKindValue; startsAt: Date; zone: string; reason?: string | null }) =>
    [
      `Thông báo: ${MEETING_KIND_LABELS[o.kind]} của ${o.unitName} vào ${when(o.startsAt, o.zone)} đã được hủy.`,
      ...(o.reason ? [`Lý do: ${o.reason}`] : []),
      "Chi ủy sẽ thông báo lịch mới nếu có. Gõ /lich để xem lịch sinh hoạt sắp tới.",
    ].join("\n"),
};
