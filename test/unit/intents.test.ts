// Plain questions outside a flow reach the command that answers them, with or without diacritics;
// anything else gets two or three likely commands.
import { describe, expect, it } from "vitest";
import { isQuestionTail, understand, understandAside, type Asker } from "../../src/domain/intents.ts";

const member: Asker = { isCommittee: false, isSecretary: false };
const committee: Asker = { isCommittee: true, isSecretary: false };
const secretary: Asker = { isCommittee: true, isSecretary: true };

const commandOf = (text: string, who: Asker = member) => {
  const i = understand(text, who);
  return i.kind === "command" ? `/${i.command}${i.args ? ` ${i.args}` : ""}` : i.kind;
};

const CASES: Record<string, string[]> = {
  "/lich": [
    "khi nào họp",
    "khi nao hop",
    "Khi nào họp chi bộ?",
    "lịch họp tháng này",
    "lich hop thang nay",
    "bao giờ sinh hoạt chi bộ",
    "tháng này họp ngày nào vậy",
    "mấy giờ họp",
    "họp ở đâu",
    "buổi sinh hoạt tiếp theo là khi nào",
    "cho hỏi lịch sinh hoạt tuần sau",
    "họp?",
    "Chi bộ họp hôm nào ạ",
    "sinh hoat chi bo thang sau luc nao",
  ],
  "/camket": [
    "tôi đăng ký chưa",
    "toi dang ky chua",
    "Tôi đã đăng ký chưa?",
    "bản đăng ký của tôi được duyệt chưa",
    "ban dang ky cua toi",
    "xem nhận xét",
    "xem nhan xet",
    "chi ủy nhận xét gì về tôi",
    "nhận xét của tôi",
    "xem cam kết",
    "tiến độ của tôi thế nào",
    "đăng ký?",
    "em đã nộp bản đăng ký chưa ạ",
    "có góp ý gì cho tôi không",
    "toi muon xem cam ket cua toi",
    // What do I still owe: the notebook answers, not the list of commands.
    "con phai lam gi nua khong",
    "Tôi còn phải làm gì nữa không ạ?",
    "em còn thiếu gì không",
    "còn việc gì chưa làm không",
    "tôi xong hết chưa",
  ],
  "/dangky": ["tôi muốn đăng ký", "toi muon dang ky", "làm sao để đăng ký", "hướng dẫn đăng ký cam kết", "cách đăng ký thế nào"],
  "/danhgia": ["tôi muốn tự đánh giá", "làm sao tự đánh giá tháng này", "cach tu danh gia"],
  "/nhac tat": ["tắt nhắc nhở", "tat nhac", "không nhận nhắc nữa, tắt đi", "dừng nhắc lịch"],
  "/nhac bat": ["bật nhắc lại", "bat nhac"],
  "/kenh": ["đổi kênh nhận tin", "tôi muốn nhận tin qua Zalo", "chon kenh telegram"],
  "/trogiup": ["hướng dẫn sử dụng", "bot làm được gì", "giúp tôi với", "các lệnh"],
  greeting: ["xin chào", "xin chao", "Chào bot", "chào đồng chí", "hello", "alo", "Xin chào!", "chao buoi sang"],
  thanks: ["cảm ơn", "cam on", "Cám ơn bot nhiều", "thanks", "cảm ơn đồng chí", "ok cảm ơn"],
  // A nod outside a conversation: one friendly line, no list of commands.
  ack: ["ok", "OK", "Ok ạ", "vâng", "vang a", "dạ", "Dạ vâng", "đồng ý", "👍", "🙏🙏👍", "👍🏻", "❤️"],
};

describe("plain questions", () => {
  for (const [expected, phrases] of Object.entries(CASES)) {
    it(`${expected}: ${phrases.length} phrasings`, () => {
      for (const p of phrases) expect(commandOf(p), p).toBe(expected);
    });
  }

  it("answers the chi ủy's questions about the cell, and not a plain member's", () => {
    expect(commandOf("ai chưa đăng ký", committee)).toBe("/baocao");
    expect(commandOf("nhung ai chua danh gia", secretary)).toBe("/baocao");
    expect(commandOf("có bản nào cần duyệt không", committee)).toBe("/duyet");
    for (const p of ["xem báo cáo", "xem bao cao", "tong hop", "tổng hợp tháng này", "báo cáo"]) expect(commandOf(p, committee), p).toBe("/baocao");
    for (const p of ["gui thong bao", "gửi thông báo cho chi bộ", "soạn thông báo"]) expect(commandOf(p, secretary), p).toBe("/thongbao");
    expect(commandOf("gui thong bao", committee)).not.toBe("/thongbao");
    expect(commandOf("xem bao cao", member)).not.toBe("/baocao");
    // A chi ủy member reporting their own progress is not asking for the cell's digest.
    expect(commandOf("báo cáo tiến độ", committee)).not.toBe("/baocao");
    expect(commandOf("ai chưa đăng ký", member)).not.toBe("/baocao");
    expect(commandOf("có bản nào cần duyệt không", member)).not.toBe("/duyet");
  });

  it("tells words meant for the secretary (excused, coming) from a question about the meeting", () => {
    for (const text of ["xin vắng buổi họp", "mai em bị ốm xin phép vắng ạ", "mai toi co mat", "tôi sẽ tham dự", "em không đi họp được"])
      expect(understand(text, member), text).toEqual({ kind: "forSecretary" });
    expect(understand("khi nào họp chi bộ", member)).toEqual({ kind: "command", command: "lich", args: "" });
  });

  it("suggests two or three likely commands for anything else, only those the asker may use", () => {
    const unknown = (text: string, who: Asker = member) => {
      const i = understand(text, who);
      if (i.kind !== "unknown") throw new Error(`${text}: understood as ${JSON.stringify(i)}`);
      return i.suggestions;
    };
    for (const text of ["abc xyz", "trời hôm nay đẹp quá", "😀", "con mèo", "12345"]) {
      const s = unknown(text);
      expect(s.length, text).toBeGreaterThanOrEqual(2);
      expect(s.length, text).toBeLessThanOrEqual(3);
    }
    expect(unknown("nộp việc năm nay")[0]).toBe("dangky");
    expect(unknown("kết quả hoàn thành quý")[0]).toBe("danhgia");
    expect(unknown("zalo điện thoại")[0]).toBe("kenh");
    expect(unknown("gửi tất cả chi bộ", member)).not.toContain("thongbao");
    expect(unknown("gửi tất cả chi bộ", secretary)).toContain("thongbao");
    expect(unknown("mã liên kết tài khoản", secretary)[0]).toBe("moi");
  });

  it("reads a command's name typed as one word, and kí for ký, in a question", () => {
    for (const p of ["dangky chua?", "toi dangki chua", "Tôi đăng kí chưa", "đăng kí chưa?"]) expect(commandOf(p), p).toBe("/camket");
    expect(commandOf("tôi muốn đăng kí")).toBe("/dangky");
    // A year named carries over as the words /dangky reads as that year (yearNamed knows this year).
    expect(commandOf("toi muon dang ky cho nam 2026")).toBe("/dangky nam 2026");
    expect(commandOf("Tôi muốn đăng ký năm nay", secretary)).toBe("/dangky nam nay");
    expect(commandOf("tôi muốn đăng ký cho năm tới")).toBe("/dangky nam toi");
    expect(commandOf("em muốn đăng ký 2027 ạ")).toBe("/dangky 2027");
    expect(commandOf("ai chua danhgia", committee)).toBe("/baocao");
    // "y" after a vowel is not "i": "hay" stays "hay", "tay" is not "tai".
    expect(commandOf("hay qua")).toBe("unknown");
  });

  it("tells a question after a command word from the command's arguments", () => {
    for (const tail of ["chưa", "chua", "rồi chưa?", "được duyệt chưa", "khi nào", "tháng này", "?"]) expect(isQuestionTail(tail), tail).toBe(true);
    for (const tail of ["chibo", "Nguyễn Văn Hùng", "Họp chi bộ lúc 14:00 ngày 05/12", "tat", "2026", ""]) expect(isQuestionTail(tail), tail).toBe(false);
  });
});

describe("understandAside: what a message where items are awaited clearly says instead", () => {
  const aside = (text: string, who: Asker = committee) => {
    const i = understandAside(text, who);
    return i === null ? null : i.kind === "command" ? `/${i.command}` : i.kind;
  };

  it("a nod, a greeting, thanks in front, a question", () => {
    // One line each: what is typed, then what it says.
    const said = `ok → ack
Vâng ạ → ack
👍 → ack
xin chào → greeting
cảm ơn bot → thanks
khi nao hop chi bo → /lich
Đăng ký chưa? → /camket
tôi đã đăng ký chưa → /camket`
      .split("\n")
      .map((line) => line.split(" → ") as [string, string]);
    for (const [text, kind] of said) expect(aside(text), text).toBe(kind);
  });

  it("commitments that name the same topics are not taken for questions or thanks", () => {
    for (const text of [
      "Đọc 1 cuốn sách mỗi tháng",
      "Giao tiếp lịch sự với người dân đến làm thủ tục",
      "Nhắc nhở đảng viên trong chi bộ nộp đảng phí đúng hạn",
      "Hướng dẫn 2 đảng viên mới viết sổ tay hằng tháng",
      "Góp ý thẳng thắn cho đồng chí trong chi bộ mỗi kỳ sinh hoạt",
      "Tuyên truyền qua Zalo nhóm khu phố mỗi tuần 1 bài",
      "Viết thư cảm ơn gia đình liệt sĩ dịp 27/7",
      "Tổng hợp báo cáo của chi bộ đúng hạn hằng tháng",
      "Hoàn thành 100% nội dung đã cam kết trong năm",
    ]) {
      expect(aside(text), text).toBeNull();
    }
  });
});
