// Texts the channel layer shows members (adapters hold none: they only render what they are given).

export const channelMsg = {
  choiceHintOne: () => "Đồng chí trả lời 1 để chọn.",
  choiceHintMany: (count: number) => `Đồng chí trả lời bằng số (1–${count}).`,
  /** Numbers with a gap (an option left out keeps the others' numbers): each one named. */
  choiceHintNumbers: (numbers: readonly number[]) =>
    `Đồng chí trả lời bằng số (${numbers.length > 1 ? `${numbers.slice(0, -1).join(", ")} hoặc ${numbers[numbers.length - 1]}` : numbers.join("")}).`,
  /** Zalo bots cannot send files: the member is told where to get it instead. */
  documentNotOnZalo: (filename: string) =>
    `Zalo không cho phép bot gửi tệp nên tệp “${filename}” chưa gửi kèm được. ` + "Đồng chí xem tệp trên trang quản trị của chi bộ hoặc nhận qua Telegram.",
  /** A voice message on Zalo: the bot reads text only. */
  voiceNotRead: () => "Bot chưa nghe được tin nhắn thoại. Đồng chí gõ nội dung bằng chữ giúp nhé.",
};
