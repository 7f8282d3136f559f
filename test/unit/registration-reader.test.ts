import { describe, expect, it } from "vitest";
import { findMeasure, findTimeframe, guessCategories, readItem, readRegistration, splitItems } from "../../src/domain/registration-reader/index.ts";
import { fold } from "../../src/domain/text.ts";
import { analyzeCommitment } from "../../src/domain/vagueness.ts";

describe("splitItems", () => {
  it("splits numbered, lettered and bulleted lists", () => {
    expect(splitItems("1. Đọc sách mỗi tháng\n2. Không hút thuốc trong cơ quan\n3. Trồng 10 cây trước 30/6").items).toEqual([
      "Đọc sách mỗi tháng",
      "Không hút thuốc trong cơ quan",
      "Trồng 10 cây trước 30/6",
    ]);
    expect(splitItems("1) hoc xong lop\n2) moi tuan kiem tra").items).toEqual(["hoc xong lop", "moi tuan kiem tra"]);
    expect(splitItems("a. Đọc sách\nb) Tập thể dục").items).toEqual(["Đọc sách", "Tập thể dục"]);
    expect(splitItems("- một việc\n• hai việc\n+ ba việc").items).toEqual(["một việc", "hai việc", "ba việc"]);
  });

  it("takes one item per line when there are no markers, and a single line as one item", () => {
    expect(splitItems("Đọc sách mỗi tháng\r\nKhông hút thuốc trong cơ quan\n\n").items).toEqual(["Đọc sách mỗi tháng", "Không hút thuốc trong cơ quan"]);
    // Dates, semicolons and counts inside one item do not split it.
    expect(splitItems("Trước 30/6/2027 lấy chứng chỉ B1; mỗi tuần học 2 buổi.").items).toEqual(["Trước 30/6/2027 lấy chứng chỉ B1; mỗi tuần học 2 buổi."]);
  });

  it("drops a lead-in, joins wrapped lines and splits '1. … 2. …' typed on one line", () => {
    expect(splitItems("Em xin đăng ký:\na. Đọc sách\nb. Tập thể dục\n  mỗi sáng").items).toEqual(["Đọc sách", "Tập thể dục mỗi sáng"]);
    expect(splitItems("Tôi đăng ký 3 việc: 1. đọc sách mỗi tháng 2. không hút thuốc 3. trồng 10 cây").items).toEqual([
      "đọc sách mỗi tháng",
      "không hút thuốc",
      "trồng 10 cây",
    ]);
  });

  it("splits inline numbering when the numbers run 1, 2, 3 after whitespace, even when the message starts with '1.'", () => {
    const three = ["Đọc 2 cuốn sách về Bác trước 30/6/2027", "Không dùng điện thoại vào việc riêng trong giờ họp", "Viết 2 bài thu hoạch mỗi quý"];
    expect(splitItems(`1. ${three[0]} 2. ${three[1]} 3. ${three[2]}`).items).toEqual(three);
    expect(splitItems("1) doc 2 cuon sach ve Bac 2) khong di hop muon 3) viet 2 bai thu hoach moi quy").items).toEqual([
      "doc 2 cuon sach ve Bac",
      "khong di hop muon",
      "viet 2 bai thu hoach moi quy",
    ]);
    expect(splitItems("Tôi đăng ký:\n1. Đọc sách trước 30.6.2027 2. Ủng hộ 1.000.000 đồng 3. Chạy 2.5 km mỗi sáng").items).toEqual([
      "Đọc sách trước 30.6.2027",
      "Ủng hộ 1.000.000 đồng",
      "Chạy 2.5 km mỗi sáng",
    ]);
    // Dates, decimals and amounts are never cut, and numbers out of order are not a list.
    for (const one of ["Đọc sách trước 30.6.2027 2. Tập thể dục", "Chạy 2.5 km và ủng hộ 1.000.000 đồng", "Mỗi tháng 2. ngày đầu tháng 1. giờ"]) {
      expect(splitItems(one).items).toEqual([one]);
    }
  });

  it("keeps three items and reports the rest", () => {
    const r = splitItems("• một\n• hai\n• ba\n• bốn");
    expect(r.items).toEqual(["một", "hai", "ba"]);
    expect(r.extra).toEqual(["bốn"]);
  });
});

describe("findTimeframe", () => {
  const cases: [string, string | null][] = [
    ["Lấy chứng chỉ B1 trước tháng 10/2027", "trước tháng 10/2027"],
    ["Đọc hết cuốn sách trước 30/6/2027", "trước 30/6/2027"],
    ["Mỗi quý đọc 1 cuốn sách", "Mỗi quý"],
    ["hằng tháng trích 100.000 đồng", "hằng tháng"],
    ["Có mặt chào cờ sáng thứ Hai hằng tuần", "sáng thứ Hai hằng tuần"],
    ["vot rac vao sang chu nhat hang thang", "sang chu nhat hang thang"],
    ["Hoàn thành 2 bài báo trong quý II", "trong quý II"],
    ["Soạn 3 giáo án trong học kỳ II", "trong học kỳ II"],
    ["Cả năm không để xảy ra tai nạn", "Cả năm"],
    ["Không đi họp muộn trong cả năm", "trong cả năm"],
    ["Tham gia đủ trong suốt năm 2027", "trong suốt năm 2027"],
    ["Vận động 12 hộ trong năm", "trong năm"],
    ["Trả lời đơn thư trong 10 ngày làm việc", "trong 10 ngày làm việc"],
    ["Nộp báo cáo trước ngày 20 hằng tháng", "trước ngày 20 hằng tháng"],
    // When a rule applies is a condition of the rule, not a time by which it is checked.
    ["Không dùng điện thoại vào việc riêng trong giờ làm", null],
    ["Không dùng điện thoại vào việc riêng trong giờ họp", null],
    ["khong dung dien thoai vao viec rieng trong gio lam viec", null],
    ["Tối thứ Tư học tiếng Anh", "Tối thứ Tư"],
    ["Tích cực học tập và làm theo Bác", null],
    // N of N months is a count, not a date: no made-up deadline with a stray word.
    ["Dong dang phi dung han 12/12 thang, khong de chi bo nhac nho", null],
    ["Đóng đảng phí đúng hạn 12/12 tháng", null],
    ["Nộp đủ 4/4 quý", null],
    // Deadlines stay deadlines.
    ["Đọc hết cuốn sách trước 30/6", "trước 30/6"],
    ["Nộp báo cáo hạn 31/12", "hạn 31/12"],
    ["Hoàn thành hạn 31/12 năm nay", "hạn 31/12"],
    // A rhythm typed apart from its day is kept with it.
    ["Hàng tuần tham gia dọn vệ sinh khu phố vào sáng chủ nhật", "Hàng tuần, sáng chủ nhật"],
    ["Hang tuan tham gia don ve sinh khu pho vao sang chu nhat", "Hang tuan, sang chu nhat"],
    ["Hằng tuần tập thể dục vào tối thứ Ba", "Hằng tuần, tối thứ Ba"],
    ["Mỗi tuần 2 buổi tập thể dục vào tối thứ Ba", "Mỗi tuần, tối thứ Ba"],
    ["Hàng tháng đóng đảng phí trước ngày 10/12", "Hàng tháng, trước ngày 10/12"],
    ["Dọn vệ sinh vào sáng chủ nhật hàng tuần", "sáng chủ nhật hàng tuần"],
  ];
  it.each(cases)("%s → %s", (text, expected) => {
    expect(findTimeframe(text)?.text ?? null).toBe(expected);
  });

  it("takes both places of a split timeframe out of the action", () => {
    const r = readItem("Hàng tuần tham gia dọn vệ sinh khu phố vào sáng chủ nhật");
    expect(r).toMatchObject({ timeframe: "Hàng tuần, sáng chủ nhật", action: "tham gia dọn vệ sinh khu phố" });
  });

  it("does not read 'đổi mới' as a frequency when diacritics are typed", () => {
    expect(findTimeframe("Chủ động đổi mới ngày càng sáng tạo")).toBeNull();
  });
});

describe("findMeasure", () => {
  const cases: [string, string | null][] = [
    ["Giải quyết đúng hạn 100% hồ sơ đăng ký kinh doanh", "100% hồ sơ"],
    ["Hằng tháng trích 100.000 đồng ủng hộ quỹ", "100.000 đồng"],
    ["Mỗi quý đọc 1 cuốn sách về Bác", "1 cuốn sách"],
    ["Trồng 50 cây xanh dọc đường trước tháng 5", "50 cây xanh"],
    ["Lấy chứng chỉ B1 trước tháng 10/2027", "chứng chỉ B1"],
    ["Hoàn thành khóa sơ cấp cứu và nhận giấy chứng nhận trước 31/8/2027", "giấy chứng nhận"],
    ["Đọc hết cuốn Đường Kách mệnh trước 30/6", "cuốn Đường Kách mệnh"],
    ["Nộp báo cáo tổng kết trước 15/12", "báo cáo tổng kết"],
    ["moi tuan kiem tra so sach mot lan", "mot lan"],
    ["Mỗi ngày dành 30 phút đọc báo", "30 phút"],
    // A count with its noun is the measure, whatever the noun.
    ["Viết 2 bài thu hoạch", "2 bài thu hoạch"],
    ["Viet 2 ban thu hoach moi quy", "2 ban thu hoach"],
    ["Trồng 5 khóm hoa trước nhà văn hóa", "5 khóm hoa"],
    // A word that names by its number keeps it ("tổ 5"): the trial's measure came back as "… tổ".
    ["Hàng tháng giúp đỡ 2 hộ nghèo tổ 5", "2 hộ nghèo tổ 5"],
    ["Hang thang giup do 2 ho ngheo to 5", "2 ho ngheo to 5"],
    // N of N is a share, like a percentage.
    ["Dong dang phi dung han 12/12 thang, khong de chi bo nhac nho", "12/12 thang"],
    ["Đóng đảng phí đúng hạn 12/12 tháng", "12/12 tháng"],
    // Dates, years, class names and deadlines are not measures.
    ["Dạy tốt lớp 9A trong năm 2027 trước 30/6", null],
    ["Trả lời đơn thư trong 10 ngày", null],
    ["Thực hiện Nghị quyết 4 Trung ương khóa XII", null],
    ["Ý thức tốt hơn", null],
    // "đồng" is money only when it is not the first syllable of a word: "đồng chí" (comrade),
    // "đồng nghiệp", "đồng bào", "đồng hồ" are counted people or things, never "1 đồng".
    ["Kèm cặp, giúp đỡ cho 1 đồng chí trẻ", "1 đồng chí trẻ"],
    ["kem cap 1 dong chi tre", "1 dong chi tre"],
    ["Hướng dẫn 2 đồng nghiệp mới", "2 đồng nghiệp"],
    ["Thăm hỏi 5 đồng bào vùng lũ", "5 đồng bào vùng lũ"],
    ["Sửa 3 đồng hồ cho trường", "3 đồng hồ"],
    ["Hướng dẫn 5 công nhân mới vận hành máy", "5 công nhân"],
    // "tặng" (to give) folds to "tang" like "tầng" (a floor): "Tặng 5 suất quà" counts gifts.
    ["Tặng 5 suất quà cho hộ nghèo mỗi quý", "5 suất"],
    ["Tang 5 suat qua cho ho ngheo moi quy", "5 suat"],
    ["Tặng 2 đồng hồ cho hội người cao tuổi", "2 đồng hồ"],
    ["Dọn vệ sinh tầng 2 mỗi tuần", null],
    ["Don ve sinh tang 2 moi tuan", null],
    ["Giúp 2 đồng đội cũ", "2 đồng đội cũ"],
    ["Ủng hộ 500.000 đồng cho quỹ", "500.000 đồng"],
    ["Ủng hộ 2 triệu đồng", "2 triệu đồng"],
    ["Trích 100 nghìn đồng hỗ trợ hộ nghèo", "100 nghìn đồng"],
    ["Trích 200.000 đồng hỗ trợ hộ nghèo", "200.000 đồng"],
  ];
  it.each(cases)("%s → %s", (text, expected) => {
    expect(findMeasure(text, findTimeframe(text))?.text ?? null).toBe(expected);
  });
});

describe("guessCategories", () => {
  it("puts the main content first", () => {
    expect(guessCategories(fold("Mỗi quý đọc 1 cuốn sách về Bác và viết thu hoạch"))[0]).toBe("STUDY");
    expect(guessCategories(fold("Giải quyết đúng hạn 100% hồ sơ được giao"))[0]).toBe("FOLLOW");
    expect(guessCategories(fold("Không nhận phong bì của người bệnh"))[0]).toBe("EXAMPLE");
    expect(guessCategories(fold("Tích cực học tập và làm theo tư tưởng của Bác"))).toEqual(["STUDY", "FOLLOW"]);
    expect(guessCategories("")).toEqual(["FOLLOW"]);
  });
});

describe("readItem / readRegistration", () => {
  it("reads each item of a message with its action, measure, timeframe, contents and verdict", () => {
    const r = readRegistration(
      "1. Mỗi quý đọc 1 cuốn sách về Bác, viết thu hoạch nộp chi ủy.\n2. Không dùng điện thoại vào việc riêng trong giờ làm\n3. Ý thức tốt hơn",
    );
    expect(r.items).toHaveLength(3);
    const [a, b, c] = r.items;
    expect(a).toMatchObject({ measure: "1 cuốn sách", timeframe: "Mỗi quý", verdict: "concrete", categories: ["STUDY"] });
    expect(a?.action).toBe("đọc 1 cuốn sách về Bác, viết thu hoạch nộp chi ủy.");
    expect(b).toMatchObject({ timeframe: null, verdict: "concrete", rule: true, missing: [] });
    expect(b?.action).toBe("Không dùng điện thoại vào việc riêng trong giờ làm");
    expect(b?.categories[0]).toBe("EXAMPLE");
    expect(c).toMatchObject({ measure: null, verdict: "vague", vagueMeasure: "tot hon" });
    expect(c?.reasons.map((x) => x.code)).toContain("VAGUE_MEASURE");
  });

  it("reads the trial's three items typed on one line: measures with their nouns, a rule with no timeframe", () => {
    const r = readRegistration(
      "1. Đọc 2 cuốn sách về Bác trước 30/6/2027 2. Không dùng điện thoại vào việc riêng trong giờ họp 3. Viết 2 bài thu hoạch mỗi quý",
    );
    expect(r.items.map((i) => [i.measure, i.timeframe, i.verdict, i.missing])).toEqual([
      ["2 cuốn sách", "trước 30/6/2027", "concrete", []],
      [null, null, "concrete", []],
      ["2 bài thu hoạch", "mỗi quý", "concrete", []],
    ]);
    expect(r.items[1]?.rule).toBe(true);
  });

  it("never asks again for what the member gave", () => {
    const withTime = readItem("Hằng tháng nâng cao nhận thức về tư tưởng của Bác");
    expect(withTime.verdict).toBe("vague");
    expect(withTime.timeframe).toBe("Hằng tháng");
    expect(withTime.missing).toEqual(["measure"]);
    expect(readItem("Tích cực học tập và làm theo Bác").missing).toEqual(["measure", "timeframe"]);
  });

  it("gives the coach's verdict, with and without diacritics", () => {
    for (const text of [
      "Lấy chứng chỉ B1 tiếng Anh trước tháng 10/2027",
      "Nâng cao tinh thần trách nhiệm",
      "Sáng chủ nhật hằng tuần quét dọn đoạn đường trước cửa nhà",
    ]) {
      const coach = analyzeCommitment(text);
      expect(readItem(text).verdict).toBe(coach.verdict);
      expect(readItem(fold(text)).verdict).toBe(coach.verdict);
    }
  });

  it("reads an empty message as no items", () => {
    expect(readRegistration("  \n ").items).toEqual([]);
  });
});

describe("content labels", () => {
  it("splits one line in sections by the content each is about, dropping the lead-in; each section's content is the one named", () => {
    const read = readRegistration(
      "Toi xin dang ky nam 2027 nhu sau: ve hoc tap thi moi thang doc 1 tac pham cua Bac va ghi thu hoach. Ve lam theo thi giai quyet dung han 100% ho so duoc giao trong nam. Con ve neu guong thi khong di muon buoi hop nao trong nam",
    );
    expect(read.items.map((i) => [i.text, i.categories])).toEqual([
      ["Moi thang doc 1 tac pham cua Bac va ghi thu hoach.", ["STUDY"]],
      ["Giai quyet dung han 100% ho so duoc giao trong nam.", ["FOLLOW"]],
      ["Khong di muon buoi hop nao trong nam", ["EXAMPLE"]],
    ]);
  });

  it("takes a leading label off the item's text and makes it the item's content", () => {
    expect(readRegistration("hoc tap: moi quy doc 1 cuon sach ve Bac").items.map((i) => [i.text, i.categories])).toEqual([
      ["Moi quy doc 1 cuon sach ve Bac", ["STUDY"]],
    ]);
    expect(readRegistration("Nêu gương - không đi muộn buổi họp nào cả năm").items[0]).toMatchObject({
      text: "Không đi muộn buổi họp nào cả năm",
      categories: ["EXAMPLE"],
    });
    expect(readRegistration("Về học tập, mỗi tháng đọc một bài viết của Bác").items.map((i) => i.text)).toEqual(["Mỗi tháng đọc một bài viết của Bác"]);
  });

  it("reads a label typed without diacritics, with half of them, or as 'làm gương', as the one typed with them", () => {
    for (const label of ["Làm gương:", "lam guong:", "Nêu guong:", "neu guong -", "Về làm gương thì"]) {
      expect(
        readRegistration(`${label} hướng dẫn 2 đồng nghiệp mới dùng phần mềm trước 30/6`).items.map((i) => [i.text, i.categories]),
        label,
      ).toEqual([["Hướng dẫn 2 đồng nghiệp mới dùng phần mềm trước 30/6", ["EXAMPLE"]]]);
    }
    expect(readRegistration("ve hoc tap thi moi quy doc 1 cuon sach. Ve lam guong thi khong di muon buoi hop nao").items.map((i) => i.categories)).toEqual([
      ["STUDY"],
      ["EXAMPLE"],
    ]);
  });

  it("leaves a sentence that starts with the words as a verb, and a label with nothing after it", () => {
    const verb = "Học tập và làm theo tấm gương đạo đức của Bác, mỗi tháng đọc 1 bài";
    expect(readRegistration(verb).items.map((i) => i.text)).toEqual([verb]);
    expect(readRegistration("Học tập:").items.map((i) => i.text)).toEqual(["Học tập:"]);
  });
});

describe("ordinals", () => {
  it("splits one line listing its items by 'thứ nhất, thứ hai, thứ ba', without the ordinals and the lead-in", () => {
    const read = readRegistration(
      "toi xin dang ky nhu sau. thu nhat moi thang doc 1 bai viet cua Bac va ghi thu hoach, thu hai giup ba con trong to dan pho lam thu tuc dat dai dung han trong nam, thu ba khong di hop muon buoi nao trong nam",
    );
    expect(read.items.map((i) => i.text)).toEqual([
      "moi thang doc 1 bai viet cua Bac va ghi thu hoach",
      "giup ba con trong to dan pho lam thu tuc dat dai dung han trong nam",
      "khong di hop muon buoi nao trong nam",
    ]);
  });

  it("does not take a weekday for an ordinal", () => {
    expect(
      readRegistration("Thứ nhất: đọc 12 tác phẩm trong năm. Thứ hai: họp tổ sáng thứ Hai hằng tuần. Thứ ba là không đi muộn").items.map((i) => i.text),
    ).toEqual(["đọc 12 tác phẩm trong năm.", "họp tổ sáng thứ Hai hằng tuần.", "không đi muộn"]);
    const weekdays = "Họp tổ sáng thứ Hai hằng tuần và thứ ba hằng tháng";
    expect(readRegistration(weekdays).items.map((i) => i.text)).toEqual([weekdays]);
  });
});
