// Digest history: what the bot sent the chi ủy before each meeting (the Delivery rows of purpose
// "digest"), with who received it, and today's digest as it would read now.
import type { FastifyInstance } from "fastify";
import { html } from "../html.ts";
import { cellPath, fmtDate, fmtWhen } from "../layout.ts";
import { cellOf, param, type DashboardDeps } from "../context.ts";
import { sendCellPage } from "../frame.ts";
import { digestHistory } from "../../../db/dashboard-data.ts";
import { loadCellDigest } from "../../../db/digest-loader.ts";
import { renderCellDigest } from "../../../messages/digest.ts";
import { DELIVERY_STATUS_LABELS } from "../../../messages/dashboard.ts";

export function registerDigests(app: FastifyInstance, deps: DashboardDeps): void {
  const { db } = deps;
  app.get("/cells/:cellId/digests", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const now = deps.now();
    const zone = cell.timeZone;
    const [history, current] = await Promise.all([digestHistory(db, cell.id), loadCellDigest(db, cell.id, now)]);
    const body = html`
<section class="card">
  <h2>Báo cáo nhanh hôm nay</h2>
  <details><summary>Xem nội dung</summary><pre class="digest">${current ? renderCellDigest(current, { limit: 100_000 }) : ""}</pre></details>
  <p><a class="button" href="${cellPath(cell.id, "/export/digest.xlsx")}">Tải báo cáo đầy đủ (XLSX)</a></p>
</section>
<section class="card">
  <h2>Đã gửi trước các buổi sinh hoạt</h2>
  ${
    history.length === 0
      ? html`<p class="muted">Bot chưa gửi báo cáo nào. Báo cáo được gửi cho chi ủy trước mỗi buổi sinh hoạt.</p>`
      : html`<ul class="history">${history.map(
          (h) => html`<li>
  <div class="line"><b>${h.meetingStartsAt ? `Buổi ${fmtWhen(h.meetingStartsAt, zone)}` : "Buổi sinh hoạt"}</b> <span class="muted">· gửi ngày ${fmtDate(h.createdAt, zone)}</span></div>
  <div class="muted">${h.recipients.map((r) => `${r.fullName} (${DELIVERY_STATUS_LABELS[r.status] ?? r.status})`).join(", ")}</div>
  <details><summary>Xem nội dung</summary><pre class="digest">${h.text}</pre></details>
</li>`,
        )}</ul>`
  }
</section>`;
    return sendCellPage(request, reply, cell, { title: "Báo cáo trước buổi sinh hoạt", active: "digests", body });
  });
}
