// A member's documents as party documents (layout in docx.ts): the registration form (bản đăng ký
// học tập và làm theo), the sổ tự tu dưỡng and the year-end self-assessment. Built from data the
// caller loaded; the chi ủy's comments are reported as theirs (dated, with the author), never
// written into the member's own text.
import type { MemberNotebook } from "../db/dashboard-data.ts";
import { formatDate } from "../domain/dates.ts";
import { parsePeriod } from "../domain/periods.ts";
import { monthNotesSentence, yearEndParts, type DraftMonth } from "../domain/year-end-draft.ts";
import { CATEGORY_LABELS, PROGRESS_LABELS, RATING_LABELS, categoryLabel, type CategoryValue, type RatingValue } from "../messages/committee.ts";
import { REGISTRATION_STATUS_LABELS } from "../messages/dashboard.ts";
import { ROMAN, grid, keepTogether, labelled, para, partyDocument, partyHeader, sectionHeading, signatures, title, type Block } from "./docx.ts";
import type { YearEndForm } from "./templates.ts";
import type { DocumentUnit } from "./units.ts";

const DOTS = "…".repeat(46);
const COMMITTEE_SIGNER = { role: "XÁC NHẬN CỦA CHI ỦY", above: ["T/M CHI ỦY"] };

const itemDetails = (i: { measure: string | null; timeframe: string | null }) =>
  [i.measure ? `Đo bằng: ${i.measure}` : null, i.timeframe ? `Thời hạn: ${i.timeframe}` : null].filter(Boolean).join("\n");

function memberLines(nb: MemberNotebook, unit: DocumentUnit): Block[] {
  return [labelled("Họ và tên", nb.member.fullName), ...(nb.member.position ? [labelled("Chức vụ", nb.member.position)] : []), labelled("Chi bộ", unit.name)];
}

function reviewsOf(nb: MemberNotebook) {
  return [
    ...(nb.registration?.reviews ?? []).map((r) => ({ at: r.createdAt, author: r.author.fullName, about: "bản đăng ký", text: r.text })),
    ...nb.assessments.flatMap((a) =>
      a.reviews.map((r) => ({ at: r.createdAt, author: r.author.fullName, about: `tự đánh giá ${parsePeriod(a.period)?.label ?? a.period}`, text: r.text })),
    ),
  ].sort((x, y) => x.at.getTime() - y.at.getTime());
}

/** Bản đăng ký học tập và làm theo: the member's items of the year, grouped, and the pledge. */
export async function registrationDocx(o: { notebook: MemberNotebook; unit: DocumentUnit; year: number; theme: string | null; now: Date }): Promise<Buffer> {
  const { member, registration } = o.notebook;
  const zone = o.unit.timeZone;
  const items = registration?.items ?? [];
  const children: Block[] = [
    partyHeader(o.unit, o.now),
    ...title("Bản đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", `Năm ${o.year}`),
    ...memberLines(o.notebook, o.unit),
    ...(o.theme ? [labelled(`Chuyên đề năm ${o.year}`, o.theme)] : []),
  ];
  const groups: Array<[CategoryValue, string]> = [
    ["STUDY", "Nội dung đăng ký học tập"],
    ["FOLLOW", "Nội dung đăng ký làm theo"],
    ["EXAMPLE", "Nội dung nêu gương"],
  ];
  let n = 0;
  if (items.length === 0) {
    children.push(sectionHeading("I. NỘI DUNG ĐĂNG KÝ"), para("Chưa có bản đăng ký trong năm.", { italics: true }));
  } else {
    for (const [category, heading] of groups) {
      const mine = items.filter((i) => i.category === category);
      if (mine.length === 0) continue;
      children.push(sectionHeading(`${ROMAN[n]}. ${heading.toLocaleUpperCase("vi")}`));
      n += 1;
      mine.forEach((i, k) => {
        children.push(para(`${k + 1}. ${i.text}`, { indent: true, after: 20 }));
        const details = itemDetails(i);
        if (details) children.push(para(details, { italics: true, indent: true, align: "left", after: 20 }));
        if (i.shortcoming) children.push(para(`Khắc phục hạn chế: ${i.shortcoming}`, { italics: true, indent: true, align: "left", after: 20 }));
      });
    }
  }
  children.push(
    sectionHeading(`${ROMAN[Math.max(n, 1)]}. CAM KẾT`),
    para(
      registration?.pledgeAccepted
        ? "Bản thân cam kết thực hiện nghiêm túc các nội dung đã đăng ký; giữ gìn phẩm chất đạo đức, lối sống; không suy thoái về tư tưởng chính trị, đạo đức, lối sống, không “tự diễn biến”, “tự chuyển hóa”."
        : "Bản thân cam kết thực hiện nghiêm túc các nội dung đã đăng ký.",
      { indent: true },
    ),
  );
  const decided =
    registration?.status === "APPROVED" && registration.decidedAt
      ? `Chi ủy đã duyệt bản đăng ký ngày ${formatDate(registration.decidedAt, zone)}.`
      : `Tình trạng: ${REGISTRATION_STATUS_LABELS[registration?.status ?? "NONE"] ?? "chưa đăng ký"}.`;
  children.push(para("", { after: 120 }), signatures({ role: "NGƯỜI ĐĂNG KÝ", name: member.fullName }, { ...COMMITTEE_SIGNER, text: [decided] }));
  return partyDocument(`Bản đăng ký học tập và làm theo ${o.year} — ${member.fullName}`, children);
}

/** Sổ tự tu dưỡng: the registration, the progress of each assessment, the chi ủy's comments. */
export async function notebookDocx(o: { notebook: MemberNotebook; unit: DocumentUnit; year: number; theme: string | null; now: Date }): Promise<Buffer> {
  const { member, registration, assessments } = o.notebook;
  const zone = o.unit.timeZone;
  const items = registration?.items ?? [];
  const children: Block[] = [
    partyHeader(o.unit, o.now),
    ...title(`Sổ tự tu dưỡng năm ${o.year}`, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
    ...memberLines(o.notebook, o.unit),
    ...(o.theme ? [labelled(`Chuyên đề năm ${o.year}`, o.theme)] : []),
    sectionHeading("I. NỘI DUNG ĐĂNG KÝ"),
  ];
  if (!registration || items.length === 0) {
    children.push(para("Chưa có bản đăng ký.", { italics: true }));
  } else {
    children.push(
      labelled(
        "Tình trạng",
        `${REGISTRATION_STATUS_LABELS[registration.status] ?? registration.status}${registration.decidedAt && registration.status === "APPROVED" ? `, chi ủy duyệt ngày ${formatDate(registration.decidedAt, zone)}` : ""}`,
      ),
      grid(
        ["STT", "Nội dung", "Đo bằng, thời hạn", "Khắc phục hạn chế"],
        items.map((i) => [String(i.position), `${categoryLabel(i.category, i.categories as CategoryValue[])}: ${i.text}`, itemDetails(i), i.shortcoming ?? ""]),
        [8, 52, 22, 18],
      ),
    );
  }

  children.push(sectionHeading("II. TIẾN ĐỘ THỰC HIỆN"));
  const submitted = assessments.filter((a) => a.submittedAt);
  if (submitted.length === 0 || items.length === 0) {
    children.push(para("Chưa có bản tự đánh giá nào trong năm.", { italics: true }));
  } else {
    children.push(
      grid(
        ["Kỳ", ...items.map((i) => `Nội dung ${i.position}`), "Tự nhận xét"],
        submitted.map((a) => [
          parsePeriod(a.period)?.label ?? a.period,
          ...items.map((i) => {
            const answer = a.items.find((x) => x.itemId === i.id);
            return answer ? `${PROGRESS_LABELS[answer.progress]}${answer.note ? `\n${answer.note}` : ""}` : "";
          }),
          [a.overallNote ?? "", a.selfRating ? `Tự xếp loại: ${RATING_LABELS[a.selfRating]}` : ""].filter(Boolean).join("\n"),
        ]),
      ),
    );
  }

  children.push(sectionHeading("III. NHẬN XÉT CỦA CHI ỦY"));
  const reviews = reviewsOf(o.notebook);
  if (reviews.length === 0) children.push(para("Chưa có nhận xét.", { italics: true }));
  else
    children.push(
      grid(
        ["Ngày", "Về", "Nhận xét", "Người nhận xét"],
        reviews.map((r) => [formatDate(r.at, zone), r.about, r.text, r.author]),
        [17, 21, 44, 18],
      ),
    );
  children.push(para("", { after: 120 }), signatures({ role: "ĐẢNG VIÊN", name: member.fullName }, COMMITTEE_SIGNER));
  return partyDocument(`Sổ tự tu dưỡng ${o.year} — ${member.fullName}`, children);
}

/** The year-end self-assessment, laid out by the committee's form (templates.ts). */
export async function yearEndDocx(o: {
  notebook: MemberNotebook;
  unit: DocumentUnit;
  year: number;
  form: YearEndForm;
  sources: { months: DraftMonth[]; reviews: Array<{ text: string; at: Date }> };
  now: Date;
}): Promise<Buffer> {
  const { member, registration, assessments } = o.notebook;
  const zone = o.unit.timeZone;
  const items = registration?.items ?? [];
  // The chi ủy's comments go to their own section below, as theirs: not into the member's text.
  const parts = yearEndParts({
    year: o.year,
    items: items.map((i) => ({ id: i.id, category: i.category, text: i.text })),
    months: o.sources.months,
    reviews: [],
  });
  const yearly = assessments.find((a) => a.kind === "YEARLY" && a.submittedAt);
  const rating = yearly?.selfRating;
  const dotted = () => para(DOTS, { align: "left", after: 40 });

  const fill: Record<YearEndForm["sections"][number]["fill"], () => Block[]> = {
    results: () =>
      items.length === 0
        ? [para(`Năm ${o.year}, bản thân chưa có bản đăng ký học tập và làm theo trên hệ thống.`, { indent: true })]
        : [
            para(parts.opening, { indent: true }),
            ...items.flatMap((i, k) => [
              para(`${i.position}. ${CATEGORY_LABELS[i.category]}: ${i.text}`, { indent: true, after: 20 }),
              para(`Kết quả: ${parts.itemResults[k]}`, { italics: true, indent: true }),
            ]),
            ...(parts.monthNotes.length > 0 ? [para(monthNotesSentence(parts.monthNotes), { indent: true })] : []),
          ],
    strengths: () => [
      ...(parts.highlights.length > 0 ? parts.highlights.map((h) => para(`- ${h}.`, { indent: true, after: 20 })) : []),
      ...(yearly?.overallNote?.trim() ? [para(yearly.overallNote.trim(), { indent: true })] : []),
      ...(parts.highlights.length === 0 && !yearly?.overallNote?.trim() ? [dotted(), dotted()] : []),
    ],
    weaknesses: () => (parts.difficulties.length > 0 ? parts.difficulties.map((d) => para(`- ${d}.`, { indent: true, after: 20 })) : [dotted(), dotted()]),
    remedies: () => (yearly?.shortcomingsNextYear?.trim() ? [para(yearly.shortcomingsNextYear.trim(), { indent: true })] : [dotted(), dotted()]),
    rating: () =>
      (Object.keys(RATING_LABELS) as RatingValue[]).map((r) => para(`${rating === r ? "☒" : "☐"} ${RATING_LABELS[r]}`, { indent: true, after: 20 })),
    blank: () => [dotted(), dotted()],
  };

  const children: Block[] = [
    partyHeader(o.unit, o.now),
    ...title(o.form.title.replaceAll("{year}", String(o.year)), ...(o.form.subtitle ? [o.form.subtitle.replaceAll("{year}", String(o.year))] : [])),
    ...memberLines(o.notebook, o.unit),
  ];
  o.form.sections.forEach((section, i) => {
    children.push(sectionHeading(`${ROMAN[i]}. ${section.heading.toLocaleUpperCase("vi")}`));
    section.parts?.forEach((part, k) => children.push(para(`${k + 1}. ${part}`, { bold: true, after: 20 }), dotted()));
    children.push(...fill[section.fill]());
  });

  const reviews = reviewsOf(o.notebook);
  const last: Block[] = [sectionHeading("NHẬN XÉT CỦA CHI ỦY TRONG NĂM")];
  if (reviews.length === 0) last.push(para("Chi ủy chưa có nhận xét trong năm.", { italics: true }));
  else
    for (const r of reviews)
      last.push(para(`Ngày ${formatDate(r.at, zone)}, đồng chí ${r.author} nhận xét ${r.about}: “${r.text.trim()}”`, { indent: true, after: 40 }));
  last.push(
    para("", { after: 120 }),
    signatures(
      { role: "NGƯỜI TỰ ĐÁNH GIÁ", name: member.fullName },
      { ...COMMITTEE_SIGNER, text: ["Chi ủy nhận xét, đề nghị mức xếp loại:", DOTS.slice(0, 21), DOTS.slice(0, 21)] },
    ),
  );
  // The signatures never stand alone on the last page: the chi ủy's comments travel with them.
  children.push(keepTogether(last));
  return partyDocument(`Bản tự đánh giá ${o.year} — ${member.fullName}`, children);
}
