// Which of the three contents an item belongs to: học tập (STUDY), làm theo (FOLLOW), nêu gương
// (EXAMPLE). Cue words are weighed; the main one comes first, a second is listed when it has its
// own clear cue. Works on folded text. Pure.

import type { CommitmentCategory } from "../commitment-templates.ts";

const CUES: Readonly<Record<CommitmentCategory, readonly RegExp[]>> = {
  STUDY: [
    /\b(doc|hoc|nghe|xem|tim hieu|nghien cuu|on tap|thuoc long|hoc thuoc|tu hoc)\b/,
    /\b((?<!so )sach|bai viet|tac pham|tu tuong|loi day|di chuc|chuyen de|nghi quyet|ly luan|lich su dang|dieu le)\b/,
    /\b(chung chi|giay chung nhan|bang|tot nghiep|thac si|cu nhan|ielts|toeic|b1|b2|lop boi duong|lop trung cap|khoa (so|boi|huan|tap)|tap huan|boi duong)\b/,
    /\b(tham du|sinh hoat chi bo|sinh hoat chuyen de|thu hoach|cam nhan|ghi chep|chep|so tay|tham luan|mau chuyen|ke chuyen|ke \d|ke mot)\b/,
  ],
  FOLLOW: [
    /\b(giai quyet|xu ly|tra loi|phan hoi|ho so|don thu|thu tuc|tiep (cong )?dan|phuc vu|kham|cham soc|phu dao|day|huong dan|kem cap|kem)\b/,
    /\b(lam theo (tu tuong|tam guong|guong|loi|bac)|tiet kiem|giam|tang|so hoa|cai tien|sang kien|san pham|don hang|hoan thanh|nop|soan|bien soan|to chuc|mo lop|tuan tra|hoa giai)\b/,
    /\b(lam theo|thuc hien|chap hanh|lam viec|van dung|cong tac|ty le|dat \d+|khach hang|nguoi benh|benh nhan|nguoi dan|cong dan|hoc sinh)\b/,
    /\b(van dong|tham|ho ngheo|ho kho khan|trong cay|cay xanh|ve sinh|don dep|quet don|phan loai rac|tiem|vac xin|huan luyen|kiem tra|ra soat)\b/,
  ],
  EXAMPLE: [
    /\bkhong (dung|su dung|nhan|hut|uong|nhau|choi|de|di|den|ve|bo|nghi|noi|quat|an|danh|mang|cho|ky|tu y|ra|do|xa|lan)\b/,
    /\b(doan ket|giup do|xung dang|tu duong|ren luyen|dao duc|pham chat|quan he|quan chung|noi cu tru|dang vien|y thuc|tac phong|khac phuc|han che|tat (den|quat|dien|may)|roi phong|truoc (cua|nha)|den tram)\b/,
    /\b(y kien|dong gop y|dung gio|co mat|di lam|di muon|ve som|chao co|guong mau|neu guong|lam guong|tu kiem diem|ky luat|loi song)\b/,
    /\b(hien mau|dong gop|ung ho|quyen gop|trich|gop|tu thien|khuyen hoc|nhan do dau|tra lai)\b/,
    /\b(phong bi|qua bieu|nhan qua|thuoc la|ruou|bia|danh bac|ca do|via he|xe cong|viec rieng|con chau|gia dinh minh)\b/,
  ],
};

/**
 * The contents as members name them before an item or a section ("Nêu gương: …", "Về học tập thì
 * …"), folded: typed with, without or with half of the diacritics, they are the same name.
 * "Làm gương" is what many members call nêu gương.
 */
export const CONTENT_NAMES: Readonly<Record<string, CommitmentCategory>> = {
  "hoc tap": "STUDY",
  "lam theo": "FOLLOW",
  "neu guong": "EXAMPLE",
  "lam guong": "EXAMPLE",
};
/** CONTENT_NAMES as a pattern for folded text (one group-free alternation). */
export const CONTENT_NAME_PATTERN = Object.keys(CONTENT_NAMES)
  .map((name) => name.replace(/ /g, "\\s+"))
  .join("|");
/** The content a folded name stands for ("lam  guong" → EXAMPLE). */
export const contentNamed = (folded: string): CommitmentCategory | undefined => CONTENT_NAMES[folded.trim().replace(/\s+/g, " ")];

const ORDER: readonly CommitmentCategory[] = ["STUDY", "FOLLOW", "EXAMPLE"];

export function guessCategories(folded: string): CommitmentCategory[] {
  const padded = ` ${folded.replace(/[^a-z0-9%]+/g, " ")} `;
  const scored = ORDER.map((category, order) => {
    let score = 0;
    let first = Infinity;
    for (const re of CUES[category]) {
      const m = re.exec(padded);
      if (m) {
        score++;
        first = Math.min(first, m.index);
      }
    }
    return { category, score, first, order };
  });
  const ranked = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.first - b.first || a.order - b.order);
  if (ranked.length === 0) return ["FOLLOW"]; // doing one's work well is what most items are about
  const main = ranked[0] as (typeof ranked)[number];
  const second = ranked[1];
  return second && (second.score === main.score || (second.score >= 2 && main.score - second.score <= 1)) ? [main.category, second.category] : [main.category];
}
