// Vietnamese texts of the web dashboard (trang quản lý): the login code the bot sends, the login
// pages' answers, the notices shown after an action, and the labels of statuses and roles.
import { Address } from "./common.ts";

export const ROLE_LABELS: Readonly<Record<string, string>> = {
  SECRETARY: "Bí thư",
  DEPUTY_SECRETARY: "Phó bí thư",
  COMMITTEE: "Chi ủy viên",
  MEMBER: "Đảng viên",
};

export const MEMBER_STATUS_LABELS: Readonly<Record<string, string>> = {
  ACTIVE: "Đang sinh hoạt",
  EXEMPT: "Miễn sinh hoạt",
  LEFT: "Đã chuyển đi",
};

export const REGISTRATION_STATUS_LABELS: Readonly<Record<string, string>> = {
  NONE: "Chưa đăng ký",
  DRAFT: "Đang soạn",
  SUBMITTED: "Chờ duyệt",
  APPROVED: "Đã duyệt",
  RETURNED: "Trả lại, chờ sửa",
};

export const DELIVERY_STATUS_LABELS: Readonly<Record<string, string>> = {
  PENDING: "Đang chờ gửi",
  SENDING: "Đang gửi",
  SENT: "Đã gửi",
  FAILED: "Gửi không được",
  SKIPPED: "Chưa liên kết bot",
};

export const MEETING_STATUS_LABELS: Readonly<Record<string, string>> = {
  SCHEDULED: "Theo lịch",
  MOVED: "Đã dời",
  CANCELLED: "Đã hủy",
  HELD: "Đã họp",
};

export const dashboardMsg = {
  /** After a broadcast the use case did not send (the cell changed, or nobody can be reached). */
  checkAndSendAgain: () => "Nội dung vẫn còn dưới đây: đồng chí xem lại số người nhận rồi gửi lại.",
  /** What the bot sends in the chat: the code, how long it works, what to do if it was not you. */
  loginCode: (o: { fullName: string; code: string }) =>
    [
      `${Address(o.fullName)}: mã đăng nhập trang quản lý chi bộ là ${o.code}`,
      "Mã dùng một lần, có hiệu lực 10 phút. Không đưa mã này cho ai.",
      "Nếu đồng chí không đăng nhập, hãy bỏ qua tin này.",
    ].join("\n"),

  loginIntro: () => "Đồng chí gõ họ tên hoặc số điện thoại. Bot sẽ gửi mã 6 số qua Zalo/Telegram đã liên kết.",
  loginWhoMay: () => "Dành cho bí thư, phó bí thư, chi ủy viên và cấp ủy cấp trên.",
  loginEmpty: () => "Đồng chí gõ họ tên hoặc số điện thoại để nhận mã.",
  /**
   * Shown after every request, whoever was typed: it does not tell a visitor whether the name
   * exists or may log in, and says clearly what to do when no code arrives.
   */
  codeSent: () => "Nếu đồng chí có quyền vào trang quản lý, bot vừa gửi mã 6 số qua Zalo/Telegram (mã có hiệu lực 10 phút).",
  codeNotArriving: () =>
    "Chưa nhận được mã sau 1–2 phút? Có thể đồng chí chưa liên kết Zalo/Telegram với bot: đồng chí nhờ bí thư chi bộ gửi mã mời để liên kết, rồi đăng nhập lại. Trùng tên với người khác thì đăng nhập bằng số điện thoại.",
  codeWrong: (triesLeft: number) => `Mã không đúng. Đồng chí kiểm tra lại tin nhắn của bot (còn ${triesLeft} lần thử).`,
  codeLocked: () => "Đồng chí đã nhập sai 5 lần nên mã này bị hủy. Đồng chí xin mã mới.",
  codeExpired: () => "Mã không đúng hoặc đã hết hạn (mã có hiệu lực 10 phút). Đồng chí xin mã mới.",
  loginTooMany: (minutes: number) => `Có quá nhiều lượt đăng nhập. Đồng chí đợi khoảng ${minutes} phút rồi thử lại.`,
  codeNoTicket: () => "Phiên nhập mã đã hết. Đồng chí gõ lại họ tên hoặc số điện thoại để nhận mã mới.",
  /** The way in that no stranger can block: the member's own chat with the bot. */
  loginFromChat: () =>
    "Không nhận được mã, hoặc bị báo quá nhiều lượt? Đồng chí nhắn /dangnhap cho bot trên Zalo/Telegram: bot gửi ngay một liên kết đăng nhập chỉ dành cho đồng chí.",

  /** The bot's answer to /dangnhap: the link, how long it works, that it is for this person only. */
  loginLink: (o: { fullName: string; url: string; minutes: number }) =>
    [
      `${Address(o.fullName)}: bấm liên kết dưới đây để đăng nhập trang quản lý chi bộ (mở trên trình duyệt).`,
      o.url,
      `Liên kết dùng một lần, có hiệu lực ${o.minutes} phút. Không chuyển liên kết này cho ai.`,
    ].join("\n"),
  linkNotAllowed: () =>
    "Trang quản lý chỉ chi ủy (bí thư, phó bí thư, chi ủy viên) và cấp ủy cấp trên được vào, nên bot không gửi liên kết đăng nhập cho đồng chí.",
  linkNoDashboard: () => "Trang quản lý chưa có địa chỉ công khai (PUBLIC_URL), nên bot chưa gửi được liên kết. Đồng chí báo người quản trị.",
  linkTooMany: (minutes: number) => `Đồng chí đã xin 5 liên kết đăng nhập trong một giờ. Đồng chí đợi khoảng ${minutes} phút rồi nhắn /dangnhap lại.`,
  linkConfirm: (fullName: string) => `Đăng nhập trang quản lý với tên ${fullName}?`,
  linkUsed: () => "Liên kết đăng nhập này đã dùng hoặc đã hết hạn. Đồng chí nhắn /dangnhap cho bot để nhận liên kết mới.",

  loggedOut: () => "Đồng chí đã đăng xuất.",
  sessionExpired: () => "Phiên làm việc đã hết hạn (8 giờ). Đồng chí đăng nhập lại.",
  csrf: () => "Biểu mẫu đã cũ hoặc không hợp lệ. Đồng chí tải lại trang rồi làm lại.",
  notFound: () => "Không tìm thấy trang này, hoặc đồng chí không có quyền xem. Đồng chí quay lại trang chính.",
  error: () => "Xin lỗi, hệ thống gặp trục trặc. Đồng chí thử lại sau ít phút.",
  secretaryOnly: () => "Việc này chỉ bí thư hoặc phó bí thư chi bộ mới làm được.",
};

/** Notices after an action (?ok=… / ?err=… on the redirect): fixed texts, never text from the URL. */
export const FLASH: Readonly<Record<string, { kind: "ok" | "error"; text: string }>> = {
  approved: { kind: "ok", text: "Đã duyệt bản đăng ký." },
  returned: { kind: "ok", text: "Đã trả lại bản đăng ký kèm nhận xét." },
  "already-handled": { kind: "error", text: "Bản đăng ký này vừa được người khác trong chi ủy xử lý hoặc không còn chờ duyệt." },
  "comment-required": { kind: "error", text: "Khi trả lại cần có nhận xét (tối đa 1500 ký tự). Đồng chí gõ nhận xét rồi bấm Trả lại." },
  "review-saved": { kind: "ok", text: "Đã lưu nhận xét của chi ủy." },
  "review-required": { kind: "error", text: "Đồng chí gõ nội dung nhận xét (tối đa 1500 ký tự)." },
  "rating-required": { kind: "error", text: "Bản tự đánh giá cuối năm cần kèm mức xếp loại chi ủy đề xuất. Đồng chí chọn mức rồi bấm Lưu nhận xét." },
  "comment-too-long": { kind: "error", text: "Nhận xét dài quá 1500 ký tự. Đồng chí rút gọn rồi gửi lại." },
  "meeting-added": { kind: "ok", text: "Đã thêm buổi sinh hoạt. Đảng viên đã liên kết Zalo/Telegram sẽ được nhắc như các buổi khác." },
  "meeting-moved": { kind: "ok", text: "Đã dời buổi sinh hoạt." },
  "meeting-cancelled": { kind: "ok", text: "Đã hủy buổi sinh hoạt." },
  "meeting-bad-time": { kind: "error", text: "Chưa hiểu ngày giờ. Đồng chí gõ ngày theo mẫu 05/12/2026 và giờ theo mẫu 14:00." },
  "meeting-past": { kind: "error", text: "Thời điểm này đã qua. Đồng chí chọn một ngày giờ sắp tới." },
  "meeting-gone": { kind: "error", text: "Buổi sinh hoạt này vừa được thay đổi hoặc đã qua. Đồng chí xem lại lịch bên dưới." },
  "meeting-same": { kind: "error", text: "Đây vẫn là giờ cũ của buổi sinh hoạt. Đồng chí gõ ngày giờ mới." },
  "rule-saved": { kind: "ok", text: "Đã lưu lịch sinh hoạt định kỳ. Các buổi sắp tới chưa dời, chưa hủy đã theo lịch mới; bot nhắc theo lịch mới." },
  "rule-unchanged": { kind: "error", text: "Lịch định kỳ này đang được áp dụng rồi, không có gì thay đổi." },
  "rule-bad-kind": { kind: "error", text: "Đồng chí chọn họp theo ngày trong tháng hoặc theo thứ trong tuần." },
  "rule-bad-day": { kind: "error", text: "Ngày họp phải là một số từ 1 đến 31. Ví dụ: ngày 5 hằng tháng." },
  "rule-bad-weekday": { kind: "error", text: "Đồng chí chọn thứ trong tuần và lần trong tháng (đầu tiên … cuối cùng)." },
  "rule-bad-time": { kind: "error", text: "Giờ họp theo dạng giờ:phút, ví dụ 14:00 (gõ 1400 cũng được)." },
  "broadcast-sent": { kind: "ok", text: "Đã ghi thông báo. Trạng thái từng người ở bên dưới." },
  "broadcast-empty": { kind: "error", text: "Đồng chí gõ nội dung thông báo (tối đa 1800 ký tự)." },
  "import-done": { kind: "ok", text: "Đã nhập danh sách đảng viên." },
  "import-bad-file": {
    kind: "error",
    text: "Không đọc được tệp. Đồng chí chọn tệp CSV hoặc XLSX có dòng tiêu đề: Họ và tên, Chức vụ, Vai trò, Số điện thoại, Trạng thái (tải tệp mẫu để xem).",
  },
  "secretary-only": { kind: "error", text: "Việc này chỉ bí thư hoặc phó bí thư chi bộ mới làm được." },
  "logged-in": { kind: "ok", text: "Đăng nhập thành công." },
  "already-done": { kind: "ok", text: "Biểu mẫu này đã được gửi rồi (có thể do bấm hai lần) nên không thực hiện lại. Kết quả ở bên dưới." },
};

const TELL_DIRECTLY = "Đồng chí báo trực tiếp, hoặc tạo mã mời ở trang Đảng viên để liên kết Zalo/Telegram.";

/** One member told (n = 1) or not (m = 1); neither: nobody to tell (the member is the sender). */
const toOne = (done: string) => (n: number, m: number) =>
  n > 0
    ? { kind: "ok" as const, text: `${done}; bot đang gửi tin báo cho đảng viên.` }
    : m === 0
      ? { kind: "ok" as const, text: `${done}.` }
      : { kind: "error" as const, text: `${done}, nhưng chưa báo được cho đảng viên qua bot (chưa liên kết Zalo/Telegram hoặc đã chặn bot). ${TELL_DIRECTLY}` };

/** Many told: n reached, m not. */
const toMany = (done: string) => (n: number, m: number) => ({
  kind: m > 0 ? ("error" as const) : ("ok" as const),
  text: [
    n > 0 ? `${done}; bot gửi tin tới ${n} đảng viên.` : `${done}; không đảng viên nào nhận được tin qua bot.`,
    m > 0 ? `${m} đảng viên chưa nhận được (chưa liên kết Zalo/Telegram hoặc đã chặn bot). ${TELL_DIRECTLY}` : "",
  ]
    .filter(Boolean)
    .join(" "),
});

/** Notices after an action that messages members (?ok=key.N.M): N reached, M not reached. */
export const FLASH_COUNTED: Readonly<Record<string, (n: number, m: number) => { kind: "ok" | "error"; text: string }>> = {
  approved: toOne("Đã duyệt bản đăng ký"),
  "approved-comment": toOne("Đã duyệt bản đăng ký kèm nhận xét"),
  returned: toOne("Đã trả lại bản đăng ký kèm nhận xét"),
  "review-saved": toOne("Đã lưu nhận xét của chi ủy"),
  "meeting-moved": toMany("Đã dời buổi sinh hoạt"),
  "meeting-cancelled": toMany("Đã hủy buổi sinh hoạt"),
  "broadcast-sent": (n, m) => {
    const f = toMany("Đã ghi thông báo")(n, m);
    return { ...f, text: `${f.text} Trạng thái từng người ở bên dưới; khi gửi xong, bot báo lại đồng chí kết quả.` };
  },
};
