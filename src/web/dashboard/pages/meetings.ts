// The meeting calendar: upcoming meetings with move and cancel, a form to add one, and the recent
// past. Changes go through the meeting use cases, as in the chat and the CLI: the members are told
// at once and the flash says how many the bot reached.
import type { FastifyInstance } from "fastify";
import { html } from "../html.ts";
import { cellPath, csrfInput, fmtWhen } from "../layout.ts";
import { cellOf, counted, field, managedCellOf, onceOnly, param, signed, useCaseDeps, type DashboardDeps } from "../context.ts";
import { sendCellPage } from "../frame.ts";
import { upcomingMeetings } from "../../../db/meetings.ts";
import { addMeeting } from "../../../usecases/add-meeting.ts";
import { moveMeeting } from "../../../usecases/move-meeting.ts";
import { cancelMeeting } from "../../../usecases/cancel-meeting.ts";
import { recentMeetings } from "../../../db/dashboard-data.ts";
import { currentMeetingRule, originalStarts } from "../../../db/meeting-rules.ts";
import { ruleCard } from "./meeting-rule.ts";
import { formatDate, formatTime, parseDateTimeFields } from "../../../domain/dates.ts";
import { MEETING_KIND_LABELS } from "../../../messages/calendar.ts";
import { MEETING_STATUS_LABELS } from "../../../messages/dashboard.ts";
import type { MeetingKindValue } from "../../../domain/periods.ts";

const KINDS = Object.keys(MEETING_KIND_LABELS) as MeetingKindValue[];
const MAX_PLACE = 200;

/**
 * "05/12/2026", "05122026" (a numeric keypad) or "2026-12-05" (a date picker), and "14:00" or
 * "1400", in the unit's zone; null when not a real time.
 */
export function readDateTime(date: string, time: string, zone: string): Date | null {
  return parseDateTimeFields(date, time, zone);
}

export function registerMeetings(app: FastifyInstance, deps: DashboardDeps): void {
  const { db } = deps;

  app.get("/cells/:cellId/meetings", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const { csrfToken } = signed(request);
    const now = deps.now();
    const zone = cell.timeZone;
    const [upcoming, past, rule] = await Promise.all([
      upcomingMeetings(db, cell.id, now, 12),
      recentMeetings(db, cell.id, now, 8),
      currentMeetingRule(db, cell.id),
    ]);
    const movedFrom = await originalStarts(
      db,
      cell.id,
      [...upcoming, ...past].filter((m) => m.status === "MOVED").map((m) => m.id),
    );
    const body = html`
<section class="card">
  <h2>Sắp tới</h2>
  ${upcoming.length === 0 ? html`<p class="muted">Chưa có buổi sinh hoạt nào sắp tới.</p>` : ""}
  <ul class="meetings">${upcoming.map(
    (m) => html`<li class="meeting" id="mt-${m.id}">
  <div class="line"><b>${fmtWhen(m.startsAt, zone)}</b>${m.status === "MOVED" ? html` <span class="badge warn">${MEETING_STATUS_LABELS.MOVED}</span>` : ""}</div>
  ${movedFrom.has(m.id) ? html`<div class="muted moved-from">Lịch cũ: <s>${fmtWhen(movedFrom.get(m.id)!, zone)}</s></div>` : ""}
  <div>${MEETING_KIND_LABELS[m.kind]}</div>
  <div class="muted">Địa điểm: ${m.place ?? "chưa có"}</div>
  ${
    cell.canManage
      ? html`<details><summary>Dời buổi này</summary>
    <form method="post" action="${cellPath(cell.id, `/meetings/${m.id}/move`)}" class="stack">${csrfInput(csrfToken)}
      <div class="two"><label>Ngày mới <input name="date" type="text" inputmode="numeric" placeholder="ddmmyyyy" value="${formatDate(m.startsAt, zone)}" required></label>
      <label>Giờ <input name="time" type="text" inputmode="numeric" placeholder="14:00" value="${formatTime(m.startsAt, zone)}" required></label></div>
      <label>Địa điểm <input name="place" type="text" maxlength="${MAX_PLACE}" value="${m.place ?? ""}"></label>
      <button type="submit" class="primary">Dời lịch</button>
    </form></details>
    <details><summary>Hủy buổi này</summary>
    <form method="post" action="${cellPath(cell.id, `/meetings/${m.id}/cancel`)}" class="stack">${csrfInput(csrfToken)}
      <label>Lý do (không bắt buộc) <input name="reason" type="text" maxlength="${MAX_PLACE}"></label>
      <button type="submit" class="danger" data-confirm="Hủy buổi sinh hoạt ${fmtWhen(m.startsAt, zone)}?">Hủy buổi sinh hoạt</button>
    </form></details>`
      : ""
  }
</li>`,
  )}</ul>
</section>
${ruleCard({ cellId: cell.id, rule, canManage: cell.canManage, csrfToken })}
${
  cell.canManage
    ? html`<section class="card">
  <h2>Thêm buổi sinh hoạt</h2>
  <form method="post" action="${cellPath(cell.id, "/meetings")}" class="stack">${csrfInput(csrfToken)}
    <p class="muted">Gõ số liền cũng được: 07122026 là 07/12/2026, 0830 là 08:30.</p>
    <div class="two"><label>Ngày <input name="date" type="text" inputmode="numeric" placeholder="ddmmyyyy" required></label>
    <label>Giờ <input name="time" type="text" inputmode="numeric" placeholder="14:00" required></label></div>
    <label>Địa điểm <input name="place" type="text" maxlength="${MAX_PLACE}"></label>
    <label>Loại buổi <select name="kind">${KINDS.map((k) => html`<option value="${k}">${MEETING_KIND_LABELS[k]}</option>`)}</select></label>
    <button type="submit" class="primary">Thêm</button>
  </form>
</section>`
    : html`<p class="muted">Bí thư hoặc phó bí thư thêm, dời, hủy buổi sinh hoạt.</p>`
}
<section class="card">
  <h2>Gần đây</h2>
  ${
    past.length === 0
      ? html`<p class="muted">Chưa có.</p>`
      : html`<ul class="meetings">${past.map(
          (m) =>
            html`<li class="meeting past"><b>${fmtWhen(m.startsAt, zone)}</b> · ${MEETING_KIND_LABELS[m.kind]} <span class="badge">${m.status === "CANCELLED" ? MEETING_STATUS_LABELS.CANCELLED : m.startsAt <= now ? "Đã qua" : MEETING_STATUS_LABELS[m.status]}</span>${movedFrom.has(m.id) ? html`<div class="muted moved-from">Dời từ ${fmtWhen(movedFrom.get(m.id)!, zone)}</div>` : ""}${m.note ? html`<div class="muted">${m.note}</div>` : ""}</li>`,
        )}</ul>`
  }
</section>`;
    return sendCellPage(request, reply, cell, { title: "Lịch sinh hoạt", active: "meetings", flash: true, body });
  });

  app.post("/cells/:cellId/meetings", async (request, reply) => {
    const cell = managedCellOf(request, param(request, "cellId"));
    const actorId = signed(request).scope.member.id;
    const back = (flash: string) => reply.redirect(cellPath(cell.id, `/meetings?${flash}`), 303);
    const startsAt = readDateTime(field(request.body, "date"), field(request.body, "time"), cell.timeZone);
    if (!startsAt) return back("err=meeting-bad-time");
    if (startsAt.getTime() <= deps.now().getTime()) return back("err=meeting-past");
    const kindInput = field(request.body, "kind");
    const kind = (KINDS as string[]).includes(kindInput) ? (kindInput as MeetingKindValue) : "REGULAR";
    const place = field(request.body, "place").trim().slice(0, MAX_PLACE) || null;
    const location = await onceOnly(deps, request, cellPath(cell.id, "/meetings"), async () => {
      const result = await addMeeting(useCaseDeps(deps), { unitId: cell.id, startsAt, place, kind, actorId });
      if (result.kind === "refused") return cellPath(cell.id, "/meetings?err=meeting-past");
      return cellPath(cell.id, `/meetings?ok=meeting-added#mt-${result.meeting.id}`);
    });
    return reply.redirect(location, 303);
  });

  app.post("/cells/:cellId/meetings/:meetingId/move", async (request, reply) => {
    const cell = managedCellOf(request, param(request, "cellId"));
    const actorId = signed(request).scope.member.id;
    const meetingId = param(request, "meetingId");
    const back = (flash: string) => reply.redirect(cellPath(cell.id, `/meetings?${flash}#mt-${meetingId}`), 303);
    const startsAt = readDateTime(field(request.body, "date"), field(request.body, "time"), cell.timeZone);
    if (!startsAt) return back("err=meeting-bad-time");
    const place = field(request.body, "place").trim().slice(0, MAX_PLACE) || null;
    const result = await moveMeeting(useCaseDeps(deps), { unitId: cell.id, meetingId, startsAt, place, actorId });
    if (result.kind === "refused") {
      if (result.code === "not-found") return reply.callNotFound();
      return back(result.code === "past" ? "err=meeting-past" : result.code === "same" ? "err=meeting-same" : "err=meeting-gone");
    }
    return back(`ok=${counted("meeting-moved", result.report)}`);
  });

  app.post("/cells/:cellId/meetings/:meetingId/cancel", async (request, reply) => {
    const cell = managedCellOf(request, param(request, "cellId"));
    const actorId = signed(request).scope.member.id;
    const meetingId = param(request, "meetingId");
    const reason = field(request.body, "reason").trim().slice(0, MAX_PLACE) || null;
    const result = await cancelMeeting(useCaseDeps(deps), { unitId: cell.id, meetingId, actorId, reason });
    if (result.kind === "refused") {
      if (result.code === "not-found") return reply.callNotFound();
      return reply.redirect(cellPath(cell.id, "/meetings?err=meeting-gone"), 303);
    }
    return reply.redirect(cellPath(cell.id, `/meetings?ok=${counted("meeting-cancelled", result.report)}`), 303);
  });
}
