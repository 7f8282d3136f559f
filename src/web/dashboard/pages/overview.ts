// A cell's overview: the next meeting, registration and assessment coverage (chart), the monthly
// trend of self-assessments, who cannot be reached, what is behind — and the downloads.
import type { FastifyInstance } from "fastify";
import { html, type SafeHtml } from "../html.ts";
import { cellPath, fmtWhen } from "../layout.ts";
import { coverageBars, trendChart } from "../charts.ts";
import { cellOf, param, type DashboardDeps } from "../context.ts";
import { sendCellPage } from "../frame.ts";
import { lastMonths, monthLabel } from "../notify.ts";
import { loadCellDigest } from "../../../db/digest-loader.ts";
import { activeMemberCounts, assessedByMonth } from "../../../db/dashboard-data.ts";
import { parsePeriod } from "../../../domain/periods.ts";
import { formatDate } from "../../../domain/dates.ts";
import { countWithPercent, percent } from "../../../domain/percent.ts";
import { MEETING_KIND_LABELS } from "../../../messages/calendar.ts";
import { CATEGORY_LABELS } from "../../../messages/committee.ts";

const names = (list: readonly string[], empty: string): SafeHtml =>
  list.length === 0 ? html`<p class="muted">${empty}</p>` : html`<ul class="names">${list.map((n) => html`<li>${n}</li>`)}</ul>`;

/** Who still owes something, by name: the chi ủy reads it without a click. */
const owing = (title: string, list: readonly string[], total: number, none: string, href: string): SafeHtml => html`<div class="owing">
  <h3><a href="${href}">${title}</a> <span class="count">${countWithPercent(list.length, total)}</span></h3>
  ${names(list, none)}
</div>`;

export function registerOverview(app: FastifyInstance, deps: DashboardDeps): void {
  const { db } = deps;

  app.get("/cells/:cellId", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const now = deps.now();
    const d = await loadCellDigest(db, cell.id, now);
    if (!d) return reply.callNotFound();
    const zone = cell.timeZone;
    const months = lastMonths(now, zone, 6);
    const [byMonth, active] = await Promise.all([assessedByMonth(db, [cell.id], months), activeMemberCounts(db, [cell.id])]);
    const activeCount = active.get(cell.id) ?? 0;
    const trend = months.map((m) => percent(byMonth.get(cell.id)?.get(m) ?? 0, activeCount));
    const periodLabel = parsePeriod(d.period)?.label ?? d.period;

    const body = html`
<div class="grid">
<section class="card">
  <h2>Buổi sinh hoạt tới</h2>
  ${
    d.meeting
      ? html`<p class="big">${fmtWhen(d.meeting.startsAt, zone)}</p>
      <p>${MEETING_KIND_LABELS[d.meeting.kind]}</p>
      <p class="muted">Địa điểm: ${d.meeting.place ?? "chưa có"}</p>`
      : html`<p class="muted">Chưa có buổi nào sắp tới.</p>`
  }
  <p><a href="${cellPath(cell.id, "/meetings")}">Xem và sửa lịch sinh hoạt →</a></p>
</section>
<section class="card">
  <h2>Tiến độ năm ${d.year}</h2>
  ${coverageBars(
    [
      { label: "Đã đăng ký", count: d.registered.count, total: d.registered.total },
      { label: `Tự đánh giá ${periodLabel}`, count: d.assessed.count, total: d.assessed.total },
    ],
    "Tỷ lệ đảng viên đã đăng ký và đã tự đánh giá",
  )}
  <p class="muted">${d.members.active} đảng viên đang sinh hoạt${d.members.exempt > 0 ? `, ${d.members.exempt} miễn sinh hoạt (không tính)` : ""}.</p>
</section>
</div>
<section class="card">
  <h2>Còn thiếu</h2>
  <div class="grid owing-grid">
  ${owing("Chưa đăng ký", d.registered.missing, d.registered.total, "Mọi đảng viên đã đăng ký.", cellPath(cell.id, "/registrations"))}
  ${owing(`Chưa tự đánh giá ${periodLabel}`, d.assessed.missing, d.assessed.total, "Mọi đảng viên đã tự đánh giá.", cellPath(cell.id, `/assessments?period=${d.period}`))}
  </div>
  ${d.members.exempt > 0 ? html`<p class="muted">Không tính ${d.members.exempt} đồng chí miễn sinh hoạt.</p>` : ""}
</section>
<section class="card">
  <h2>Tự đánh giá 6 tháng gần đây</h2>
  ${trendChart({ labels: months.map(monthLabel), series: [{ name: "Tỷ lệ đã tự đánh giá", values: trend }], title: "Tỷ lệ đảng viên đã tự đánh giá theo tháng" })}
</section>
<div class="grid">
<section class="card">
  <h2>Cần chi ủy quan tâm</h2>
  <ul class="stats">
    <li><a href="${cellPath(cell.id, "/registrations")}"><b>${d.returned.length}</b> bản đăng ký trả lại, chờ sửa</a>${d.returned.length > 0 ? html`<div class="muted">${d.returned.join(", ")}</div>` : ""}</li>
    <li><a href="${cellPath(cell.id, "/registrations")}"><b>${d.vagueKept.length}</b> nội dung chung chung giữ nguyên</a></li>
    <li><a href="${cellPath(cell.id, `/assessments?period=${d.period}`)}"><b>${d.awaitingReview.length}</b> bản tự đánh giá chờ nhận xét</a>${d.awaitingReview.length > 0 ? html`<div class="muted">${d.awaitingReview.map((a) => `${a.member} (${parsePeriod(a.period)?.label ?? a.period})`).join(", ")}</div>` : ""}</li>
    <li><b>${d.suggestedExemplars.length}</b> đề nghị biểu dương điển hình${d.suggestedExemplars.length > 0 ? html`<div class="muted">${d.suggestedExemplars.map((e) => e.member).join(", ")}</div>` : ""}</li>
  </ul>
</section>
<section class="card">
  <h2>Không liên lạc được qua bot</h2>
  ${names(d.unreachable, "Không có ai.")}
  <h3>Chưa kết nối Zalo/Telegram</h3>
  ${names(d.notLinked, "Mọi đảng viên đã kết nối.")}
  <p><a href="${cellPath(cell.id, "/members")}">Tạo mã mời liên kết →</a></p>
</section>
</div>
<section class="card">
  <h2>Nội dung chậm tiến độ</h2>
  ${
    d.behind.length === 0 && d.stale.length === 0
      ? html`<p class="muted">Không có nội dung nào chậm.</p>`
      : html`<ul class="items">${d.behind.map(
          (b) =>
            html`<li><b>${b.member}</b> — ${CATEGORY_LABELS[b.category]}: ${b.item} <span class="badge warn">Chậm từ ${parsePeriod(b.since)?.label ?? b.since}</span></li>`,
        )}${d.stale.map(
          (s) =>
            html`<li><b>${s.member}</b> — ${CATEGORY_LABELS[s.category]}: ${s.item} <span class="badge">Không tiến triển${s.lastProgressAt ? ` từ ${formatDate(s.lastProgressAt, zone)}` : ""}</span></li>`,
        )}</ul>`
  }
</section>
<section class="card">
  <h2>Tải về</h2>
  <ul class="downloads">
    <li><a class="button" href="${cellPath(cell.id, "/export/digest.xlsx")}">Báo cáo nhanh (XLSX)</a></li>
    <li><a class="button" href="${cellPath(cell.id, `/export/registrations.xlsx?year=${d.year}`)}">Bản đăng ký năm ${d.year} (XLSX)</a></li>
    <li><a class="button" href="${cellPath(cell.id, `/export/assessments.xlsx?year=${d.year}`)}">Tự đánh giá năm ${d.year} (XLSX)</a></li>
  </ul>
</section>`;
    return sendCellPage(request, reply, cell, { title: "Tổng quan", active: "overview", flash: true, body });
  });
}
