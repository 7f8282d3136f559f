// The cell's regular meeting day on the meetings page: what the rule is, and (secretary or deputy)
// the form that changes it through the changeMeetingRule use case.
import type { FastifyInstance } from "fastify";
import { html, type SafeHtml } from "../html.ts";
import { cellPath, csrfInput } from "../layout.ts";
import { field, managedCellOf, onceOnly, param, signed, useCaseDeps, type DashboardDeps } from "../context.ts";
import { changeMeetingRule } from "../../../usecases/change-meeting-rule.ts";
import { WEEKDAY_NAMES, formatClock, normalizeTimeField, parseTimeInput } from "../../../domain/dates.ts";
import { describeRule, validateRule } from "../../../domain/schedule.ts";

const MAX_PLACE = 200;
const NTH_OPTIONS: Array<[number, string]> = [
  [1, "đầu tiên"],
  [2, "thứ hai"],
  [3, "thứ ba"],
  [4, "thứ tư"],
  [-1, "cuối cùng"],
];

export interface RuleRow {
  kind: string;
  dayOfMonth: number | null;
  nth: number | null;
  weekday: number | null;
  time: string;
  place: string | null;
}

/** The rule card of the meetings page: the rule in words, and the form when the viewer may change it. */
export function ruleCard(o: { cellId: string; rule: RuleRow | null; canManage: boolean; csrfToken: string }): SafeHtml {
  const checked = o.rule ? validateRule(o.rule) : null;
  const r = o.rule;
  const byWeekday = r?.kind === "NTH_WEEKDAY";
  const sel = (on: boolean) => (on ? html` selected` : "");
  return html`<section class="card" id="rule">
  <h2>Lịch sinh hoạt định kỳ</h2>
  ${
    checked?.ok
      ? html`<p class="big">${describeRule(checked.rule)}</p>${r?.place ? html`<p class="muted">Địa điểm: ${r.place}</p>` : ""}`
      : html`<p class="muted">Chi bộ chưa có lịch định kỳ; các buổi sinh hoạt được thêm từng buổi.</p>`
  }
  ${
    o.canManage
      ? html`<details${checked?.ok ? "" : " open"}><summary>${checked?.ok ? "Đổi lịch định kỳ" : "Đặt lịch định kỳ"}</summary>
    <form method="post" action="${cellPath(o.cellId, "/meetings/rule")}" class="stack">${csrfInput(o.csrfToken)}
      <label>Họp theo <select name="kind">
        <option value="DAY_OF_MONTH"${sel(!byWeekday)}>Ngày trong tháng</option>
        <option value="NTH_WEEKDAY"${sel(byWeekday)}>Thứ trong tuần</option>
      </select></label>
      <fieldset class="rule-day"><legend>Nếu họp theo ngày</legend>
        <label>Ngày (1–31) <input name="dayOfMonth" type="text" inputmode="numeric" maxlength="2" value="${r?.dayOfMonth ?? ""}"></label>
      </fieldset>
      <fieldset class="rule-weekday"><legend>Nếu họp theo thứ</legend>
        <div class="two"><label>Thứ <select name="weekday">${Object.entries(WEEKDAY_NAMES).map(([n, name]) => html`<option value="${n}"${sel(r?.weekday === Number(n))}>${name}</option>`)}</select></label>
        <label>Lần trong tháng <select name="nth">${NTH_OPTIONS.map(([n, label]) => html`<option value="${n}"${sel(r?.nth === n)}>${label}</option>`)}</select></label></div>
      </fieldset>
      <label>Giờ <input name="time" type="text" inputmode="numeric" placeholder="14:00" value="${r?.time ?? ""}" required></label>
      <label>Địa điểm <input name="place" type="text" maxlength="${MAX_PLACE}" value="${r?.place ?? ""}"></label>
      <p class="muted">Các buổi sắp tới chưa dời, chưa hủy sẽ theo lịch mới.</p>
      <button type="submit" class="primary">Lưu lịch định kỳ</button>
    </form></details>`
      : ""
  }
</section>`;
}

export function registerMeetingRule(app: FastifyInstance, deps: DashboardDeps): void {
  app.post("/cells/:cellId/meetings/rule", async (request, reply) => {
    const cell = managedCellOf(request, param(request, "cellId"));
    const actorId = signed(request).scope.member.id;
    const back = (flash: string) => cellPath(cell.id, `/meetings?${flash}#rule`);
    const kind = field(request.body, "kind");
    if (kind !== "DAY_OF_MONTH" && kind !== "NTH_WEEKDAY") return reply.redirect(back("err=rule-bad-kind"), 303);
    const clock = parseTimeInput(normalizeTimeField(field(request.body, "time")));
    if (!clock) return reply.redirect(back("err=rule-bad-time"), 303);
    const number = (name: string) => (/^-?\d{1,2}$/.test(field(request.body, name).trim()) ? Number(field(request.body, name).trim()) : null);
    const rule =
      kind === "DAY_OF_MONTH"
        ? { kind, dayOfMonth: number("dayOfMonth"), time: formatClock(clock) }
        : { kind, nth: number("nth"), weekday: number("weekday"), time: formatClock(clock) };
    const place = field(request.body, "place").trim().slice(0, MAX_PLACE) || null;
    const location = await onceOnly(deps, request, cellPath(cell.id, "/meetings"), async () => {
      const result = await changeMeetingRule(useCaseDeps(deps), { unitId: cell.id, rule, place, actorId });
      if (result.kind === "done") return back("ok=rule-saved");
      if (result.code === "unchanged") return back("err=rule-unchanged");
      return back(kind === "DAY_OF_MONTH" ? "err=rule-bad-day" : "err=rule-bad-weekday");
    });
    return reply.redirect(location, 303);
  });
}
