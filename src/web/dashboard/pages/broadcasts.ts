// Broadcasts (thông báo): the composer, past notices with their delivery counts, and one notice's
// status per recipient. The composer says how many the bot can reach before sending (the sender is
// not a recipient) and carries the preview's stamp; sending goes through the broadcast use case (one
// Delivery per member, as /thongbao in the chat), which refuses when the cell changed since.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { html } from "../html.ts";
import { cellPath, csrfInput, flashBox, fmtDate, page } from "../layout.ts";
import { cellOf, counted, field, HttpError, managedCellOf, onceOnly, param, query, sendHtml, signed, useCaseDeps, type DashboardDeps } from "../context.ts";
import { sendCellPage } from "../frame.ts";
import { broadcast, previewBroadcast } from "../../../usecases/broadcast.ts";
import { deliveryMsg } from "../../../messages/delivery.ts";
import { broadcastDetail, listBroadcasts } from "../../../db/dashboard-data.ts";
import { formatTime } from "../../../domain/dates.ts";
import { MAX_BROADCAST_LENGTH } from "../../../messages/committee.ts";
import { maskSensitiveNumbers } from "../../../domain/sensitive.ts";
import { DELIVERY_STATUS_LABELS, dashboardMsg } from "../../../messages/dashboard.ts";
import { platformName } from "../../../messages/linking.ts";

export function registerBroadcasts(app: FastifyInstance, deps: DashboardDeps): void {
  const { db } = deps;

  /**
   * The composer and the list. After a send the use case refused (the cell changed since this page
   * was read, or nobody can be reached) the page comes back with the typed text and why, the counts
   * read again: nothing was sent.
   */
  async function sendComposer(request: FastifyRequest, reply: FastifyReply, cell: ReturnType<typeof cellOf>, kept?: { text: string; why: string }) {
    const { csrfToken, scope } = signed(request);
    const zone = cell.timeZone;
    const [list, reach] = await Promise.all([listBroadcasts(db, cell.id), previewBroadcast(deps.notifier, cell.id, scope.member.id)]);
    const body = html`
${
  cell.canManage
    ? html`<section class="card">
  <h2>Soạn thông báo</h2>
  ${kept ? html`<p class="flash error" role="status">${kept.why}</p>` : ""}
  <p class="muted">Gửi tới ${reach.recipients} đảng viên của chi bộ (không kể đồng chí): ${deliveryMsg.preview(reach)}</p>
  ${reach.missing.length > 0 ? html`<p class="muted">${deliveryMsg.misses(reach.missing, "dashboard").join(" ")}</p>` : ""}
  <form method="post" action="${cellPath(cell.id, "/broadcasts")}" class="stack">${csrfInput(csrfToken)}
    <input type="hidden" name="audience" value="${reach.stamp}">
    <label for="text">Nội dung</label>
    <textarea id="text" name="text" rows="5" maxlength="${MAX_BROADCAST_LENGTH}" required placeholder="Ví dụ: Chi bộ họp bất thường lúc 14:00 Thứ Sáu, 04/12/2026 tại hội trường.">${kept?.text ?? ""}</textarea>
    <button type="submit" class="primary" data-confirm="Gửi thông báo này tới cả chi bộ?">Gửi thông báo</button>
  </form>
</section>`
    : html`<p class="muted">Bí thư hoặc phó bí thư gửi thông báo chung.</p>`
}
<section class="card">
  <h2>Đã gửi</h2>
  ${
    list.length === 0
      ? html`<p class="muted">Chưa có thông báo nào.</p>`
      : html`<ul class="history">${list.map(
          (
            b,
          ) => html`<li><a href="${cellPath(cell.id, `/broadcasts/${b.id}`)}"><b>${fmtDate(b.createdAt, zone)} ${formatTime(b.createdAt, zone)}</b></a> <span class="muted">· ${b.author.fullName}</span>
  <div class="clip">${b.text}</div>
  <div class="counts"><span class="badge ok">${b.sent} đã gửi</span> <span class="badge">${b.pending} đang chờ</span> ${b.failed > 0 ? html`<span class="badge warn">${b.failed} lỗi</span> ` : ""}${b.skipped > 0 ? html`<span class="badge warn">${b.skipped} chưa liên kết</span>` : ""}</div></li>`,
        )}</ul>`
  }
</section>`;
    return sendCellPage(request, reply, cell, { title: "Thông báo", active: "broadcasts", flash: true, body, ...(kept ? { status: 409 } : {}) });
  }

  app.get("/cells/:cellId/broadcasts", async (request, reply) => sendComposer(request, reply, cellOf(request, param(request, "cellId"))));

  app.post("/cells/:cellId/broadcasts", async (request, reply) => {
    const cell = managedCellOf(request, param(request, "cellId"));
    const authorId = signed(request).scope.member.id;
    // ID numbers are not stored (nor sent) as typed, as in the chat.
    const text = maskSensitiveNumbers(field(request.body, "text").trim()).text;
    const expected = field(request.body, "audience");
    if (!text || text.length > MAX_BROADCAST_LENGTH) return reply.redirect(cellPath(cell.id, "/broadcasts?err=broadcast-empty"), 303);
    let kept: { text: string; why: string } | undefined;
    const location = await onceOnly(deps, request, cellPath(cell.id, "/broadcasts"), async () => {
      const result = await broadcast(useCaseDeps(deps), { unitId: cell.id, authorId, text, via: "dashboard", ...(expected ? { expected } : {}) });
      if (result.kind === "done") {
        return cellPath(
          cell.id,
          `/broadcasts/${result.broadcastId}?ok=${counted("broadcast-sent", { reachable: result.report.reachable, unreachable: result.missing })}`,
        );
      }
      if (result.code === "audience-changed" || result.code === "nobody-reachable") {
        kept = { text, why: `${result.reason} ${dashboardMsg.checkAndSendAgain()}` };
        return cellPath(cell.id, "/broadcasts");
      }
      return cellPath(cell.id, "/broadcasts?err=broadcast-empty");
    });
    if (kept) return sendComposer(request, reply, cell, kept);
    return reply.redirect(location, 303);
  });

  app.get("/cells/:cellId/broadcasts/:broadcastId", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const { scope, csrfToken } = signed(request);
    const detail = await broadcastDetail(db, cell.id, param(request, "broadcastId"));
    if (!detail) throw new HttpError(404);
    const zone = cell.timeZone;
    const { broadcast, deliveries } = detail;
    const body = html`
<section class="card">
  <p class="muted">${fmtDate(broadcast.createdAt, zone)} ${formatTime(broadcast.createdAt, zone)} · ${broadcast.author.fullName}</p>
  <pre class="digest">${broadcast.text}</pre>
</section>
<section class="card">
  <h2>Trạng thái từng người (${deliveries.length})</h2>
  <div class="table-wrap"><table class="status">
  <thead><tr><th>Họ và tên</th><th>Kênh</th><th>Trạng thái</th></tr></thead>
  <tbody>${deliveries.map(
    (d) =>
      html`<tr><td>${d.member?.fullName ?? ""}</td><td>${d.platform ? platformName(d.platform) : "—"}</td><td><span class="badge d-${d.status}">${DELIVERY_STATUS_LABELS[d.status] ?? d.status}</span>${d.sentAt ? html` <span class="muted">${formatTime(d.sentAt, zone)}</span>` : ""}</td></tr>`,
  )}</tbody></table></div>
  <p class="muted">Trang không tự cập nhật: đồng chí tải lại trang để xem trạng thái mới.</p>
</section>`;
    return sendHtml(
      reply,
      page({
        title: "Thông báo đã gửi",
        viewer: { fullName: scope.member.fullName, csrfToken },
        cell: { id: cell.id, name: cell.name, active: "broadcasts" },
        back: { href: cellPath(cell.id, "/broadcasts"), label: "Các thông báo" },
        flash: flashBox(query(request, "ok")),
        body,
      }),
    );
  });
}
