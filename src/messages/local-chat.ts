// What the terminal chat (`npm run chat`) itself says around the bot's replies: connection notes,
// the messages the bot sent while the person was away, and how a session starts.
const STATUS_NOTES: Record<string, string> = {
  SENT: "",
  PENDING: ", đang chờ gửi",
  SENDING: ", đang gửi",
  FAILED: ", gửi không được",
  SKIPPED: ", chưa gửi được: đồng chí chưa liên kết Zalo/Telegram",
};

export const CHAT_TEXTS = {
  down: "Mất kết nối tới cơ sở dữ liệu (máy chủ đã dừng?). Đang thử lại; tin đã gõ sẽ được gửi khi kết nối lại.",
  back: "Đã kết nối lại.",
  failed: "Tin vừa rồi chưa xử lý được. Đồng chí thử gõ lại nhé.",
  missed: (n: number) => `Có ${n} tin bot gửi đồng chí từ lần trò chuyện trước:`,
  proactiveHeader: (when: string, status: string) => `[Tin bot gửi đồng chí lúc ${when}${STATUS_NOTES[status] ?? ""}]`,
  /** A document the bot sent, as the terminal shows it. */
  file: (filename: string, caption?: string) => `[Tệp ${filename}]${caption ? ` ${caption}` : ""}`,
  waiting: "Chưa kết nối được cơ sở dữ liệu. Đang thử lại…",
  startAsMember: (fullName: string, unitName: string) =>
    `Trò chuyện với tư cách ${fullName} (${unitName}). Gõ /trogiup để bắt đầu, /thoat hoặc Ctrl-D để thoát.`,
  startAsUser: (user: string) =>
    `Trò chuyện với tên người dùng "${user}". Chưa liên kết thì gửi mã mời để liên kết, hoặc chạy lại với --member "<họ tên>". /thoat hoặc Ctrl-D để thoát.`,
};
