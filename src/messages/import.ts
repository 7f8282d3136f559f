// What importing a member list says when it does not import (CLI and dashboard).
export const importMsg = {
  badRows: () => "Không nhập dòng nào (nhập cả tệp hoặc không gì cả): sửa các dòng trên rồi chạy lại.",
  badRowsShort: () => "Tệp có dòng lỗi; chưa nhập gì.",
  changedWhileImporting: () => "Danh sách chi bộ vừa thay đổi trong lúc nhập; chưa ghi gì, hãy chạy lại.",
  changedSincePreview: () => "Danh sách chi bộ đã thay đổi sau khi xem trước, nên chưa nhập gì. Đồng chí tải tệp lên lại để xem trước lần nữa.",
  writeFailed: () => "Lỗi khi ghi vào cơ sở dữ liệu; chưa có thay đổi nào được lưu. Đồng chí thử lại sau ít phút.",
  notFound: () => "Không có lần nhập danh sách này trong chi bộ.",
  alreadyConfirmed: () => "Lần nhập này đã được xác nhận.",
  unreadable: () => "Không đọc lại được danh sách đã tải lên, nên chưa nhập gì. Đồng chí tải tệp lên lại để xem trước lần nữa.",
  summaryUnreadable: () => "Không đọc lại được số dòng đã thêm, đã cập nhật; đồng chí xem danh sách đảng viên để kiểm tra.",
};
