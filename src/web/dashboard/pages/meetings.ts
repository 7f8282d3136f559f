// The meeting calendar: upcoming meetings with move and cancel, a form to add one, and the recent
// past. Changes go through src/db/meetings.ts (the Meeting row is what the planner re-plans from)
// and the members are told through src/db/meeting-notices.ts, as in the chat.
import type { FastifyInstance } from "fastify";
import { html } from "../html.ts";
import { cellPath, csrfInput, flashBox, fmtWhen, page } from "../layout.ts";
import { cellOf, field, managedCellOf, onceOnly, param, query, sendHtml, signed, type DashboardDeps } from "../context.ts";
import { notifyMember } from "../notify.ts";
import { cancelMeeting, createManualMeeting, moveMeeting, upcomingMeetings } from "../../../db/meetings.ts";
import { createMeetingNotices } from "../../../db/meeting-notices.ts";
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

  /**
   * Writes the notices (PENDING Delivery rows, as the chat does) and queues them at once; the rows
   * keep their own notBefore (quiet hours), and the planner would re-queue them anyway.
   */
  async function tell(meetingId: string, change: "moved" | "cancelled", previousStartsAt: Date, now: Date): Promise<void> {
    const rows = await createMeetingNotices(db, { meetingId, change, previousStartsAt, now, quietHours: deps.quietHours });
    const fresh = rows.filter((r) => r.created && r.status === "PENDING");
    if (fresh.length === 0) return;
    const unit = await db.meeting.findUnique({ where: { id: meetingId }, select: { unit: { select: { groupChatPlatform: true, groupChatId: true } } } });
    const group = unit?.unit.groupChatPlatform && unit.unit.groupChatId ? { platform: unit.unit.groupChatPlatform, chatId: unit.unit.groupChatId } : null;
    for (const row of fresh) {
      if (row.memberId) await notifyMember(deps, { purpose: row.purpose, dedupeKey: row.dedupeKey, memberId: row.memberId, message: row.message });
      else if (group) await notifyMember(deps, { purpose: row.purpose, dedupeKey: row.dedupeKey, message: row.message, group });
    }
  }

  app.get("/cells/:cellId/meetings", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const { scope, csrfToken } = signed(request);
    const now = deps.now();
    const zone = cell.timeZone;
    const [upcoming, past, rule] = await Promise.all([upcomingMeetings(db, cell.id, now, 12), recentMeetings(db, cell.id, now, 8), currentMeetingRule(db, cell.id)]);
    const movedFrom = await originalStarts(db, cell.id, [...upcoming, ...past].filter((m) => m.status === "MOVED").map((m) => m.id));
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
  ${cell.canManage
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
    : ""}
</li>`,
  )}</ul>
</section>
${ruleCard({ cellId: cell.id, rule, canManage: cell.canManage, csrfToken })}
${cell.canManage
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
  : html`<p class="muted">Bí thư hoặc phó bí thư thêm, dời, hủy buổi sinh hoạt.</p>`}
<section class="card">
  <h2>Gần đây</h2>
  ${past.length === 0 ? html`<p class="muted">Chưa có.</p>` : html`<ul class="meetings">${past.map(
    (m) => html`<li class="meeting past"><b>${fmtWhen(m.startsAt, zone)}</b> · ${MEETING_KIND_LABELS[m.kind]} <span class="badge">${m.status === "CANCELLED" ? MEETING_STATUS_LABELS.CANCELLED : m.startsAt <= now ? "Đã qua" : MEETING_STATUS_LABELS[m.status]}</span>${movedFrom.has(m.id) ? html`<div class="muted moved-from">Dời từ ${fmtWhen(movedFrom.get(m.id)!, zone)}</div>` : ""}${m.note ? html`<div class="muted">${m.note}</div>` : ""}</li>`,
  )}</ul>`}
</section>`;
    return sendHtml(reply, page({ title: "Lịch sinh hoạt", viewer: { fullName: scope.member.fullName, csrfToken }, cell: { id: cell.id, name: cell.name, active: "meetings" }, flash: flashBox(query(request, "ok"), query(request, "err")), body }));
  });

  app.post("/cells/:cellId/meetings", async (request, reply) => {
    const cell = managedCellOf(request, param(request, "cellId"));
    const actorId = signed(request).scope.member.id;
    const now = deps.now();
    const back = (flash: string) => reply.redirect(cellPath(cell.id, `/meetings?${flash}`), 303);
    const startsAt = readDateTime(field(request.body, "date"), field(request.body, "time"), cell.timeZone);
    if (!startsAt) return back("err=meeting-bad-time");
    if (startsAt.getTime() <= now.getTime()) return back("err=meeting-past");
    const kindInput = field(request.body, "kind");
    const kind = (KINDS as string[]).includes(kindInput) ? (kindInput as MeetingKindValue) : "REGULAR";
    const place = field(request.body, "place").trim().slice(0, MAX_PLACE) || null;
    const location = await onceOnly(deps, request, cellPath(cell.id, "/meetings"), async () => {
      const meeting = await createManualMeeting(db, { unitId: cell.id, startsAt, place, kind, actorId });
      return cellPath(cell.id, `/meetings?ok=meeting-added#mt-${meeting.id}`);
    });
    return reply.redirect(location, 303);
  });

  app.post("/cells/:cellId/meetings/:meetingId/move", async (request, reply) => {
    const cell = managedCellOf(request, param(request, "cellId"));
    const actorId = signed(request).scope.member.id;
    const now = deps.now();
    const meetingId = param(request, "meetingId");
    const back = (flash: string) => reply.redirect(cellPath(cell.id, `/meetings?${flash}#mt-${meetingId}`), 303);
    const startsAt = readDateTime(field(request.body, "date"), field(request.body, "time"), cell.timeZone);
    if (!startsAt) return back("err=meeting-bad-time");
    const current = await db.meeting.findFirst({ where: { id: meetingId, unitId: cell.id }, select: { startsAt: true, place: true } });
    if (!current) return reply.callNotFound();
    const place = field(request.body, "place").trim().slice(0, MAX_PLACE) || null;
    if (current.startsAt.getTime() === startsAt.getTime() && (current.place ?? null) === place) return back("err=meeting-same");
    const result = await moveMeeting(db, { unitId: cell.id, meetingId, startsAt, place, actorId, now });
    if (!result.ok) return back(result.reason === "PAST" ? "err=meeting-past" : "err=meeting-gone");
    await tell(meetingId, "moved", result.previousStartsAt, now);
    return back("ok=meeting-moved");
  });

  app.post("/cells/:cellId/meetings/:meetingId/cancel", async (request, reply) => {
    const cell = managedCellOf(request, param(request, "cellId"));
    const actorId = signed(request).scope.member.id;
    const now = deps.now();
    const meetingId = param(request, "meetingId");
    const reason = field(request.body, "reason").trim().slice(0, MAX_PLACE) || null;
    const exists = await db.meeting.findFirst({ where: { id: meetingId, unitId: cell.id }, select: { id: true } });
    if (!exists) return reply.callNotFound();
    const result = await cancelMeeting(db, { unitId: cell.id, meetingId, actorId, now, reason });
    if (!result.ok) return reply.redirect(cellPath(cell.id, "/meetings?err=meeting-gone"), 303);
    await tell(meetingId, "cancelled", result.previousStartsAt, now);
    return reply.redirect(cellPath(cell.id, "/meetings?ok=meeting-cancelled"), 303);
  });
}
