// Broadcasts (thông báo): the composer, past notices with their delivery counts, and one notice's
// status per recipient. The composer says how many the bot can reach before sending; sending goes
// through the broadcast use case (one Delivery per member, as /thongbao in the chat).
import type { FastifyInstance } from "fastify";
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
import { DELIVERY_STATUS_LABELS } from "../../../messages/dashboard.ts";
import { platformName } from "../../../messages/linking.ts";

export function registerBroadcasts(app: FastifyInstance, deps: DashboardDeps): void {
  const { db } = deps;

  app.get("/cells/:cellId/broadcasts", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const { csrfToken } = signed(request);
    const zone = cell.timeZone;
    const [list, reach] = await Promise.all([listBroadcasts(db, cell.id), previewBroadcast(deps.notifier, cell.id)]);
    const body = html`
${
  cell.canManage
    ? html`<section class="card">
  <h2>Soạn thông báo</h2>
  <p class="muted">Gửi tới ${reach.recipients} đảng viên của chi bộ: ${deliveryMsg.preview(reach)}</p>
  ${
    reach.notLinked > 0
      ? html`<p class="muted">Chưa liên kết: ${reach.unreachable
          .filter((m) => m.status !== "EXEMPT")
          .map((m) => m.fullName)
          .join(", ")}. Đồng chí báo trực tiếp, hoặc tạo mã mời ở trang Đảng viên.</p>`
      : ""
  }
  <form method="post" action="${cellPath(cell.id, "/broadcasts")}" class="stack">${csrfInput(csrfToken)}
    <label for="text">Nội dung</label>
    <textarea id="text" name="text" rows="5" maxlength="${MAX_BROADCAST_LENGTH}" required placeholder="Ví dụ: Chi bộ họp bất thường lúc 14:00 Thứ Sáu, 04/12/2026 tại hội trường."></textarea>
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
    return sendCellPage(request, reply, cell, { title: "Thông báo", active: "broadcasts", flash: true, body });
  });

  app.post("/cells/:cellId/broadcasts", async (request, reply) => {
    const cell = managedCellOf(request, param(request, "cellId"));
    const authorId = signed(request).scope.member.id;
    // ID numbers are not stored (nor sent) as typed, as in the chat.
    const text = maskSensitiveNumbers(field(request.body, "text").trim()).text;
    if (!text || text.length > MAX_BROADCAST_LENGTH) return reply.redirect(cellPath(cell.id, "/broadcasts?err=broadcast-empty"), 303);
    const location = await onceOnly(deps, request, cellPath(cell.id, "/broadcasts"), async () => {
      const result = await broadcast(useCaseDeps(deps), { unitId: cell.id, authorId, text, via: "dashboard" });
      if (result.kind === "refused") return cellPath(cell.id, "/broadcasts?err=broadcast-empty");
      return cellPath(cell.id, `/broadcasts/${result.broadcastId}?ok=${counted("broadcast-sent", result.report)}`);
    });
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
