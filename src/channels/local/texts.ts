// What the terminal chat itself says (the bot's own texts are in src/messages).
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
  waiting: "Chưa kết nối được cơ sở dữ liệu. Đang thử lại…",
};
