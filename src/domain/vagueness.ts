// Vagueness coach: judges whether a member's commitment item is concrete enough for the chi ủy
// to check at the monthly meeting. Pure: no I/O, no clock; everything it needs is passed in.
//
// The judgement is feature based and works on diacritic-folded text, so "hoc tap va lam theo
// guong Bac" is read the same as "học tập và làm theo gương Bác". Features for concreteness:
// a measure (numbers with units, counts, %, money), a time frame or frequency ("mỗi tháng",
// "trước 30/6", "trong vòng 10 ngày"), concrete objects and actions (hồ sơ, đơn thư, học sinh,
// tắt đèn, đọc, ghi chép…), named things (a quoted title, "lớp 9A", "khu phố 4") and checkable
// rules ("không nhận quà…", "rời phòng là tắt điện"). Features for vagueness: abstract verbs and
// virtues ("nâng cao", "tích cực", "phát huy"…), slogans ("cần, kiệm, liêm, chính"), a bare
// document reference ("thực hiện tốt Chỉ thị 05-CT/TW"), hollow targets ("100% nhiệm vụ").
//
// Score convention: 0..1, higher = more concrete; verdict is "concrete" when the score reaches
// CONCRETE_THRESHOLD and no blocking reason applies. Reasons are only returned for vague items:
// they are what the bot explains to the member and what the chi ủy sees next to a kept item.

import { fold } from "./text.ts";

export type Verdict = "vague" | "concrete";

export type ReasonCode =
  | "TOO_SHORT"
  | "DUPLICATE_IN_CELL"
  | "SAME_AS_LAST_YEAR"
  | "THEME_COPY"
  | "SLOGAN"
  | "DOCUMENT_ONLY"
  | "ABSTRACT_ONLY"
  | "NO_MEASURE"
  | "NO_TIMEFRAME";

export interface VaguenessReason {
  code: ReasonCode;
  detail?: string;
}

export interface VaguenessContext {
  /** The year's theme (chuyên đề năm) title; an item that only restates it is vague. */
  themeTitle?: string;
  /** Other members' items in the same cell this year (not this item itself). */
  cellTexts?: string[];
  /** The member's own items from last year. */
  ownLastYearTexts?: string[];
}

export interface VaguenessResult {
  verdict: Verdict;
  /** 0..1, higher = more concrete. */
  score: number;
  reasons: VaguenessReason[];
}

export const CONCRETE_THRESHOLD = 0.5;
/** Token-set Jaccard similarity at or above which two items count as the same text. */
export const DUPLICATE_SIMILARITY = 0.8;
/** Items with fewer words than this cannot say what, how much and when. */
export const MIN_WORDS = 4;
/** Score ceiling for items blocked by a copy/duplicate/too-short reason. */
const BLOCKED_SCORE_CAP = 0.3;

// ---------------------------------------------------------------------------------------------
// Normalization

/**
 * Folded, punctuation-free form used for phrase matching. Digit groups keep their separators
 * squeezed out ("200.000" → "200000", "1,5%" → "15%") because only "is there a number" matters;
 * dates keep their slash ("30/6"); "2 lần/tháng" becomes "2 lần mỗi tháng".
 */
function words(folded: string): string {
  return folded
    .replace(/(\d)[.,](?=\d)/g, "$1")
    .replace(/\s*\/\s*(ngay|tuan|thang|quy|nam|ky)\b/g, " moi $1")
    .replace(/(\d)\s*%/g, "$1% ")
    .replace(/[^a-z0-9%/]+/g, " ")
    .replace(/(^|[^0-9])\/|\/(?![0-9])/g, "$1 ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Tokens for similarity: folded words without years, so "Năm 2024 …" equals "Năm 2025 …". */
function similarityTokens(text: string): Set<string> {
  const tokens = words(fold(text))
    .split(" ")
    .filter((t) => t.length > 0 && !/^(19|20)\d\d$/.test(t));
  return new Set(tokens);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const t of a) if (b.has(t)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Similarity of two commitment texts, tolerant of case, punctuation, diacritics and years. */
export function textSimilarity(a: string, b: string): number {
  return jaccard(similarityTokens(a), similarityTokens(b));
}

// ---------------------------------------------------------------------------------------------
// Lexicons (folded, punctuation-free). Each entry is a regex source matched on " <words> ".
// Entries are counted once each, so listing near-synonyms does not inflate a score.

/** Document references: numbers in them are not measures ("Chỉ thị 05-CT/TW"). */
const DOC_REF_PATTERNS: RegExp[] = [
  /\b\d+\s*[-–]\s*[a-z]{2,4}\s*\/\s*[a-z]{2,4}\b/g, // 05-CT/TW, 144-QĐ/TW, 21-KL/TW
  /\b(chi thi|ket luan|nghi quyet|quy dinh|thong tu|nghi dinh|quyet dinh)( so)? \d+\b/g,
  // These words also start ordinary actions ("hướng dẫn 5 công nhân"), so only "… số N" counts.
  /\b(ke hoach|huong dan|cong van|luat) so \d+\b/g,
  /\b(trung uong|tw|t\.? ?u) \d+\b/g,
  /\bkhoa [xvil]+\b/g,
];
const DOC_NAME =
  /\b(chi thi|ket luan|nghi quyet|quy dinh|thong tu|nghi dinh|quyet dinh|dieu le|vbref)\b/;

/** Slogans and stock phrases from resolutions: saying them is not a plan. */
const SLOGANS: string[] = [
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
const ABSTRACT: string[] = [
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
const CONCRETE: string[] = [
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
  "\\d+ dong|trieu dong|nghin dong|ngay luong|ngay cong",
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
const GENERIC_TARGET_PHRASE =
  /\b(nhiem vu|chi tieu|ke hoach|cong viec|yeu cau|muc tieu|danh hieu|hoan thanh tot|hoan thanh xuat sac|chuan muc|tieu chi|noi dung|giai phap|phong trao)\b/;

/** Count nouns that make a number (digit or word) a measure. */
const UNIT =
  "(bai|bai viet|trang|buoi|lan|ngay|gio|phut|tieng|tuan|thang|cuon|quyen|tac pham|y|y kien|cau chuyen|mau chuyen|chuyen de|sang kien|ho|nguoi|hoc sinh|em|tiet|giao an|ca|dot|suat|phan qua|cay|van ban|ho so|don|dong|trieu|nghin|km|kg|lop|chu de|doan vien|cong nhan|dong nghiep|gia dinh)";
// "sáu" is left out: folded it is "sau" (after), as in "sau ngày 30/6".
const NUMBER_WORD = "(mot|hai|ba|bon|nam|bay|tam|chin|muoi|nua)";
// Units after a number word; "người"/"con" are left out ("là một người đảng viên", "bà con").
const WORD_UNIT =
  "(bai|bai viet|trang|buoi|lan|ngay|gio|tieng|tuan|thang|cuon|quyen|tac pham|y|y kien|cau chuyen|mau chuyen|chuyen de|sang kien|ho|hoc sinh|em|tiet|giao an|ca|dot|suat|cay|van ban|ho so|chu de|viec|viec tot|viec lam|loi day|ky niem)";
const NUMBER_WORD_MEASURE = new RegExp(`\\b${NUMBER_WORD} ${WORD_UNIT}\\b`);

/** Place-like words before a number: the number names something, it does not measure it. */
const PLACE_BEFORE = /^(lop|khu|pho|to|thon|ap|xom|phong|so|doi|phuong|quan|tang|nha|lo|duong|khoi|ban|ky|hoc|thang|quy|nam)$/;

const WEEKDAY = "(thu (hai|ba|tu|nam|sau|bay|[2-7])|chu nhat)";
const PERIOD = "(ngay|tuan|thang|quy|hoc ky|ky|buoi|sang|chieu|toi|dem|ca|dot|phien)";
const ROMAN = "(\\d{1,2}|i|ii|iii|iv)";

// "mỗi"/"hằng" fold to "moi"/"hang", which also spell "mới" and "hàng": "đổi mới, sáng tạo" folds
// to "doi moi sang tao". When the member typed diacritics, the frequency is confirmed on the
// original text; unaccented input can only be read folded.
const FREQUENCY_FOLDED = new RegExp(`\\b(moi|hang) ${PERIOD}\\b`);
const FREQUENCY_ACCENTED =
  /(^| )(mỗi|hằng|hàng) (ngày|tuần|tháng|quý|học kỳ|kỳ|buổi|sáng|chiều|tối|đêm|ca|đợt|phiên)(?= |$)/;

const STRONG_TIME: RegExp[] = [
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
];

const WEAK_TIME: RegExp[] = [
  /\b(hang|moi) nam( hoc)?\b/,
  /\bdinh ky\b/,
  /\btrong nam\b/,
  /\bcuoi nam\b/,
  /\b(19|20)\d\d\b/,
  /\b(dung han|dung hen|dung lich|dung tien do|dung gio)\b/,
  /\b(sinh hoat|hop) (chi bo|to|thon|khu pho)\b/,
  /\btruoc moi\b/,
];

// ---------------------------------------------------------------------------------------------
// Feature extraction

type Level = "none" | "weak" | "strong";

interface Features {
  wordCount: number;
  measure: Level | "hollow";
  time: Level;
  concrete: string[];
  abstract: string[];
  slogans: string[];
  named: string[];
  docRefs: number;
  /** A checkable rule: 0 none, 1 trigger ("khi…", "nếu…"), 2 prohibition of a concrete act. */
  rule: 0 | 1 | 2;
}

function compile(list: string[]): { source: string; re: RegExp }[] {
  return list.map((source) => ({ source, re: new RegExp(`(^| )(${source})(?= |$)`) }));
}
const CONCRETE_RE = compile(CONCRETE);
const ABSTRACT_RE = compile(ABSTRACT);
const SLOGAN_RE = compile(SLOGANS);

function matched(list: { source: string; re: RegExp }[], text: string): string[] {
  const out: string[] = [];
  for (const { source, re } of list) {
    const m = re.exec(text);
    if (m) out.push(m[2] ?? source);
  }
  return out;
}

function extract(text: string): Features {
  let folded = fold(text);

  // Quoted titles name a specific work or model ("Sửa đổi lối làm việc"), unless the quote is
  // itself a slogan ("tự diễn biến").
  const named: string[] = [];
  for (const m of folded.matchAll(/["“”«»„‟'‘’]([^"“”«»„‟]{3,120})["“”«»„‟'‘’]/g)) {
    const inner = words(m[1] ?? "");
    if (inner.split(" ").length >= 2 && matched(SLOGAN_RE, inner).length === 0) named.push(inner);
  }

  let docRefs = 0;
  for (const re of DOC_REF_PATTERNS) {
    folded = folded.replace(re, () => {
      docRefs++;
      return " vbref ";
    });
  }

  const w = words(folded);
  const padded = ` ${w} `;
  const tokens = w.length > 0 ? w.split(" ") : [];

  // Numbers: classify each as date, year, place name, deadline duration, percentage or count.
  let measure: Features["measure"] = "none";
  const upgrade = (level: Features["measure"]): void => {
    const rank = { none: 0, hollow: 1, weak: 2, strong: 3 } as const;
    if (rank[level] > rank[measure]) measure = level;
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] ?? "";
    if (!/^\d/.test(tok)) continue;
    const prev = tokens[i - 1] ?? "";
    const next = tokens[i + 1] ?? "";
    if (/^\d{1,2}\/\d{1,2}/.test(tok)) continue; // a date: time, not a measure
    if (/^\d+[a-z]+\d*$/.test(tok)) {
      named.push(`${prev} ${tok}`.trim()); // "9a", "12b": a class or block
      continue;
    }
    if (/^(19|20)\d\d$/.test(tok) && !/^(dong|trieu|nghin|nguoi|ho|cay|km|kg)$/.test(next)) continue;
    if (PLACE_BEFORE.test(prev) && !new RegExp(`^${UNIT}$`).test(next)) {
      if (!/^(thang|quy|nam|ky|hoc)$/.test(prev)) named.push(`${prev} ${tok}`);
      continue;
    }
    const deadlineWord = /^(trong|vong|qua|sau|truoc|khong|da)$/;
    const before = prev === "nhat" || prev === "thieu" || prev === "da" ? (tokens[i - 3] ?? "") : prev;
    if ((deadlineWord.test(prev) || deadlineWord.test(before)) && /^(ngay|tuan|thang|gio|phut|tieng)$/.test(next)) {
      continue; // "trong vòng 10 ngày": a deadline, counted as time
    }
    const percent = tok.endsWith("%") || next === "phan";
    // A number that counts generic targets ("100% nhiệm vụ", "3 năm liền hoàn thành tốt nhiệm
    // vụ", "5 chuẩn mực") measures nothing the chi ủy can check.
    const after = ` ${tokens.slice(i + 1, i + 6).join(" ")} `;
    const hollow = GENERIC_TARGET_PHRASE.test(after) && matched(CONCRETE_RE, after).length === 0;
    if (hollow) upgrade("hollow");
    else if (percent || /^\d/.test(tok)) upgrade("strong");
  }
  if (NUMBER_WORD_MEASURE.test(padded)) upgrade("strong");
  // Full coverage or zero tolerance is a measure too: "mọi văn bản", "đủ các buổi", "không vắng buổi nào".
  if (
    /\b(moi|toan bo|tat ca|100%|du|day du) (cac )?(van ban|ho so|don|don thu|khieu nai|hoc sinh|ho|buoi|lan|ky|phien)\b/.test(padded) ||
    /\bkhong (vang|bo|nghi|tre|cham|sot)( \w+)? (buoi|lan|ngay|ho so|don|hen) nao\b/.test(padded)
  ) {
    upgrade("weak");
  }

  const accented = /[^\u0000-\u007f]/.test(text);
  const original = text.normalize("NFC").toLowerCase().replace(/[^\p{L}\p{N}%/]+/gu, " ");
  const frequency = accented ? FREQUENCY_ACCENTED.test(original) : FREQUENCY_FOLDED.test(padded);
  let time: Level = "none";
  if (frequency || STRONG_TIME.some((re) => re.test(padded))) time = "strong";
  else if (WEAK_TIME.some((re) => re.test(padded))) time = "weak";

  const concrete = matched(CONCRETE_RE, padded);
  const abstract = matched(ABSTRACT_RE, padded);
  const slogans = matched(SLOGAN_RE, padded);
  for (const m of padded.matchAll(/\b(lop|khu pho|to dan pho|thon|ap|xom|to) (so )?(\d+[a-z]?)\b/g)) {
    named.push(m[0]);
  }

  // A checkable rule: a trigger ("khi", "nếu", "rời phòng là…") or a prohibition of a concrete
  // act ("không nhận quà", "không hút thuốc") can be verified without any number.
  const trigger = /\b(khi|neu|moi khi|la tat)\b/.test(padded);
  const prohibition =
    /\bkhong (de|nhan|su dung|dung|hut|uong|di|choi|in|xa|dot|lan chiem|roi|nghi|bo|danh|day them|vang)\b/.test(padded);
  const rule = prohibition && concrete.length >= 1 ? 2 : trigger && concrete.length >= 2 ? 1 : 0;

  return {
    wordCount: tokens.length,
    measure,
    time,
    concrete,
    abstract,
    slogans,
    named: [...new Set(named)],
    docRefs: docRefs + (DOC_NAME.test(padded) ? 1 : 0),
    rule,
  };
}

// ---------------------------------------------------------------------------------------------
// Judgement

function concretenessScore(f: Features): number {
  let s = 0.1;
  s += f.measure === "strong" ? 0.3 : f.measure === "weak" ? 0.15 : 0;
  s += f.time === "strong" ? 0.25 : f.time === "weak" ? 0.075 : 0;
  s += 0.1 * Math.min(f.concrete.length, 4);
  s += f.named.length > 0 ? 0.1 : 0;
  // "Không hút thuốc lá ở cơ quan" is checkable every day with no number: zero occurrences is the
  // measure. A trigger rule ("khi…, …") is weaker evidence.
  s += f.rule === 2 ? 0.2 : f.rule === 1 ? 0.12 : 0;
  s -= 0.05 * Math.min(f.abstract.length, 4);
  s -= 0.15 * Math.min(f.slogans.length, 2);
  if (f.docRefs > 0 && f.concrete.length === 0) s -= 0.1;
  return Math.max(0, Math.min(1, Math.round(s * 100) / 100));
}

function mostSimilar(text: string, others: readonly string[] | undefined): { text: string; sim: number } | null {
  if (!others || others.length === 0) return null;
  const mine = similarityTokens(text);
  let best: { text: string; sim: number } | null = null;
  for (const other of others) {
    const sim = jaccard(mine, similarityTokens(other));
    if (!best || sim > best.sim) best = { text: other, sim };
  }
  return best;
}

/** Share of the item's words that come from the theme title, and their Jaccard similarity. */
function themeOverlap(text: string, theme: string): { covered: number; sim: number } {
  const mine = similarityTokens(text);
  const title = similarityTokens(theme);
  if (mine.size === 0 || title.size === 0) return { covered: 0, sim: 0 };
  let inter = 0;
  for (const t of mine) if (title.has(t)) inter++;
  return { covered: inter / mine.size, sim: jaccard(mine, title) };
}

export function analyzeCommitment(text: string, ctx: VaguenessContext = {}): VaguenessResult {
  const f = extract(text);
  let score = concretenessScore(f);
  const blocking: VaguenessReason[] = [];

  if (f.wordCount < MIN_WORDS) blocking.push({ code: "TOO_SHORT" });

  const dup = mostSimilar(text, ctx.cellTexts);
  if (dup && dup.sim >= DUPLICATE_SIMILARITY) blocking.push({ code: "DUPLICATE_IN_CELL", detail: dup.text });

  const last = mostSimilar(text, ctx.ownLastYearTexts);
  if (last && last.sim >= DUPLICATE_SIMILARITY) blocking.push({ code: "SAME_AS_LAST_YEAR", detail: last.text });

  if (ctx.themeTitle && f.wordCount >= MIN_WORDS) {
    const o = themeOverlap(text, ctx.themeTitle);
    // Restating the theme (with or without a "tích cực" in front) is not a personal commitment;
    // a concrete item that borrows a few of its words is fine.
    if (o.sim >= 0.6 || (o.covered >= 0.75 && f.measure !== "strong" && f.time !== "strong")) {
      blocking.push({ code: "THEME_COPY", detail: ctx.themeTitle });
    }
  }

  if (blocking.length > 0) score = Math.min(score, BLOCKED_SCORE_CAP);
  const verdict: Verdict = blocking.length === 0 && score >= CONCRETE_THRESHOLD ? "concrete" : "vague";
  if (verdict === "concrete") return { verdict, score, reasons: [] };

  const reasons: VaguenessReason[] = [...blocking];
  if (f.slogans.length > 0 && !blocking.some((r) => r.code === "THEME_COPY")) {
    reasons.push({ code: "SLOGAN", detail: f.slogans.join("; ") });
  }
  if (f.docRefs > 0 && f.concrete.length === 0) reasons.push({ code: "DOCUMENT_ONLY" });
  if (f.concrete.length === 0 && f.named.length === 0 && f.measure !== "strong" && f.time !== "strong") {
    reasons.push(f.abstract.length > 0 ? { code: "ABSTRACT_ONLY", detail: f.abstract.slice(0, 3).join(", ") } : { code: "ABSTRACT_ONLY" });
  }
  if (f.measure === "none" || f.measure === "hollow") {
    reasons.push(f.measure === "hollow" ? { code: "NO_MEASURE", detail: "hollow-target" } : { code: "NO_MEASURE" });
  }
  if (f.time !== "strong") reasons.push({ code: "NO_TIMEFRAME" });
  // A vague verdict always carries at least one reason, so the bot can always say why.
  if (reasons.length === 0) reasons.push({ code: "ABSTRACT_ONLY" });
  return { verdict, score, reasons };
}
