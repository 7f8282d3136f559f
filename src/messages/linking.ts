// Texts for linking accounts, invite codes and the help menu.
import { Address, msg } from "./common.ts";
import { formatDate } from "../domain/dates.ts";
import type { CommandName } from "../domain/intents.ts";
import { allSameName } from "../domain/name-search.ts";
import { formatInviteCode, LOCKOUT_ATTEMPTS, LOCKOUT_WINDOW_MS } from "../domain/invite-code.ts";

const PLATFORM_NAMES = { TELEGRAM: "Telegram", ZALO: "Zalo", LOCAL: "trò chuyện thử" } as const;
export const platformName = (p: keyof typeof PLATFORM_NAMES) => PLATFORM_NAMES[p];

/** One help line per command, shared by /trogiup and the suggestions for text the bot did not understand. */
const COMMAND_LINES: Readonly<Record<Exclude<CommandName, "dangky">, string>> = {
  danhgia: "/danhgia — tự đánh giá kỳ này",
  camket: "/camket — xem bản đăng ký, tiến độ và nhận xét (sổ tự tu dưỡng)",
  lich: "/lich — lịch sinh hoạt chi bộ sắp tới",
  nhac: "/nhac — bật/tắt nhắc việc không bắt buộc",
  kenh: "/kenh — chọn nhận tin qua Telegram hay Zalo",
  trogiup: "/trogiup — xem các việc có thể làm",
  duyet: "/duyet — duyệt bản đăng ký",
  nhanxet: "/nhanxet — nhận xét tự đánh giá",
  dienhinh: "/dienhinh — đề xuất điển hình",
  baocao: "/baocao — báo cáo nhanh của chi bộ",
  dangnhap: "/dangnhap — liên kết đăng nhập trang quản lý",
  thongbao: "/thongbao <nội dung> — gửi thông báo cho chi bộ",
  moi: "/moi <họ tên> — tạo mã mời liên kết",
  doilich: "/doilich — dời buổi sinh hoạt",
  huylich: "/huylich — hủy buổi sinh hoạt",
};

/**
 * A command's help line. `year` is the one /dangky registers for first (leadingRegistrationYear):
 * named, because from November "năm nay" would send the member to the wrong year.
 */
export function commandLine(name: CommandName, year: number): string {
  return name === "dangky" ? `/dangky — đăng ký học tập và làm theo Bác năm ${year}` : COMMAND_LINES[name];
}

export function helpText(options: { fullName: string; isCommittee: boolean; isSecretary: boolean; year: number }): string {
  const L = COMMAND_LINES;
  const lines = [
    `${Address(options.fullName)} có thể dùng các lệnh:`,
    commandLine("dangky", options.year),
    L.danhgia,
    L.camket,
    L.lich,
    L.nhac,
    L.kenh,
    "/huy — dừng việc đang làm",
  ];
  if (options.isCommittee) {
    lines.push("", "Dành cho chi ủy:", L.duyet, L.nhanxet, L.dienhinh, L.baocao, L.dangnhap);
  }
  if (options.isSecretary) {
    lines.push(
      L.thongbao,
      L.moi,
      "/dangky chibo — đăng ký của chi bộ",
      "/dangky <họ tên>, /danhgia <họ tên> — nhập hộ cho đảng viên không dùng điện thoại",
      "/lich them <ngày giờ> [địa điểm] — thêm buổi sinh hoạt (ví dụ: /lich them 05/12/2026 14:00 Hội trường)",
      "/doilich, /huylich — dời hoặc hủy buổi sinh hoạt",
      "/nhom — (gửi trong nhóm) liên kết nhóm chat của chi bộ",
    );
  }
  return lines.join("\n");
}

export const linkMsg = {
  linked: (o: { fullName: string; unitName: string; platform: keyof typeof PLATFORM_NAMES }) =>
    `Chào ${Address(o.fullName).replace("Đồng chí", "đồng chí")}! Tài khoản ${platformName(o.platform)} đã được liên kết với ${o.unitName}.`,
  alreadyLinked: (fullName: string) =>
    `Tài khoản này đã liên kết với ${Address(fullName).replace("Đồng chí", "đồng chí")}. Đồng chí gõ /trogiup để xem các việc có thể làm.`,
  invalid: () => "Mã không đúng. Đồng chí kiểm tra lại mã (10 ký tự) hoặc nhờ bí thư chi bộ gửi mã mới.",
  used: () => "Mã này đã được dùng. Đồng chí nhờ bí thư chi bộ gửi mã mới.",
  expired: () => "Mã đã hết hạn hoặc đã được thay bằng mã mới hơn (mã dùng được 7 ngày). Đồng chí dùng mã mới nhất bí thư gửi, hoặc nhờ bí thư gửi mã mới.",
  locked: () =>
    `Đồng chí đã nhập sai mã ${LOCKOUT_ATTEMPTS} lần trong ${LOCKOUT_WINDOW_MS / 3_600_000} giờ. Vì an toàn, bot tạm ngừng nhận mã từ tài khoản này trong ${LOCKOUT_WINDOW_MS / 3_600_000} giờ.`,
  otherMember: () => "Tài khoản này đã liên kết với một đảng viên khác. Đồng chí liên hệ bí thư chi bộ để được hỗ trợ.",
  inviteCreated: (o: { fullName: string; code: string; expiresAt: Date; zone: string; telegramLink?: string }) =>
    [
      `Mã mời cho ${o.fullName}: ${formatInviteCode(o.code)} (dùng một lần, hết hạn ngày ${formatDate(o.expiresAt, o.zone)}).`,
      o.telegramLink ? `Telegram: bấm ${o.telegramLink}` : undefined,
      `Zalo: ${zaloInviteText(o.code)}`,
    ]
      .filter(Boolean)
      .join("\n"),
  whoToInvite: () => "Đồng chí muốn tạo mã mời cho ai? Gõ họ tên đảng viên (ví dụ: /moi Nguyễn Văn Hùng).",
  noSuchMember: (name: string) =>
    name.trim()
      ? `Không tìm thấy đảng viên "${name}" trong chi bộ. Đồng chí kiểm tra lại họ tên, hoặc gõ /huy để dừng.`
      : "Đồng chí gõ họ tên đảng viên cần tạo mã bằng chữ (ví dụ: Nguyễn Văn Hùng), hoặc gõ /huy để dừng.",
  pickMember: (sameName: boolean) => `${msg.severalFound(sameName)} Đồng chí chọn người cần tạo mã:`,
  pickAgain: () => "Đồng chí chọn một người trong danh sách (gõ số thứ tự), hoặc gõ /huy để dừng.",
  localNoSuchMember: (name: string) => `Không tìm thấy đảng viên "${name}". Xem danh sách: npm run cli -- list-members`,
  localSameName: (found: Array<{ fullName: string; unitName: string }>) =>
    `Có ${found.length} người ${allSameName(found.map((m) => m.fullName)) ? "trùng tên" : "có tên khớp"}: ${found.map((m) => `${m.fullName} (${m.unitName})`).join("; ")}. Gõ họ tên đầy đủ hơn.`,
  channelOnlyOne: (platform: keyof typeof PLATFORM_NAMES) =>
    `Đồng chí mới liên kết ${platformName(platform)}. Muốn nhận tin qua kênh khác, đồng chí xin bí thư một mã mời mới và gửi mã đó trên kênh kia.`,
  channelAsk: () => "Đồng chí muốn nhận nhắc việc và thông báo qua kênh nào?",
  channelSet: (platform: keyof typeof PLATFORM_NAMES) => `Đã ghi nhận: bot sẽ gửi tin qua ${platformName(platform)}; kênh còn lại dùng khi không gửi được.`,
};

export function telegramDeepLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${code}`;
}

export function zaloInviteText(code: string): string {
  return `Tìm bot của chi bộ trên Zalo, bấm Quan tâm rồi gửi tin nhắn: ${code}`;
}
