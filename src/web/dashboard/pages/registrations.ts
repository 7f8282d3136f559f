// Registrations of the year: the cell's collective items, every member's items with vagueness
// flags, and for those waiting, approve (with an optional comment) or return with a comment — through the same use cases as
// /duyet in the chat, which tell the member and report whether they could.
import type { FastifyInstance } from "fastify";
import { html, type SafeHtml } from "../html.ts";
import { cellPath, csrfInput, fmtDate } from "../layout.ts";
import { cellOf, counted, field, param, signed, useCaseDeps, yearOf, type DashboardDeps } from "../context.ts";
import { sendCellPage } from "../frame.ts";
import { approveRegistration } from "../../../usecases/approve-registration.ts";
import { returnRegistration } from "../../../usecases/return-registration.ts";
import { cellRegistrations, type CellRegistrationRow } from "../../../db/dashboard-data.ts";
import { listCollective } from "../../../db/registrations.ts";
import { REGISTRATION_STATUS_LABELS } from "../../../messages/dashboard.ts";
import { MAX_COMMENT_LENGTH, assessedBeforeApprovalLine } from "../../../messages/committee.ts";
import { assessedPeriods } from "../../../db/approvals.ts";
import { itemBody, itemFlag } from "../items.ts";
import { maskSensitiveNumbers } from "../../../domain/sensitive.ts";

const SECTIONS: Array<[string, string]> = [
  ["SUBMITTED", "Chờ duyệt"],
  ["RETURNED", "Trả lại, chờ sửa"],
  ["APPROVED", "Đã duyệt"],
  ["DRAFT", "Đang soạn"],
  ["NONE", "Chưa đăng ký"],
  ["EXEMPT", "Miễn sinh hoạt (không tính)"],
];

function itemList(items: NonNullable<CellRegistrationRow["registration"]>["items"]): SafeHtml {
  return html`<ol class="items">${items.map((i) => html`<li${itemFlag(i) ? html` class="vague"` : ""}>${itemBody(i)}</li>`)}</ol>`;
}

export function registerRegistrations(app: FastifyInstance, deps: DashboardDeps): void {
  const { db } = deps;

  app.get("/cells/:cellId/registrations", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const { csrfToken } = signed(request);
    const year = yearOf(request, deps.now(), cell.timeZone);
    const [rows, collective] = await Promise.all([cellRegistrations(db, cell.id, year), listCollective(db, cell.id, year)]);
    const waiting = rows.flatMap((r) => (r.registration?.status === "SUBMITTED" ? [r.registration.id] : []));
    const assessed = await assessedPeriods(db, waiting);
    const zone = cell.timeZone;
    const statusOf = (r: CellRegistrationRow) => r.registration?.status ?? "NONE";
    // An exempt member without a registration owes none: listed apart, not among "chưa đăng ký".
    const sectionOf = (r: CellRegistrationRow) => (!r.registration && r.status === "EXEMPT" ? "EXEMPT" : statusOf(r));
    const card = (r: CellRegistrationRow) => {
      const reg = r.registration;
      const last = reg?.reviews[0];
      return html`<li class="reg" id="r-${reg?.id ?? r.id}">
  <div class="line"><b>${r.fullName}</b> ${sectionOf(r) === "EXEMPT" ? "" : html`<span class="badge s-${statusOf(r)}">${REGISTRATION_STATUS_LABELS[statusOf(r)]}</span>`}${r.status === "EXEMPT" ? html` <span class="badge">Miễn sinh hoạt</span>` : ""}</div>
  ${r.position ? html`<div class="muted">${r.position}</div>` : ""}
  ${reg?.submittedAt ? html`<div class="muted">Gửi ngày ${fmtDate(reg.submittedAt, zone)}${reg.enteredById ? " (bí thư nhập hộ)" : ""}</div>` : ""}
  ${reg && reg.items.length > 0 ? itemList(reg.items) : ""}
  ${reg && reg.status !== "DRAFT" && !reg.pledgeAccepted ? html`<p class="flag">Chưa có cam kết giữ gìn đạo đức, lối sống.</p>` : ""}
  ${reg?.status === "SUBMITTED" && assessed.has(reg.id) ? html`<p class="flag">${assessedBeforeApprovalLine(assessed.get(reg.id))}</p>` : ""}
  ${last ? html`<p class="comment"><span class="muted">Nhận xét ${fmtDate(last.createdAt, zone)} (${last.author.fullName}):</span> ${last.text}</p>` : ""}
  ${
    reg?.status === "SUBMITTED"
      ? html`<div class="decide">
    <form method="post" action="${cellPath(cell.id, `/registrations/${reg.id}/approve`)}" class="stack">${csrfInput(csrfToken)}
      <label for="ac-${reg.id}">Nhận xét gửi kèm (không bắt buộc)</label>
      <textarea id="ac-${reg.id}" name="comment" rows="2" maxlength="${MAX_COMMENT_LENGTH}" placeholder="Ví dụ: Nội dung rõ ràng, đề nghị giữ tiến độ hằng tháng"></textarea>
      <button type="submit" class="primary">Duyệt</button>
    </form>
    <details class="return"><summary>Trả lại kèm nhận xét</summary>
    <form method="post" action="${cellPath(cell.id, `/registrations/${reg.id}/return`)}" class="stack">${csrfInput(csrfToken)}
      <label for="c-${reg.id}">Nhận xét khi trả lại</label>
      <textarea id="c-${reg.id}" name="comment" rows="3" maxlength="${MAX_COMMENT_LENGTH}" required placeholder="Ví dụ: Nội dung 2 cần có con số và thời hạn cụ thể"></textarea>
      <button type="submit">Trả lại</button>
    </form></details>
  </div>`
      : ""
  }
</li>`;
    };
    const sections = SECTIONS.map(([status, title]) => {
      const list = rows.filter((r) => sectionOf(r) === status);
      if (list.length === 0) return "";
      return html`<section class="card"><h2>${title} (${list.length})</h2><ul class="regs">${list.map(card)}</ul></section>`;
    });
    const body = html`
<p class="muted">Năm ${year} · <a href="?year=${year - 1}">năm ${year - 1}</a> · <a class="button" href="${cellPath(cell.id, `/export/registrations.xlsx?year=${year}`)}">Tải XLSX</a></p>
<section class="card">
  <h2>Đăng ký của chi bộ</h2>
  ${
    collective.length === 0
      ? html`<p class="muted">Chi bộ chưa đăng ký nội dung tập thể năm ${year} (bí thư đăng ký trong chat: /dangky chibo).</p>`
      : html`<ol class="items">${collective.map(
          (c) => html`<li${itemFlag({ ...c, category: "" }) ? html` class="vague"` : ""}>${itemBody({ ...c, category: "" }, { withCategory: false })}</li>`,
        )}</ol>`
  }
</section>
${sections}`;
    return sendCellPage(request, reply, cell, { title: "Bản đăng ký", active: "registrations", flash: true, body });
  });

  app.post("/cells/:cellId/registrations/:registrationId/approve", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const actorId = signed(request).scope.member.id;
    const registrationId = param(request, "registrationId");
    // ID numbers are not stored (nor sent to the member) as typed, as in the chat.
    const comment = maskSensitiveNumbers(field(request.body, "comment").trim()).text;
    if (comment.length > MAX_COMMENT_LENGTH) return reply.redirect(cellPath(cell.id, `/registrations?err=comment-too-long#r-${registrationId}`), 303);
    const result = await approveRegistration(useCaseDeps(deps), { registrationId, unitId: cell.id, actorId, comment });
    if (result.kind === "refused") return reply.redirect(cellPath(cell.id, "/registrations?err=already-handled"), 303);
    return reply.redirect(
      cellPath(cell.id, `/registrations?year=${result.year}&ok=${counted(comment ? "approved-comment" : "approved", result.report)}#r-${registrationId}`),
      303,
    );
  });

  app.post("/cells/:cellId/registrations/:registrationId/return", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const actorId = signed(request).scope.member.id;
    const registrationId = param(request, "registrationId");
    // ID numbers are not stored (nor sent to the member) as typed, as in the chat.
    const comment = maskSensitiveNumbers(field(request.body, "comment").trim()).text;
    if (!comment || comment.length > MAX_COMMENT_LENGTH)
      return reply.redirect(cellPath(cell.id, `/registrations?err=comment-required#r-${registrationId}`), 303);
    const result = await returnRegistration(useCaseDeps(deps), { registrationId, unitId: cell.id, actorId, comment });
    if (result.kind === "refused")
      return reply.redirect(
        cellPath(cell.id, result.code === "already-handled" ? "/registrations?err=already-handled" : `/registrations?err=comment-required#r-${registrationId}`),
        303,
      );
    return reply.redirect(cellPath(cell.id, `/registrations?year=${result.year}&ok=${counted("returned", result.report)}#r-${registrationId}`), 303);
  });
}
