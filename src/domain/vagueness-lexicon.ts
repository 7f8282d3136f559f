// Word lists of the vagueness coach and the registration reader (folded, punctuation-free text).
// Kept apart from the judgement so they can grow without touching the rules that weigh them.
// Each list entry is a regex source matched on " <words> ".

/** Document references: numbers in them are not measures ("Chỉ thị 05-CT/TW"). */
export const DOC_REF_PATTERNS: RegExp[] = [
  /\b\d+\s*[-–]\s*[a-z]{2,4}\s*\/\s*[a-z]{2,4}\b/g, // 05-CT/TW, 144-QĐ/TW, 21-KL/TW
  /\b(chi thi|ket luan|nghi quyet|quy dinh|thong tu|nghi dinh|quyet dinh)( so)? \d+\b/g,
  // These words also start ordinary actions ("hướng dẫn 5 công nhân"), so only "… số N" counts.
  /\b(ke hoach|huong dan|cong van|luat) so \d+\b/g,
  /\b(trung uong|tw|t\.? ?u) \d+\b/g,
  /\bkhoa [xvil]+\b/g,
];
export const DOC_NAME = /\b(chi thi|ket luan|nghi quyet|quy dinh|thong tu|nghi dinh|quyet dinh|dieu le|vbref)\b/;

/**
 * Second syllables that make "đồng" a word, not money (VND): "đồng chí", "đồng nghiệp", "đồng
 * bào", "đồng hồ"… "1 đồng chí trẻ" counts a comrade. Only words that follow a count; folded
 * text cannot tell "hồ" from "hỗ", so "đồng hỗ trợ", "đồng bảo trợ", "đồng hướng về", "đồng phục
 * vụ" stay money.
 */
export const DONG_WORD = "(?:chi|nghiep|bao(?! tro)|doi|huong(?! ve)|mon|ho(?! tro)|ruong|lua|phuc(?! vu))";

/** Slogans and stock phrases from resolutions: saying them is not a plan. */
export const SLOGANS: string[] = [
  "can kiem liem chinh",
  "chi cong vo tu",
  "gan dan trong dan",
  "hieu dan",
  "trong dan",
  "trach nhiem voi dan",
  "noi di doi voi lam",
  "chong chu nghia ca nhan",
  "hoc tap va lam theo tu tuong dao duc phong cach ho chi minh",
  "hoc tap va lam theo tam guong dao duc ho chi minh",
  "tu dien bien",
  "tu chuyen hoa",
  "dam nghi dam lam dam chiu trach nhiem",
  "dam nghi dam lam",
  "het long het suc phuc vu nhan dan",
  "phuc vu nhan dan",
  "trung voi nuoc hieu voi dan",
  "tu luc tu cuong",
  "khat vong phat trien dat nuoc",
  "phon vinh hanh phuc",
  "trong sach vung manh",
  "doan ket thuong yeu",
  "xung dang la nguoi dang vien",
  "viec hom nay khong de ngay mai",
  "lam het viec chu khong het gio",
  "tan tuy voi cong viec",
  "tan tam tan tuy",
  "tien phong guong mau",
  "tiet kiem chong lang phi",
  "thuc hanh tiet kiem chong lang phi",
];

/** Abstract verbs, virtues and generic objects: fine as intent, not checkable on their own. */
export const ABSTRACT: string[] = [
  "viec tot",
  "hoan thien",
  "ban than",
  "lam tot",
  "co gang",
  "nang cao",
  "tich cuc",
  "tang cuong",
  "phat huy",
  "day manh",
  "khong ngung",
  "ren luyen",
  "giu gin",
  "tu duong",
  "guong mau",
  "phan dau",
  "thuc hien tot",
  "hoan thanh tot",
  "hoan thanh xuat sac",
  "nghiem tuc",
  "chap hanh nghiem",
  "thuc hien nghiem",
  "chu dong",
  "sang tao",
  "hieu qua",
  "thiet thuc",
  "khoa hoc",
  "tinh than",
  "trach nhiem",
  "y thuc",
  "pham chat",
  "dao duc",
  "y duc",
  "loi song",
  "tac phong",
  "doan ket",
  "tan tuy",
  "tan tam",
  "tan tinh",
  "het minh",
  "het long",
  "xung dang",
  "luon luon",
  "luon",
  "doi moi",
  "quan triet",
  "chu trong",
  "tiep tuc",
  "khac phuc",
  "nang dong",
  "tien phong",
  "vai tro",
  "thuong xuyen",
  "chat luong",
  "su phat trien",
  "vung vang",
  "ban linh",
  "tu giac",
  "gian di",
  "khiem ton",
  "hoa dong",
  "trung thuc",
  "nhiet tinh",
  "ky luat",
  "ky cuong",
  "tiet kiem",
  "chong lang phi",
  "cai cach hanh chinh",
  "tao thuan loi",
  "nhiem vu duoc giao",
  "moi nhiem vu",
  "chuyen mon nghiep vu",
  "ly luan chinh tri",
  "trinh do",
  "nghien cuu",
  "lam theo",
  "guong bac",
  "tam guong",
  "tu tuong",
  "phong cach",
  "giup do",
  "thuong yeu",
  "mot cach",
  "moi nguoi",
  "cac chi tieu",
];

/**
 * Concrete objects, actions and settings, across the roles the bot serves (offices, schools,
 * clinics, enterprises, residential areas, retirees). Ambiguous folded words ("ho", "qua",
 * "tat", "viet") are only listed inside phrases that disambiguate them.
 */
export const CONCRETE: string[] = [
  // office and dossiers
  "ho so",
  "don thu",
  "don khieu nai",
  "van ban",
  "cong van",
  "giay to",
  "thu tuc",
  "mot cua",
  "tiep (cong )?dan",
  "cong dan",
  "tra ket qua|tra loi",
  "dich vu cong",
  "chu ky so",
  "phan mem",
  "so hoa",
  "luu tru",
  "bao cao (chi bo|truong|lanh dao|chi uy|bi thu|tai|ket qua|danh sach|bang)",
  "truong phong|truong khoa|truong ca|to truong|truong thon",
  "goi dien|dien thoai|tin nhan|zalo|email|thu dien tu",
  "may in|may tinh|may photo|may lanh|dieu hoa",
  "tat (den|dien|quat|may|dieu hoa|thiet bi)",
  "quat may|tien dien|dien nang|tien nuoc|bong den|den chieu sang",
  "in hai mat|giay in|muc in|giay",
  "xe cong|xe buyt|xe dap|xe may|xe dua don",
  "roi (khoi )?phong|het gio|ra ve|het ca",
  "nhan qua|qua tang|qua bieu|phong bi|nhan tien|tien cua",
  "tu choi",
  // study
  "doc",
  "ghi chep|chep (lai|vao|mot|\\d+)|ghi lai|ghi vao|ghi y|ghi nhiet do",
  "trinh bay|phat bieu|gioi thieu",
  "thu hoach|cam nhan|tom tat",
  "bai viet|bai noi|bai bao|bai hat|tac pham|cuon sach|quyen sach|dau sach|doc sach|sach (ve|bac|cua)|tu sach|thu vien",
  "mau chuyen|cau chuyen|ke (lai|chuyen|cho)",
  "nghe (dai|radio|podcast|ke|doc|mot|\\d+|chuyen|cau|bai|ban tin)|xem (phim|video|phong su)|chuyen muc|loa truyen thanh|tren dai|truyen hinh",
  "so tay|so theo doi|so ghi|vao so",
  "viet (bai|thu hoach|cam nhan|mot|\\d|trang|bao cao)",
  "(mot|\\d+) trang|trang (thu hoach|giay|a4)",
  // "khoa hoc" is left out: folded, "khóa học" (a course) is also "khoa học" (science, as in
  // "làm việc khoa học").
  "lop (boi duong|hoc|tap huan)|khoa (boi duong|huan luyen|tap huan)|chung chi|tieng anh",
  "tham du|du (du|day du)|sinh hoat chuyen de|buoi sinh hoat|buoi hop|(tai|trong) (buoi )?(sinh hoat|hop) chi bo",
  "di tich|nha luu niem|tham quan",
  // teaching
  "hoc sinh|sinh vien|phu huynh|hoc vien",
  "giao an|bai giang|tiet (day|hoc|sinh hoat)|du gio|cham (bai|tra)|bai kiem tra",
  "phu dao|day them|day (mien phi|bu|kem)|kem cap|nhan kem",
  "lop \\w*\\d\\w*|lop chu nhiem|mon (toan|van|ngu van|tieng|lich su|dia|hoa|ly|sinh|tin)",
  // health
  "benh nhan|nguoi benh|nguoi nha|kham|tiem (chung|phong|vac xin)|vac xin|thuoc (la|men|tay)|phat thuoc|cap thuoc|don thuoc|benh an|nhap vien|xuat vien",
  "truc (dem|ca|dung)|ca truc|vi tri truc|giao ban|ban giao",
  "tram y te|phong kham|hien mau|huyet ap|tu lanh|nhiet do",
  // enterprise
  "san pham|khach hang|don hang|hoa don|xuat kho|nhap kho|kho hang|nguyen lieu|hao hut",
  "quy trinh|sang kien|day chuyen|to san xuat|nha xuong|xuong (san xuat|co khi|may)|cong nhan|bac tho|an toan lao dong|bao ho",
  "ty le",
  // residential, retirees, community
  "khu pho|to dan pho|khu dan cu|thon|xom|ap \\d|nha van hoa|ngo xom|via he|tuyen duong",
  "ho ngheo|ho kho khan|ho gia dinh|\\d+ ho|cac ho|gia dinh chinh sach|nguoi cao tuoi|thieu nhi|thanh nien|con chau|cac chau|cho chau",
  "rac|phan loai|ve sinh|quet don|don dep|trong cay|cay xanh|tuoi cay",
  "hoa giai|tuan tra|an ninh|mau thuan",
  "quyen gop|ung ho|dong gop|tang qua|trao (qua|tang|hoc bong|\\d+)|hoc bong|suat (hoc bong|qua|an)|tham hoi|tham (cac|gia dinh|ho|nguoi)",
  "quy (ho tro|khuyen hoc|vi nguoi ngheo|tu thien|nhan dao|cong doan)",
  `\\d+ dong(?! ${DONG_WORD}(?: |$))|trieu dong|nghin dong|ngay luong|ngay cong`,
  "van dong",
  // discipline
  "di lam dung gio|dung gio|di muon|ve som|nghi khong phep|co mat",
  "hut thuoc|thuoc la|ruou bia|uong ruou|choi game|luat giao thong|mu bao hiem",
  "xin loi|hen lai|huong dan",
  "de xuat",
  "truong (mam non|mau giao|tieu hoc|trung hoc|thcs|thpt|dai hoc|cao dang)",
  "toan bo|moi (van ban|ho so|don|don thu|khieu nai|buoi|lan)",
];

/** Generic targets that make a percentage hollow: "100% nhiệm vụ", "100% chỉ tiêu". */
export const GENERIC_TARGET_PHRASE =
  /\b(nhiem vu|chi tieu|ke hoach|cong viec|yeu cau|muc tieu|danh hieu|hoan thanh tot|hoan thanh xuat sac|chuan muc|tieu chi|noi dung|giai phap|phong trao)\b/;

/** Count nouns that make a number (digit or word) a measure. */
export const UNIT =
  "(bai|bai viet|trang|buoi|lan|ngay|gio|phut|tieng|tuan|thang|cuon|quyen|tac pham|y|y kien|cau chuyen|mau chuyen|chuyen de|sang kien|ho|nguoi|hoc sinh|em|tiet|giao an|ca|dot|suat|phan qua|cay|van ban|ho so|don|dong|trieu|nghin|km|kg|lop|chu de|doan vien|cong nhan|dong nghiep|gia dinh)";
// "sáu" is left out: folded it is "sau" (after), as in "sau ngày 30/6".
export const NUMBER_WORD = "(mot|hai|ba|bon|nam|bay|tam|chin|muoi|nua)";
// Units after a number word; "người"/"con" are left out ("là một người đảng viên", "bà con").
export const WORD_UNIT =
  "(bai|bai viet|trang|buoi|lan|ngay|gio|tieng|tuan|thang|cuon|quyen|tac pham|y|y kien|cau chuyen|mau chuyen|chuyen de|sang kien|ho|hoc sinh|em|tiet|giao an|ca|dot|suat|cay|van ban|ho so|chu de|loi day|ky niem)";
export const NUMBER_WORD_MEASURE = new RegExp(`\\b${NUMBER_WORD} ${WORD_UNIT}\\b`);

/** Place-like words before a number: the number names something, it does not measure it. */
export const PLACE_BEFORE = /^(lop|khu|pho|to|thon|ap|xom|phong|so|doi|phuong|quan|tang|nha|lo|duong|khoi|ban|ky|hoc|thang|quy|nam)$/;

export const WEEKDAY = "(thu (hai|ba|tu|nam|sau|bay|[2-7])|chu nhat)";
export const PERIOD = "(ngay|tuan|thang|quy|hoc ky|ky|buoi|sang|chieu|toi|dem|ca|dot|phien)";
export const ROMAN = "(\\d{1,2}|i|ii|iii|iv)";

// "mỗi"/"hằng" fold to "moi"/"hang", which also spell "mới" and "hàng": "đổi mới, sáng tạo" folds
// to "doi moi sang tao". When the member typed diacritics, the frequency is confirmed on the
// original text; unaccented input can only be read folded.
export const FREQUENCY_FOLDED = new RegExp(`\\b(moi|hang) ${PERIOD}\\b`);
export const FREQUENCY_ACCENTED = /(^| )(mỗi|hằng|hàng) (ngày|tuần|tháng|quý|học kỳ|kỳ|buổi|sáng|chiều|tối|đêm|ca|đợt|phiên)(?= |$)/;

/** Recurring times beyond "mỗi/hằng …": "sáng thứ Hai hằng tuần", "3 buổi mỗi tuần", "cuối mỗi tháng". */
export const RECURRING = new RegExp(
  `\\b(${WEEKDAY} (hang|moi|cac) (tuan|thang)|${WEEKDAY} (dau|cuoi|giua) (moi )?(tuan|thang|quy)|(cuoi|dau|giua) moi (tuan|thang|quy|ca|ngay)|\\d+ (lan|buoi|gio|ca|luot) moi (ngay|tuan|thang|quy|ky)|(moi|hang) ${PERIOD})\\b`,
);

export const STRONG_TIME: RegExp[] = [
  new RegExp(`\\b(sang|chieu|toi|trua|vao|cac|moi) ${WEEKDAY}\\b`),
  new RegExp(`\\b${WEEKDAY} (hang|moi|cac) tuan\\b`),
  /\b(cuoi|dau|giua) (moi )?(tuan|thang|quy|hoc ky|ca|ngay)\b/,
  /\b\d{1,2}\/\d{1,2}(\/\d{2,4})?\b/,
  new RegExp(`\\b(thang|quy|qui) ${ROMAN}\\b`),
  /\bhoc ky (i|ii|1|2|mot|hai)\b/,
  /\b(trong vong|trong|sau|qua|khong qua|toi da|duoi|truoc|it hon)( it nhat| toi da| toi thieu)? \d+ (ngay|tuan|thang|gio|phut|tieng)\b/,
  /\btruoc (ngay|gio|dip|tet|le|ky|khi ket thuc|ngay khai giang|khai giang|mua)\b/,
  /\b\d+ (lan|buoi|gio|ngay|bai|trang|cuon) moi (ngay|tuan|thang|quy|ky)\b/,
  /\b(sinh hoat|hop|giao ban) (chuyen de )?(thang|quy|tuan)\b/,
  /\b(mua kho|mua mua|mua he|dip he|he nay|nam hoc nay)\b/,
  // The registration runs for one year, so "within the year" is a real deadline.
  /\b(trong|ca|suot|cuoi|het) nam( hoc| \d{4})?\b/,
  /\b(dip|truoc|den|vao) (tet|le|ngay \d|\d{1,2} \d{1,2}|he)\b/,
  /\b(den|truoc) (het|cuoi) (nam|quy|thang|hoc ky)\b/,
  /\bden khi\b/,
  /\b(trong|qua) (\d+ )?(thang|tuan|ngay) dau\b/,
];

/**
 * The setting of a behavioural rule ("trong giờ làm", "trong ca trực", "khi đang lái xe"): with
 * a prohibition it says when a breach would be seen, which is all the time frame a rule needs.
 */
export const RULE_CONTEXT = /\b(trong|ngoai) (gio|ca|buoi|khuon vien|phong|doanh trai|co quan)\b|\bkhi (dang|lam|tiep|truc|lai|van hanh)\b/;

/**
 * Prohibitions whose breach is visible whatever the object: "không nhậu trong giờ nghỉ trưa",
 * "không đánh bạc", "không nói tục". Matched on folded text.
 */
export const PROHIBITED_ACTS: RegExp[] = [
  /\bkhong (\w+ )?(nhau|danh bac|ca do|noi tuc|quat|mang|hut|uong ruou|uong bia|choi game|luot mang|an sang|uong ca phe|lan chiem|do xe|do rac|xa rac|dot)\b/,
  /\bkhong (dung|su dung) (dien thoai|may tinh|xe cong|tai san|xe)\b/,
  /\bkhong (nhan|lay) (qua|tien|phong bi|hoa hong)\b/,
  /\bkhong (di|den) (lam )?(muon|tre)\b|\bkhong ve som\b|\bkhong bo (vi tri|ca|truc)\b/,
  /\bkhong (tu y|cho (nguoi|con|tre)|ky|ra khoi|de (nguoi|con|benh nhan|nguoi benh|xay ra|xe|ho so|don))\b/,
  /\bkhong (nghi|vang)( \w+)? (khong phep|khong bao|buoi nao|ngay nao)\b/,
  // Positive standing rules read the same way: "trả lại ngay đồ khách bỏ quên".
  /\b(tra lai|nop lai|tu choi|bao cao) ngay\b/,
];

/**
 * Negations that name an attitude or a vice, not an act anyone could see: "không ngừng", "không
 * ngại khó", "không tham ô", "không vụ lợi". Any other clause that opens with "không" + a verb is
 * read as a standing rule (see NEGATED_CLAUSE).
 */
export const VAGUE_NEGATION =
  /^(ngung|ngai|so|chi|nhung|the|co|phai|bao gio|it|kem|thua|chiu|tham o|tham nhung|vu loi|tieu cuc|suy thoai|dao dong|chay theo|bi dong|co hoi|quan lieu|xa dan|ca nhan|ban khoan|nao nung|luoi|de ai|vi loi ich|ngung nghi|quen|dung lai|thoa man|tu man|boc lot|phan biet|mac|mat|vi pham (?:ky luat|phap luat|quy dinh|dieu le|nhung dieu)|vi pham$)(?![a-z])/;

/** A clause that opens with "không …": at the start, or after a comma, "và", "gia đình", "bản thân". */
export const NEGATED_CLAUSE = /(?:^|[,;.:]|\bva|\bgia dinh(?: minh| toi)?|\bban than|\btoi|\bminh|\bluon)\s*khong\s+([a-z ]{2,30})/g;

/** A trigger with a visible response: "khi được biếu quà thì từ chối và báo cáo". */
export const TRIGGER_RESPONSE = /\b(khi|neu|moi khi|hen)\b.*\b(thi|la|phai)? ?(tu choi|bao cao|tra lai|goi dien|xin loi|ghi vao|bao ngay|nhac|lap bien ban)\b/;

/**
 * A service deadline counted in days or hours ("trả lời trong 3 ngày", "trong vòng 24 giờ"):
 * every case handled late is on record, so the deadline is the measure.
 */
export const SERVICE_DEADLINE = /\b(trong|trong vong|khong qua|toi da|chi trong) \d+ (ngay|gio|tieng|tuan|thang)\b/;

/**
 * Named deliverables: done or not done at year end, no number needed. Folded text; each entry
 * is one kind of outcome (a certificate, a degree, a finished book or course, a report filed).
 */
export const OUTCOME_PATTERNS: RegExp[] = [
  /\b(chung chi|giay chung nhan|van bang|bang (lai|b|c|a|thac si|tien si|cu nhan|tot nghiep|dai hoc))( [a-z0-9]+)?\b/,
  /\b(tot nghiep|thi do|ielts|toeic|vstep|b1|b2|c1)\b/,
  /\b(doc|hoc|nghe) (het|xong|tron ven) (cuon|quyen|bo|tap|sach|tac pham|lop|khoa|chuong trinh)\b/,
  /\b(hoc|hoan thanh) (xong )?(lop|khoa|chuong trinh) [a-z]+/,
  /\b(nop|gui|trinh|bao ve|cong bo|phat hanh|bien soan|soan xong|soan|ve xong|lap|xay dung xong|sua xong|hoan thanh) (bao cao|ban tin|luan van|de tai|so tay|tu sach|ban do|quy che|du thao|giao an|bo giao an|bai|mai|cuon|sach)\b/,
  /\b(hoc thuoc|thuoc long) \w+/,
  /\b(viet|nop) (bai du thi|bai tham luan|bai thu hoach|bai cam nhan|ban thu hoach)\b/,
];

/** Comparatives with no baseline or figure: "tốt hơn", "hiệu quả hơn", "hơn nữa". */
export const VAGUE_MEASURE =
  /\b(\w+ hon nua|(tot|cao|nhieu|sau|nhanh|nhanh gon|hieu qua|chu dao|tich cuc|quan tam|chat luong|manh|ro|on|dep|gan gui|trach nhiem|co trach nhiem) hon)\b(?! \d)/;

export const WEAK_TIME: RegExp[] = [
  /\b(hang|moi) nam( hoc)?\b/,
  /\bdinh ky\b/,
  /\b(19|20)\d\d\b/,
  /\b(dung han|dung hen|dung lich|dung tien do|dung gio)\b/,
  /\b(sinh hoat|hop) (chi bo|to|thon|khu pho)\b/,
  /\btruoc moi\b/,
];
