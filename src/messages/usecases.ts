// Refusals the use cases give, in words a person can read (the entry points show them as they are).
export const usecaseMsg = {
  alreadyHandled: () => "Bản đăng ký này vừa được đồng chí khác trong chi ủy xử lý hoặc không còn chờ duyệt.",
  assessmentGone: () => "Bản tự đánh giá này không còn trong chi bộ.",
  commentRequired: () => "Cần có nội dung nhận xét.",
  memberGone: () => "Đảng viên này không còn trong chi bộ.",
  reasonRequired: () => "Cần có lý do đề xuất: việc làm cụ thể và kết quả.",
  broadcastEmpty: () => "Cần có nội dung thông báo.",
  broadcastAudienceChanged: () => "Danh sách người nhận trong chi bộ đã thay đổi từ lúc xem trước, nên bot chưa gửi thông báo.",
  broadcastNobodyReachable: () => "Bot chưa gửi thông báo: chưa đồng chí nào trong chi bộ nhận được tin riêng qua bot.",
  meetingPast: () => "Thời điểm này đã qua. Đồng chí chọn một ngày giờ sắp tới.",
  meetingGone: () => "Buổi sinh hoạt này vừa được thay đổi, đã qua hoặc đã hủy.",
  meetingNotFound: () => "Không có buổi sinh hoạt này trong chi bộ.",
  /** `month`: the month of the meeting being added ("tháng 12/2026"), not the month it is now. */
  meetingSecondInMonth: (month: string) => `Trong ${month} chi bộ đã có một buổi sinh hoạt định kỳ.`,
  meetingRuleUnchanged: () => "Lịch định kỳ này đang được áp dụng rồi, không có gì thay đổi.",
  meetingSame: () => "Đây vẫn là giờ cũ của buổi sinh hoạt. Đồng chí gõ ngày giờ mới.",
};
