// Example commitments the bot offers when an item is vague, grouped by role kind and category.
// Every example names an action, a measure and a time frame or frequency, so that a member who
// copies one gets an item the chi ủy can check at the monthly meeting (a unit test runs each one
// through the vagueness analyzer, and the registration reader finds its timeframe: the coach
// praises a taken example as "đã cụ thể", so it must be saved with one). They are written for this project, drawing on the kinds of
// commitments the press reports (saving paper and power, answering citizens on time, tutoring,
// visiting poor households), not copied from those articles.
import { CATEGORIES, type Category } from "./vocabulary.ts";

import type { RoleKind } from "./role-kind.ts";

export type CommitmentCategory = Category;

export const COMMITMENT_CATEGORIES: readonly CommitmentCategory[] = CATEGORIES;

export const COMMITMENT_TEMPLATES: Readonly<Record<RoleKind, Readonly<Record<CommitmentCategory, readonly string[]>>>> = {
  DOSSIER_OFFICIAL: {
    STUDY: [
      "Mỗi tháng đọc một bài viết của Bác về phong cách làm việc, ghi 5 dòng thu hoạch vào sổ tay và nêu một điểm áp dụng tại sinh hoạt chi bộ.",
      "Đọc hết cuốn “Sửa đổi lối làm việc” trước 30/6, chọn 3 lời dạy về thái độ với dân để dán tại bàn tiếp công dân.",
      "Trước 30/9 học xong khóa bồi dưỡng về dịch vụ công trực tuyến và hướng dẫn lại cho 2 đồng nghiệp trong phòng.",
      "Mỗi quý tự học một văn bản pháp luật mới thuộc lĩnh vực mình phụ trách và tóm tắt 1 trang gửi chi bộ.",
    ],
    FOLLOW: [
      "Mỗi tháng giải quyết đúng hạn 100% hồ sơ được phân công; hồ sơ nào có nguy cơ trễ thì báo người dân trước ít nhất 1 ngày.",
      "Trả lời đơn thư của công dân trong vòng 7 ngày làm việc kể từ khi nhận và ghi kết quả vào sổ theo dõi.",
      "Đến 31/12 giảm 15% lượng giấy in của phòng so với năm trước nhờ gửi văn bản qua phần mềm quản lý văn bản.",
      "Số hóa 300 hồ sơ lưu trữ của phòng trước ngày 30/11.",
    ],
    EXAMPLE: [
      "Có mặt tại cơ quan trước 7 giờ 30 mỗi ngày, không đi muộn lần nào trong quý; tự báo cáo tại sinh hoạt chi bộ.",
      "Không nhận quà, phong bì của người đến làm thủ tục; nếu được biếu thì từ chối và báo cáo trưởng phòng trong ngày.",
      "Mỗi tuần dành 1 buổi sáng ngồi tại bộ phận một cửa để nghe và ghi lại góp ý của người dân, báo cáo chi bộ mỗi quý.",
      "Hằng tháng kèm 1 đồng nghiệp mới về quy trình xử lý hồ sơ cho đến khi đồng chí đó tự làm được.",
    ],
  },
  TEACHER: {
    STUDY: [
      "Mỗi tháng chọn 1 mẩu chuyện về Bác để kể cho học sinh lớp chủ nhiệm trong tiết sinh hoạt lớp.",
      "Trước 30/4 đọc cuốn “Bác Hồ và những bài học về đạo đức, lối sống dành cho học sinh” và soạn 2 tiết dạy có lồng ghép.",
      "Trong học kỳ I hoàn thành khóa bồi dưỡng dạy học bằng công nghệ số và làm 3 bài giảng điện tử dùng chung cho tổ.",
    ],
    FOLLOW: [
      "Mỗi tuần phụ đạo miễn phí 1 buổi cho nhóm học sinh yếu môn Toán, giảm một nửa số em dưới trung bình trước cuối năm học.",
      "Chấm và trả bài kiểm tra cho học sinh trong vòng 7 ngày, mỗi bài có lời phê cụ thể.",
      "Mỗi học kỳ gọi điện hoặc đến nhà trao đổi với phụ huynh của 100% học sinh có hoàn cảnh khó khăn trong lớp.",
    ],
    EXAMPLE: [
      "Không dạy thêm có thu tiền với học sinh lớp mình chủ nhiệm; báo cáo chi bộ việc này mỗi học kỳ.",
      "Mỗi học kỳ dự giờ ít nhất 4 tiết của giáo viên trẻ trong tổ và góp ý bằng văn bản sau mỗi tiết.",
      "Vận động 100% học sinh lớp chủ nhiệm đội mũ bảo hiểm khi đi xe đạp điện, kiểm tra ở cổng trường mỗi tuần 1 lần.",
    ],
  },
  HEALTH_WORKER: {
    STUDY: [
      "Mỗi quý đọc lại thư Bác gửi Hội nghị cán bộ y tế ngày 27/2/1955 và nêu 1 việc khoa mình cần sửa tại buổi giao ban.",
      "Trước 30/6 hoàn thành 24 tiết cập nhật kiến thức y khoa liên tục và trình bày 1 chủ đề cho điều dưỡng trong khoa.",
      "Mỗi tháng chép một lời dạy của Bác về y đức vào sổ tay và kể một việc mình đã làm theo tại sinh hoạt chi bộ.",
    ],
    FOLLOW: [
      "Giải thích cho người bệnh và người nhà về thuốc và chi phí trước mỗi thủ thuật; mỗi tháng xem hộp thư góp ý của khoa và trả lời trong 3 ngày.",
      "Mỗi tháng tham gia 1 buổi khám, phát thuốc miễn phí cho người cao tuổi tại trạm y tế xã.",
      "Rút thời gian chờ khám trung bình tại phòng khám của khoa xuống dưới 30 phút trước quý III.",
    ],
    EXAMPLE: [
      "Không nhận phong bì, quà của người bệnh; nếu được biếu thì từ chối và ghi vào sổ của khoa, báo cáo chi bộ mỗi quý.",
      "Hiến máu tình nguyện ít nhất 2 lần trong năm và vận động thêm 3 đồng nghiệp cùng tham gia.",
      "Có mặt trước giờ giao ban 15 phút mỗi ngày và bàn giao ca trực bằng sổ, không để thiếu mục nào.",
    ],
  },
  ENTERPRISE: {
    STUDY: [
      "Mỗi quý đọc một bài nói của Bác về thi đua, tiết kiệm và đề xuất 1 ý tưởng áp dụng cho tổ sản xuất tại buổi họp tổ.",
      "Trước 31/8 hoàn thành khóa huấn luyện an toàn lao động và hướng dẫn lại cho 5 công nhân mới.",
      "Mỗi tháng tìm hiểu một quy định mới về thuế, hóa đơn điện tử liên quan đến việc mình làm và tóm tắt gửi nhóm Zalo của phòng.",
    ],
    FOLLOW: [
      "Phản hồi mọi khiếu nại của khách hàng trong 24 giờ và ghi kết quả xử lý vào sổ theo dõi của phòng.",
      "Khóa van khí nén và tắt máy chạy không tải cuối mỗi ca; giảm 5% điện năng của tổ so với năm trước.",
      "Mỗi tháng giao đúng hẹn 100% đơn hàng được phân công; đơn nào có nguy cơ chậm thì báo trưởng ca trước 2 ngày.",
    ],
    EXAMPLE: [
      "Mỗi tháng kèm cặp 1 công nhân mới cho đến khi đồng chí đó thi đạt bậc thợ, báo cáo kết quả tại sinh hoạt chi bộ.",
      "Không nghỉ không phép ngày nào, không đi muộn quá 1 lần mỗi quý; tự nhận xét tại họp chi bộ cuối quý.",
      "Đóng góp 1 ngày lương mỗi năm vào quỹ hỗ trợ công nhân khó khăn của công đoàn và vận động 5 người trong tổ cùng tham gia.",
    ],
  },
  RESIDENTIAL: {
    STUDY: [
      "Mỗi quý tổ chức 1 buổi đọc sách về Bác cho thiếu nhi tại nhà văn hóa khu phố.",
      "Trước 19/5 tìm hiểu và giới thiệu với bà con 3 câu chuyện về Bác gắn với quê hương mình tại buổi họp thôn.",
      "Mỗi tháng đọc 1 bài báo về gương người tốt việc tốt và chia sẻ vào nhóm Zalo của khu dân cư.",
    ],
    FOLLOW: [
      "Mỗi tháng cùng bà con dọn vệ sinh 1 lần tuyến đường ngõ xóm nơi mình ở và trồng thêm 10 cây xanh trước tháng 9.",
      "Đến thăm 5 hộ khó khăn trong tổ ít nhất 1 lần mỗi quý và báo cáo chi bộ danh sách hộ cần hỗ trợ.",
      "Tham gia hòa giải, giải quyết mâu thuẫn giữa các hộ trong tổ trong vòng 15 ngày kể từ khi được báo.",
    ],
    EXAMPLE: [
      "Gia đình mình đổ rác đúng giờ, không để xe lấn chiếm vỉa hè; mỗi quý tự báo cáo tại sinh hoạt chi bộ.",
      "Mỗi năm học trao 2 suất học bổng, mỗi suất 500.000 đồng, cho học sinh nghèo học giỏi của tổ dân phố.",
      "Tham gia đủ các buổi tuần tra an ninh của tổ theo lịch phân công hằng tháng, không vắng buổi nào không báo.",
    ],
  },
  RETIREE: {
    STUDY: [
      "Mỗi tháng ghi lại một kỷ niệm của bản thân về việc làm theo lời Bác và đọc tại buổi sinh hoạt Hội Người cao tuổi.",
      "Mỗi quý mượn đọc 1 cuốn sách về Bác ở thư viện xã và giới thiệu cuốn sách với chi bộ trong 5 phút.",
      "Hằng tuần theo dõi chuyên mục về Bác trên truyền hình và ghi 1 ý tâm đắc vào sổ tay.",
    ],
    FOLLOW: [
      "Mỗi quý cùng Hội Cựu chiến binh thăm hỏi, tặng quà 2 gia đình chính sách trong khu dân cư.",
      "Trồng và chăm sóc 20 cây xanh trên tuyến đường trước nhà, tưới cây 3 buổi mỗi tuần trong mùa khô.",
      "Mỗi tháng tham gia 2 buổi dọn vệ sinh nhà văn hóa thôn cùng chi hội người cao tuổi.",
    ],
    EXAMPLE: [
      "Mỗi quý kể chuyện truyền thống 1 buổi cho đoàn viên thanh niên trong thôn và vận động 5 thanh niên đi học nghề.",
      "Vận động 10 hộ trong xóm cam kết không đốt rơm rạ, không xả rác xuống kênh trước tháng 6.",
      "Mỗi năm đóng góp 500.000 đồng từ lương hưu vào quỹ vì người nghèo của xã, công khai tại họp chi bộ.",
    ],
  },
};

/**
 * Up to `count` example commitments for a role kind and category. Deterministic (the module is
 * pure); pass `offset` to rotate through the list, e.g. when the member asks for other examples.
 */
export function suggestExamples(roleKind: RoleKind, category: CommitmentCategory, count = 3, offset = 0): string[] {
  const list = COMMITMENT_TEMPLATES[roleKind]?.[category] ?? [];
  const n = Math.max(0, Math.min(Math.floor(count), list.length));
  if (n === 0) return [];
  const start = ((Math.floor(offset) % list.length) + list.length) % list.length;
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(list[(start + i) % list.length] as string);
  return out;
}
