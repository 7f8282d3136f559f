// Self-assessments by period: coverage, each member's progress per item, and the chi ủy's
// comments (the comment use case, as /nhanxet in the chat, with the same message to the member; at
// year end with the chi ủy's proposed rating).
// The year's assessments download as XLSX.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { SELF_RATINGS } from "../../../domain/vocabulary.ts";
import { html } from "../html.ts";
import { cellPath, csrfInput, fmtDate } from "../layout.ts";
import { coverageBars } from "../charts.ts";
import { cellOf, counted, field, onceOnly, param, query, signed, useCaseDeps, type DashboardDeps } from "../context.ts";
import { sendCellPage } from "../frame.ts";
import { maskSensitiveNumbers } from "../../../domain/sensitive.ts";
import { findNextMeeting } from "../../../db/assessments.ts";
import { commentAssessment } from "../../../usecases/comment-assessment.ts";
import { cellAssessments, unitAssessment } from "../../../db/dashboard-data.ts";
import { inZone } from "../../../domain/dates.ts";
import { monthPeriod, openPeriod, parsePeriod, quarterPeriod, yearPeriod, type AssessmentPeriod } from "../../../domain/periods.ts";
import { CATEGORY_LABELS, MAX_COMMENT_LENGTH, PROGRESS_LABELS, RATING_LABELS, evidenceText } from "../../../messages/committee.ts";

/** The periods of a year that have begun, newest first: months, quarters, the year. */
function periodsOf(year: number, now: Date, zone: string): AssessmentPeriod[] {
  const local = inZone(now, zone);
  const lastMonth = year < local.year ? 12 : year > local.year ? 0 : local.month;
  const out: AssessmentPeriod[] = [];
  for (let m = lastMonth; m >= 1; m--) {
    out.push(monthPeriod(year, m));
    if (m % 3 === 0) out.push(quarterPeriod(year, m / 3));
  }
  if (lastMonth === 12) out.unshift(yearPeriod(year));
  return out;
}

export function registerAssessments(app: FastifyInstance, deps: DashboardDeps): void {
  const { db } = deps;

  app.get("/cells/:cellId/assessments", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const { csrfToken } = signed(request);
    const now = deps.now();
    const zone = cell.timeZone;
    const asked = parsePeriod(query(request, "period"));
    const period = asked ?? openPeriod(now, zone, await findNextMeeting(db, cell.id, now));
    const rows = await cellAssessments(db, cell.id, period.period, period.year);
    const active = rows.filter((r) => r.status === "ACTIVE");
    const submitted = active.filter((r) => r.assessment?.submittedAt).length;
    const awaiting = rows.filter((r) => r.assessment?.submittedAt && r.assessment.reviews.length === 0).length;
    const periods = periodsOf(period.year, now, zone);
    // Who submitted, then who has not, apart (not mixed in by name).
    const submittedRows = rows.filter((r) => r.assessment?.submittedAt);
    const missingRows = active.filter((r) => !r.assessment?.submittedAt);
    const exemptRows = rows.filter((r) => r.status === "EXEMPT" && !r.assessment?.submittedAt);
    if (!periods.some((p) => p.period === period.period)) periods.unshift(period);

    const body = html`
<form method="get" class="inline period-pick">
  <label for="period">Kỳ</label>
  <select id="period" name="period">${periods.map((p) => html`<option value="${p.period}"${p.period === period.period ? " selected" : ""}>${p.label}</option>`)}</select>
  <button type="submit">Xem</button>
  <a href="?period=${period.year - 1}-12">năm ${period.year - 1}</a>
</form>
<section class="card">
  <h2>Tiến độ ${period.label}</h2>
  ${coverageBars([{ label: "Đã tự đánh giá", count: submitted, total: active.length }], `Tỷ lệ tự đánh giá ${period.label}`)}
  <p class="muted">${awaiting} bản chờ chi ủy nhận xét.</p>
  <p><a class="button" href="${cellPath(cell.id, `/export/assessments.xlsx?year=${period.year}`)}">Tải tự đánh giá năm ${period.year} (XLSX)</a></p>
</section>
${
  submittedRows.length > 0
    ? html`<section class="card">
  <h2>Đã nộp (${submittedRows.length})</h2>
  <ul class="regs">${submittedRows.map((r) => {
    const a = r.assessment!;
    return html`<li class="reg" id="a-${a.id}">
  <div class="line"><b>${r.fullName}</b> <span class="badge ok">Đã nộp ${fmtDate(a.submittedAt, zone)}</span>${r.status === "EXEMPT" ? html` <span class="badge">Miễn sinh hoạt</span>` : ""}${a.enteredById ? html` <span class="muted">(bí thư nhập hộ)</span>` : ""}</div>
  <ol class="items">${r.items.map((item) => {
    const answer = a.items.find((x) => x.itemId === item.id);
    return html`<li><span class="cat">${CATEGORY_LABELS[item.category]}</span> ${item.text}<div>${
      answer
        ? html`<span class="progress ${answer.progress}">${PROGRESS_LABELS[answer.progress]}</span>${answer.note ? html` — ${answer.note}` : ""}${answer.evidence ? html`<div class="muted">Minh chứng: ${evidenceText(answer.evidence)}</div>` : ""}`
        : html`<span class="muted">Không báo cáo</span>`
    }</div></li>`;
  })}</ol>
  ${a.overallNote ? html`<p>Tự nhận xét: ${a.overallNote}</p>` : ""}
  ${a.shortcomingsNextYear ? html`<p>Hạn chế, khuyết điểm và hướng khắc phục: ${a.shortcomingsNextYear}</p>` : ""}
  ${a.selfRating ? html`<p>Tự xếp loại: <b>${RATING_LABELS[a.selfRating]}</b></p>` : ""}
  ${a.reviews.length > 0 ? html`<ul class="comments">${a.reviews.map((rv) => html`<li><span class="muted">${fmtDate(rv.createdAt, zone)} · ${rv.author.fullName}</span><br>${rv.text}${rv.proposedRating ? html`<br>Đề xuất xếp loại: <b>${RATING_LABELS[rv.proposedRating]}</b>` : ""}</li>`)}</ul>` : ""}
  <details class="review"${a.reviews.length === 0 ? " open" : ""}><summary>${a.reviews.length > 0 ? "Thêm nhận xét của chi ủy" : "Nhận xét của chi ủy"}</summary>
  <form method="post" action="${cellPath(cell.id, `/assessments/${a.id}/review`)}" class="stack">${csrfInput(csrfToken)}
    <label for="rv-${a.id}">Nhận xét</label>
    <textarea id="rv-${a.id}" name="text" rows="2" maxlength="${MAX_COMMENT_LENGTH}" required></textarea>
    ${
      a.kind === "YEARLY"
        ? html`<label for="rr-${a.id}">Chi ủy đề xuất xếp loại</label>
    <select id="rr-${a.id}" name="rating" required><option value="">— chọn mức —</option>${SELF_RATINGS.map((r) => html`<option value="${r}">${RATING_LABELS[r]}</option>`)}</select>`
        : ""
    }
    <button type="submit">Lưu nhận xét</button>
  </form></details>
</li>`;
  })}</ul>
</section>`
    : ""
}
<section class="card">
  <h2>Chưa nộp (${missingRows.length})</h2>
  ${missingRows.length === 0 ? html`<p class="muted">Mọi đảng viên đã nộp.</p>` : html`<ul class="names">${missingRows.map((r) => html`<li id="a-${r.assessment?.id ?? r.id}">${r.fullName}${r.assessment ? html` <span class="muted">(đang soạn)</span>` : ""}</li>`)}</ul>`}
  ${exemptRows.length > 0 ? html`<p class="muted">Miễn sinh hoạt, không tính: ${exemptRows.map((r) => r.fullName).join(", ")}.</p>` : ""}
</section>`;
    return sendCellPage(request, reply, cell, { title: "Tự đánh giá", active: "assessments", flash: true, body });
  });

  app.post("/cells/:cellId/assessments/:assessmentId/review", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const actorId = signed(request).scope.member.id;
    const assessment = await unitAssessment(db, cell.id, param(request, "assessmentId"));
    if (!assessment) return reply.callNotFound();
    const back = (flash: string) => cellPath(cell.id, `/assessments?period=${encodeURIComponent(assessment.period)}&${flash}#a-${assessment.id}`);
    const text = maskSensitiveNumbers(field(request.body, "text").trim()).text;
    if (!text || text.length > MAX_COMMENT_LENGTH) return reply.redirect(back("err=review-required"), 303);
    // A year-end comment carries the chi ủy's proposed rating (the use case keeps it on year-end assessments only).
    const rating = z.enum(SELF_RATINGS).safeParse(field(request.body, "rating"));
    if (assessment.kind === "YEARLY" && !rating.success) return reply.redirect(back("err=rating-required"), 303);
    const proposedRating = rating.success ? rating.data : null;
    let gone = false;
    const location = await onceOnly(deps, request, back("").replace(/&?#.*$/, ""), async () => {
      const result = await commentAssessment(useCaseDeps(deps), { assessmentId: assessment.id, unitId: cell.id, actorId, text, proposedRating });
      if (result.kind === "refused") {
        gone = result.code === "assessment-gone";
        return back("err=review-required");
      }
      return back(`ok=${counted("review-saved", result.report)}`);
    });
    if (gone) return reply.callNotFound();
    return reply.redirect(location, 303);
  });
}
