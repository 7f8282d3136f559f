// The forms of the year-end self-assessment, as data: a committee whose guidance prescribes other
// headings picks (or adds) a form here and sets YEAR_END_FORM; the layout code does not change.
// Each section names what the bot writes under it from the year's data ("fill"); "blank" leaves
// dotted lines for the member to write by hand.

export type SectionFill =
  /** The registered items, then each item's result over the months. */
  | "results"
  /** Notable things done (notes of done/on-track months) and the member's own year note. */
  | "strengths"
  /** Difficulties and delays from the monthly notes. */
  | "weaknesses"
  /** What the member means to fix next year (the yearly assessment's answer). */
  | "remedies"
  /** The four quality ratings, the member's own choice ticked. */
  | "rating"
  /** Dotted lines: the bot has nothing to say here. */
  | "blank";

export interface FormSection {
  heading: string;
  fill: SectionFill;
  /** Sub-headings written under the heading, each followed by dotted lines. */
  parts?: string[];
}

export interface YearEndForm {
  id: string;
  /** What the committee sees when choosing. */
  name: string;
  /** The title; "{year}" is replaced. */
  title: string;
  subtitle?: string;
  sections: FormSection[];
}

/**
 * The default: a self-assessment of the year's học tập và làm theo built from what the bot holds.
 * Hướng dẫn 43-HD/BTCTW (31/10/2025, replacing 25-HD/BTCTW) prescribes Mẫu 2A/2B/2C-HD KĐ.ĐG 2025
 * for the yearly review; no public copy of those forms' headings could be read while this was
 * written, so they are not reproduced here (see docs/exports.md).
 */
export const CHIBO_FORM: YearEndForm = {
  id: "chibo",
  name: "Bản tự đánh giá học tập và làm theo (mẫu của bot)",
  title: "Bản tự đánh giá kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
  subtitle: "Năm {year}",
  sections: [
    { heading: "Kết quả thực hiện nội dung đã đăng ký", fill: "results" },
    { heading: "Ưu điểm, kết quả nổi bật", fill: "strengths" },
    { heading: "Hạn chế, khuyết điểm và nguyên nhân", fill: "weaknesses" },
    { heading: "Phương hướng, biện pháp khắc phục", fill: "remedies" },
    { heading: "Tự nhận mức xếp loại chất lượng", fill: "rating" },
  ],
};

/**
 * The structure of Mẫu 02A-HD KĐ.ĐG 2023 (Hướng dẫn 25-HD/BTCTW, now replaced), for committees that
 * keep using its headings. Written from the form's published structure; check it against the
 * copy your committee hands out.
 */
export const FORM_02A_2023: YearEndForm = {
  id: "02a-2023",
  name: "Bản kiểm điểm cá nhân (theo bố cục Mẫu 02A-HD KĐ.ĐG 2023)",
  title: "Bản kiểm điểm cá nhân",
  subtitle: "Năm {year}",
  sections: [
    {
      heading: "Ưu điểm, kết quả đạt được",
      fill: "strengths",
      parts: ["Về tư tưởng chính trị", "Về phẩm chất đạo đức, lối sống", "Về ý thức tổ chức kỷ luật", "Về việc thực hiện chức trách, nhiệm vụ được giao"],
    },
    { heading: "Việc thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm", fill: "results" },
    { heading: "Hạn chế, khuyết điểm và nguyên nhân", fill: "weaknesses" },
    { heading: "Kết quả khắc phục những hạn chế, khuyết điểm đã được chỉ ra ở các kỳ kiểm điểm trước", fill: "blank" },
    { heading: "Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)", fill: "blank" },
    { heading: "Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm", fill: "remedies" },
    { heading: "Tự nhận mức xếp loại chất lượng", fill: "rating" },
  ],
};

export const YEAR_END_FORMS: Readonly<Record<string, YearEndForm>> = {
  [CHIBO_FORM.id]: CHIBO_FORM,
  [FORM_02A_2023.id]: FORM_02A_2023,
};

export const DEFAULT_YEAR_END_FORM = CHIBO_FORM.id;

export function yearEndForm(id: string | undefined): YearEndForm {
  return (id && YEAR_END_FORMS[id]) || CHIBO_FORM;
}
