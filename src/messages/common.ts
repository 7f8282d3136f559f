// Short, warm Vietnamese texts shared by every flow. Members are "đồng chí" + given name.
import { givenName } from "../domain/text.ts";

export const address = (fullName: string) => `đồng chí ${givenName(fullName)}`;
export const Address = (fullName: string) => `Đồng chí ${givenName(fullName)}`;

export const msg = {
  notLinked: () =>
    "Chào đồng chí! Tài khoản này chưa được liên kết với chi bộ nào.\nĐồng chí xin bí thư chi bộ một mã mời rồi gửi mã đó vào đây (trên Telegram: bấm đường link bí thư gửi).",
  helpHint: () => "Đồng chí gõ /trogiup để xem các việc có thể làm.",
  cancelled: () => "Đã dừng. Đồng chí gõ /trogiup để xem các việc khác.",
  /** Stopped, and what was not kept (the flow's words, which say how to take it up again). */
  cancelledLosing: (lost: string) => `Đã dừng. ${lost}`,
  nothingToCancel: () => "Không có việc nào đang dở.",
  flowChanged: () => "Bot vừa được cập nhật nên cuộc trò chuyện dang dở đã đóng lại. Đồng chí gõ lại lệnh vừa dùng để làm tiếp nhé.",
  expired: () => "Phiên trò chuyện trước đã quá 24 giờ nên đã được đóng lại. Đồng chí bắt đầu lại bằng lệnh tương ứng nhé.",
  committeeOnly: () => "Việc này chỉ chi ủy mới làm được. Nếu cần, đồng chí liên hệ bí thư chi bộ.",
  secretaryOnly: () => "Việc này chỉ bí thư hoặc phó bí thư chi bộ mới làm được. Đồng chí nhờ bí thư làm giúp nhé.",
  unknownCommand: () => "Bot chưa hiểu lệnh này. Đồng chí gõ /trogiup để xem danh sách lệnh.",
  staleChoice: () => "Lựa chọn này đã cũ. Đồng chí chọn lại trong tin nhắn mới nhất nhé.",
  pickOne: (n: number) => `Đồng chí chọn một số từ 1 đến ${n}, hoặc gõ /huy để dừng.`,
  sensitiveMasked: () => "Lưu ý: tin nhắn có dãy số giống số CCCD hoặc số thẻ đảng viên. Bot đã ẩn dãy số đó và không lưu. Đồng chí không cần gửi các số này.",
  groupOnlyNhom: () => "Trong nhóm, bot chỉ nhận lệnh /nhom của bí thư. Đồng chí nhắn riêng cho bot để dùng các việc khác.",
  error: () => "Xin lỗi, bot gặp trục trặc khi xử lý. Đồng chí thử lại sau ít phút nhé.",
  /** Several members found by a name: "trùng tên" only when the names are really the same. */
  severalFound: (sameName: boolean) => (sameName ? "Có nhiều đảng viên trùng tên." : "Có nhiều đảng viên có tên khớp với chữ vừa gõ."),
  notAvailableYet: () => "Chức năng này đang được hoàn thiện. Đồng chí vui lòng dùng lại sau.",
};
