// Members: status, linked channels, invite codes (one, or printable cards for everyone not yet
// linked), the import card (pages/member-import.ts), and each member's sổ tự tu dưỡng with its DOCX downloads.
import type { FastifyInstance } from "fastify";
import { html, type SafeHtml } from "../html.ts";
import { cellPath, csrfInput, fmtDate } from "../layout.ts";
import { cellOf, HttpError, managedCellOf, param, signed, useCaseDeps, yearOf, type DashboardDeps } from "../context.ts";
import { sendCellPage } from "../frame.ts";
import { cellMembers, memberNotebook, type MemberNotebook } from "../../../db/dashboard-data.ts";
import { inviteMember, inviteUnlinkedMembers } from "../../../usecases/invite-member.ts";
import { importCard, registerMemberImport } from "./member-import.ts";
import { formatInviteCode } from "../../../domain/invite-code.ts";
import { parsePeriod } from "../../../domain/periods.ts";
import { MEMBER_STATUS_LABELS, REGISTRATION_STATUS_LABELS, ROLE_LABELS } from "../../../messages/dashboard.ts";
import { platformName, telegramDeepLink, zaloInviteText } from "../../../messages/linking.ts";
import { PROGRESS_LABELS, RATING_LABELS } from "../../../messages/committee.ts";
import { itemBody, orderedCategoryLabel } from "../items.ts";

interface Invite {
  fullName: string;
  code: string;
  expiresAt: Date;
}

function inviteCards(invites: Invite[], zone: string, bot: string | undefined): SafeHtml {
  return html`<ul class="invites">${invites.map(
    (i) => html`<li class="invite">
  <p class="name">${i.fullName}</p>
  <p class="code">${formatInviteCode(i.code)}</p>
  <p class="muted">Dùng một lần, hết hạn ngày ${fmtDate(i.expiresAt, zone)}.</p>
  ${bot ? html`<p><b>Telegram:</b> bấm <a href="${telegramDeepLink(bot, i.code)}">${telegramDeepLink(bot, i.code)}</a></p>` : ""}
  <p><b>Zalo:</b> ${zaloInviteText(i.code)}</p>
</li>`,
  )}</ul>`;
}

function notebookView(nb: MemberNotebook, year: number): SafeHtml {
  const zone = nb.member.unit.timeZone;
  const reg = nb.registration;
  const items = reg?.items ?? [];
  const submitted = nb.assessments.filter((a) => a.submittedAt);
  const reviews = [
    ...(reg?.reviews ?? []).map((r) => ({ at: r.createdAt, author: r.author.fullName, about: "Bản đăng ký", text: r.text })),
    ...nb.assessments.flatMap((a) =>
      a.reviews.map((r) => ({ at: r.createdAt, author: r.author.fullName, about: `Tự đánh giá ${parsePeriod(a.period)?.label ?? a.period}`, text: r.text })),
    ),
  ].sort((x, y) => y.at.getTime() - x.at.getTime());
  return html`
<section class="card">
  <h2>Bản đăng ký năm ${year} <span class="badge s-${reg?.status ?? "NONE"}">${REGISTRATION_STATUS_LABELS[reg?.status ?? "NONE"]}</span></h2>
  ${items.length === 0 ? html`<p class="muted">Chưa có nội dung đăng ký.</p>` : html`<ol class="items">${items.map((i) => html`<li>${itemBody(i)}</li>`)}</ol>`}
</section>
<section class="card">
  <h2>Tiến độ</h2>
  ${
    submitted.length === 0 || items.length === 0
      ? html`<p class="muted">Chưa có bản tự đánh giá nào trong năm.</p>`
      : html`<div class="table-wrap wide-only"><table class="progress-table"><thead><tr><th>Kỳ</th>${items.map(
          (i) =>
            html`<th class="item-head" title="${i.text}">Nội dung ${i.position} · ${orderedCategoryLabel(i.category, i.categories)}<span class="clip">${i.text}</span></th>`,
        )}<th>Ngày nộp</th><th>Tự xếp loại</th></tr></thead><tbody>${submitted.map(
          (a) =>
            html`<tr><td>${parsePeriod(a.period)?.label ?? a.period}</td>${items.map((i) => {
              const answer = a.items.find((x) => x.itemId === i.id);
              return html`<td>${answer ? html`<span class="progress ${answer.progress}">${PROGRESS_LABELS[answer.progress]}</span>` : ""}</td>`;
            })}<td>${fmtDate(a.submittedAt, zone)}</td><td>${a.selfRating ? RATING_LABELS[a.selfRating] : html`<span class="muted">—</span>`}</td></tr>`,
        )}</tbody></table></div>
  <ul class="history phone-only">${submitted.map(
    (a) => html`<li><div class="line"><b>${parsePeriod(a.period)?.label ?? a.period}</b> <span class="muted">nộp ${fmtDate(a.submittedAt, zone)}</span></div>
  <ol class="items">${items.map((i) => {
    const answer = a.items.find((x) => x.itemId === i.id);
    return html`<li>${i.text}: ${answer ? html`<span class="progress ${answer.progress}">${PROGRESS_LABELS[answer.progress]}</span>` : html`<span class="muted">không báo cáo</span>`}</li>`;
  })}</ol>
  ${a.selfRating ? html`<p>Tự xếp loại: <b>${RATING_LABELS[a.selfRating]}</b></p>` : ""}</li>`,
  )}</ul>`
  }
</section>
<section class="card">
  <h2>Nhận xét của chi ủy</h2>
  ${reviews.length === 0 ? html`<p class="muted">Chưa có nhận xét.</p>` : html`<ul class="comments">${reviews.map((r) => html`<li><span class="muted">${fmtDate(r.at, zone)} · ${r.about} · ${r.author}</span><br>${r.text}</li>`)}</ul>`}
</section>`;
}

export function registerMembers(app: FastifyInstance, deps: DashboardDeps): void {
  const { db } = deps;
  // Before "/members/:memberId" so "import" is never read as a member id.
  registerMemberImport(app, deps);

  app.get("/cells/:cellId/members", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const { csrfToken } = signed(request);
    const now = deps.now();
    const members = await cellMembers(db, cell.id, now);
    const notLinked = members.filter((m) => m.status !== "LEFT" && m.identities.length === 0).length;
    const body = html`
${
  cell.canManage
    ? html`<section class="card">
  <h2>Mã mời liên kết Zalo/Telegram</h2>
  <p>${notLinked} đảng viên chưa liên kết với bot. Mỗi mã dùng một lần, hết hạn sau 7 ngày.</p>
  <form method="post" action="${cellPath(cell.id, "/members/invites")}">${csrfInput(csrfToken)}<button type="submit" class="primary"${notLinked === 0 ? " disabled" : ""}>Tạo mã cho tất cả người chưa liên kết (để in)</button></form>
</section>`
    : ""
}
<section class="card">
  <h2>Danh sách đảng viên (${members.filter((m) => m.status !== "LEFT").length})</h2>
  <ul class="members">${members.map(
    (m) => html`<li class="member${m.status === "LEFT" ? " left" : ""}" id="m-${m.id}">
  <div class="line"><a class="name" href="${cellPath(cell.id, `/members/${m.id}`)}">${m.fullName}</a>${m.role !== "MEMBER" ? html` <span class="badge role">${ROLE_LABELS[m.role]}</span>` : ""}${m.status !== "ACTIVE" ? html` <span class="badge">${MEMBER_STATUS_LABELS[m.status]}</span>` : ""}</div>
  ${m.position ? html`<div class="muted">${m.position}</div>` : ""}
  <div class="channels">${
    m.identities.length === 0
      ? html`<span class="badge warn">Chưa liên kết bot</span>${m.inviteCodes[0] ? html` <span class="muted">(đã có mã mời, hết hạn ${fmtDate(m.inviteCodes[0].expiresAt, cell.timeZone)})</span>` : ""}`
      : m.identities.map(
          (i) => html`<span class="badge ${i.reachable ? "ok" : "warn"}">${platformName(i.platform)}${i.reachable ? " ✓" : ": không nhận được tin"}</span> `,
        )
  }
    ${m.phone ? html` <a class="phone" href="tel:${m.phone}">${m.phone}</a>` : ""}</div>
  ${
    cell.canManage && m.status !== "LEFT"
      ? html`<form method="post" action="${cellPath(cell.id, `/members/${m.id}/invite`)}" class="inline">${csrfInput(csrfToken)}${m.identities.some((i) => i.reachable) ? html`<button type="submit" class="quiet">Tạo mã mời để liên kết thêm kênh</button>` : html`<button type="submit">Tạo mã mời</button>`}</form>`
      : ""
  }
</li>`,
  )}</ul>
</section>
${cell.canManage ? importCard(cell.id, csrfToken) : ""}`;
    return sendCellPage(request, reply, cell, { title: "Đảng viên", active: "members", flash: true, body });
  });

  // One invite: the code is shown once (only its hash is stored), ready to share or print.
  app.post("/cells/:cellId/members/:memberId/invite", async (request, reply) => {
    const cell = managedCellOf(request, param(request, "cellId"));
    const { scope } = signed(request);
    const invited = await inviteMember(useCaseDeps(deps), {
      unitId: cell.id,
      actorId: scope.member.id,
      memberId: param(request, "memberId"),
      via: "dashboard",
    });
    if (invited.kind === "refused") throw new HttpError(404);
    const { code, expiresAt, member } = invited;
    const bot = await deps.telegramBotUsername();
    return sendCellPage(request, reply, cell, {
      title: "Mã mời",
      active: "members",
      back: { href: cellPath(cell.id, "/members"), label: "Danh sách đảng viên" },
      body: html`<p class="noprint">Đồng chí gửi mã này cho ${member.fullName} (qua tin nhắn, hoặc in ra). Mã chỉ hiện một lần trên trang này.</p>
${inviteCards([{ fullName: member.fullName, code, expiresAt }], cell.timeZone, bot)}
<p class="noprint"><button type="button" data-print>In trang này</button></p>`,
    });
  });

  // Printable cards for everyone not yet linked.
  app.post("/cells/:cellId/members/invites", async (request, reply) => {
    const cell = managedCellOf(request, param(request, "cellId"));
    const { scope } = signed(request);
    const now = deps.now();
    const { invites } = await inviteUnlinkedMembers({ db, now }, { unitId: cell.id, actorId: scope.member.id, via: "dashboard" });
    const bot = await deps.telegramBotUsername();
    return sendCellPage(request, reply, cell, {
      title: "Mã mời để in",
      active: "members",
      back: { href: cellPath(cell.id, "/members"), label: "Danh sách đảng viên" },
      body: html`<p class="noprint">${invites.length} mã mời mới. Đồng chí in trang này, cắt theo từng ô và trao tận tay. Mã chỉ hiện một lần; mã cũ chưa dùng vẫn còn hiệu lực đến hạn.</p>
<p class="noprint"><button type="button" class="primary" data-print>In trang này</button></p>
${inviteCards(invites, cell.timeZone, bot)}`,
    });
  });

  app.get("/cells/:cellId/members/:memberId", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const year = yearOf(request, deps.now(), cell.timeZone);
    const nb = await memberNotebook(db, cell.id, param(request, "memberId"), year);
    if (!nb) throw new HttpError(404);
    const base = cellPath(cell.id, `/members/${nb.member.id}`);
    return sendCellPage(request, reply, cell, {
      title: `Sổ tự tu dưỡng — ${nb.member.fullName}`,
      active: "members",
      back: { href: cellPath(cell.id, "/members"), label: "Danh sách đảng viên" },
      body: html`<p class="muted">${nb.member.position ?? ""} · ${MEMBER_STATUS_LABELS[nb.member.status]} · năm ${year}
  <a href="${base}?year=${year - 1}">← năm ${year - 1}</a></p>
<p class="downloads"><a class="button" href="${base}/registration.docx?year=${year}">Bản đăng ký học tập và làm theo (DOCX)</a> <a class="button" href="${base}/notebook.docx?year=${year}">Sổ tự tu dưỡng (DOCX)</a> <a class="button" href="${base}/year-end.docx?year=${year}">Bản tự đánh giá cuối năm (DOCX)</a></p>
${notebookView(nb, year)}`,
    });
  });
}
