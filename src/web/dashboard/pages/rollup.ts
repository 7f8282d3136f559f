// The higher committee's roll-up: totals, a table row per cell (numbers only, never a member's
// name), the trend of self-assessment coverage over the last 12 months, and the XLSX download.
import type { FastifyInstance } from "fastify";
import { html } from "../html.ts";
import { committeePath, flashBox, page } from "../layout.ts";
import { trendChart, type Series } from "../charts.ts";
import { committeeOf, param, query, sendHtml, signed, type DashboardDeps } from "../context.ts";
import { lastMonths, monthLabel } from "../notify.ts";
import { loadRollup } from "../../../db/digest-loader.ts";
import { activeMemberCounts, assessedByMonth } from "../../../db/dashboard-data.ts";
import { formatDate } from "../../../domain/dates.ts";
import { parsePeriod } from "../../../domain/periods.ts";
import { countWithPercent, percent } from "../../../domain/percent.ts";
import type { CellCoverage } from "../../../domain/digest/index.ts";

const MAX_LINES = 6;
/** Months in the per-cell table, newest first: what fits a laptop screen without scrolling. */
const TABLE_MONTHS = 6;
const pctOf = percent;
const fmtPct = (v: number | null) => (v === null ? "—" : `${v}%`);
const num = (n: number) => n.toLocaleString("vi-VN");
const lagLabel = (c: CellCoverage) =>
  c.lagging
    ? html`<span class="badge warn">Chậm${c.laggingOn.includes("REGISTRATION") ? " đăng ký" : ""}${c.laggingOn.length === 2 ? "," : ""}${c.laggingOn.includes("ASSESSMENT") ? " tự đánh giá" : ""}</span>`
    : html`<span class="badge ok">Đạt</span>`;

export function registerRollup(app: FastifyInstance, deps: DashboardDeps): void {
  const { db } = deps;

  app.get("/committees/:committeeId", async (request, reply) => {
    const committee = committeeOf(request, param(request, "committeeId"));
    const { scope, csrfToken } = signed(request);
    const now = deps.now();
    const rollup = await loadRollup(db, committee.id, now);
    if (!rollup) return reply.callNotFound();
    const zone = committee.timeZone;
    const months = lastMonths(now, zone, 12);
    const cellIds = rollup.cells.map((c) => c.unitId);
    const [byMonth, active] = await Promise.all([assessedByMonth(db, cellIds, months), activeMemberCounts(db, cellIds)]);
    const totalActive = [...active.values()].reduce((a, b) => a + b, 0);
    const perCell = rollup.cells.map((c) => ({
      cell: c,
      values: months.map((m) => pctOf(byMonth.get(c.unitId)?.get(m) ?? 0, active.get(c.unitId) ?? 0)),
    }));
    const total: Series = {
      name: "Toàn đảng bộ",
      values: months.map((m) =>
        pctOf(
          rollup.cells.reduce((n, c) => n + (byMonth.get(c.unitId)?.get(m) ?? 0), 0),
          totalActive,
        ),
      ),
    };
    // Few cells: a line each; many: the total and the cells lowest this month.
    const shown =
      perCell.length <= MAX_LINES
        ? perCell
        : [...perCell].sort((a, b) => (a.values[a.values.length - 1] ?? 101) - (b.values[b.values.length - 1] ?? 101)).slice(0, MAX_LINES - 1);
    const series: Series[] = [total, ...shown.map((s) => ({ name: s.cell.unitName, values: s.values }))];
    const t = rollup.totals;

    // The table and the cards show the newest months first; the chart reads left to right in time.
    const recent = months
      .map((m, i) => ({ m, i }))
      .slice(-TABLE_MONTHS)
      .reverse();
    const periodOf = (c: CellCoverage) => parsePeriod(c.period)?.label ?? c.period;

    const body = html`
<section class="card">
  <ul class="totals">
    <li><b>${num(t.cells)}</b><span>chi bộ</span></li>
    <li><b>${num(t.laggingCells)}</b><span>chi bộ chậm</span></li>
    <li><b>${num(t.activeMembers)}</b><span>đảng viên</span></li>
    <li><b>${countWithPercent(t.registered, t.activeMembers)}</b><span>đã đăng ký</span></li>
    <li><b>${countWithPercent(t.assessed, t.activeMembers)}</b><span>đã tự đánh giá</span></li>
    <li><b>${num(t.collectiveItems)}</b><span>việc tập thể</span></li>
    <li><b>${num(t.individualItems)}</b><span>việc cá nhân</span></li>
    <li><b>${num(t.exemplars)}</b><span>điển hình cá nhân</span></li>
  </ul>
  <p class="muted">Chi bộ chậm: dưới ${rollup.thresholds.minRegisteredPct}% đăng ký hoặc dưới ${rollup.thresholds.minAssessedPct}% tự đánh giá. Số liệu ngày ${formatDate(now, zone)}.</p>
  <p><a class="button" href="${committeePath(committee.id, "/export/rollup.xlsx")}">Tải tổng hợp (XLSX)</a></p>
</section>
<section class="card">
  <h2>Tỷ lệ tự đánh giá 12 tháng</h2>
  ${trendChart({ labels: months.map(monthLabel), series, title: "Tỷ lệ đảng viên đã tự đánh giá theo tháng", emphasizeFirst: true })}
  ${perCell.length > MAX_LINES ? html`<p class="muted">Biểu đồ vẽ toàn đảng bộ và ${shown.length} chi bộ thấp nhất tháng này; bảng dưới có đủ các chi bộ.</p>` : ""}
</section>
<section class="card">
  <h2>Từng chi bộ</h2>
  <ul class="cells phone-only">${perCell.map(
    (s) => html`<li class="cell-card${s.cell.lagging ? " lag" : ""}">
  <div class="line"><b>${s.cell.unitName}</b> ${lagLabel(s.cell)}</div>
  <dl class="facts">
    <dt>Đảng viên</dt><dd>${s.cell.activeMembers}</dd>
    <dt>Đã đăng ký</dt><dd>${countWithPercent(s.cell.registered, s.cell.activeMembers)}</dd>
    <dt>Tự đánh giá ${periodOf(s.cell)}</dt><dd>${countWithPercent(s.cell.assessed, s.cell.activeMembers)}</dd>
  </dl>
  <p class="muted">Tự đánh giá theo tháng: ${recent.map(({ m, i }) => `${monthLabel(m)} ${fmtPct(s.values[i] ?? null)}`).join(" · ")}</p>
</li>`,
  )}</ul>
  <div class="table-wrap wide-only"><table class="rollup">
  <thead><tr><th>Chi bộ</th><th>Kỳ</th><th class="n">Đảng viên</th><th class="n">Đã đăng ký</th><th class="n">Đã tự đánh giá</th><th>Tình trạng</th></tr></thead>
  <tbody>${rollup.cells.map(
    (c) =>
      html`<tr${c.lagging ? html` class="lag"` : ""}><td>${c.unitName}</td><td>${periodOf(c)}</td><td class="n">${c.activeMembers}</td><td class="n">${countWithPercent(c.registered, c.activeMembers)}</td><td class="n">${countWithPercent(c.assessed, c.activeMembers)}</td><td>${lagLabel(c)}</td></tr>`,
  )}</tbody></table></div>
</section>
<section class="card wide-only">
  <h2>Tỷ lệ tự đánh giá ${TABLE_MONTHS} tháng gần nhất, từng chi bộ</h2>
  <div class="table-wrap"><table class="months">
  <thead><tr><th>Chi bộ</th>${recent.map(({ m }) => html`<th class="n">${monthLabel(m)}</th>`)}</tr></thead>
  <tbody><tr class="total"><td>Toàn đảng bộ</td>${recent.map(({ i }) => html`<td class="n">${fmtPct(total.values[i] ?? null)}</td>`)}</tr>${perCell.map(
    (s) => html`<tr><td>${s.cell.unitName}</td>${recent.map(({ i }) => html`<td class="n">${fmtPct(s.values[i] ?? null)}</td>`)}</tr>`,
  )}</tbody></table></div>
  <p class="muted">Tháng mới nhất ở cột đầu. Mẫu số là số đảng viên đang sinh hoạt hiện nay của chi bộ.</p>
</section>`;
    return sendHtml(
      reply,
      page({ title: committee.name, viewer: { fullName: scope.member.fullName, csrfToken }, flash: flashBox(query(request, "ok")), body }),
    );
  });
}
