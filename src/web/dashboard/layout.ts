// The page shell shared by every dashboard page: head, header with the member's name and the
// logout button, the cell's navigation, the notice after an action, and small form helpers.
import { randomBytes } from "node:crypto";
import { html, type SafeHtml } from "./html.ts";
import { FLASH, FLASH_COUNTED } from "../../messages/dashboard.ts";
import { formatDate, formatTime, formatWeekdayDate } from "../../domain/dates.ts";
import { percent } from "../../domain/percent.ts";
import { DASHBOARD_PATH } from "../../config.ts";

export const BASE = DASHBOARD_PATH;
export const ASSET_VERSION = "1";

export interface Viewer {
  fullName: string;
  csrfToken: string;
}

export interface CellNav {
  id: string;
  name: string;
  active: "overview" | "members" | "registrations" | "assessments" | "meetings" | "digests" | "broadcasts" | "other";
}

export const cellPath = (cellId: string, rest = "") => `${BASE}/cells/${encodeURIComponent(cellId)}${rest}`;
export const committeePath = (committeeId: string, rest = "") => `${BASE}/committees/${encodeURIComponent(committeeId)}${rest}`;

const NAV: Array<[CellNav["active"], string, string]> = [
  ["overview", "Tổng quan", ""],
  ["members", "Đảng viên", "/members"],
  ["registrations", "Đăng ký", "/registrations"],
  ["assessments", "Tự đánh giá", "/assessments"],
  ["meetings", "Lịch sinh hoạt", "/meetings"],
  ["digests", "Báo cáo", "/digests"],
  ["broadcasts", "Thông báo", "/broadcasts"],
];

/** The session's CSRF token, and a fresh one-time value that lets a route notice a form sent twice. */
export function csrfInput(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}"><input type="hidden" name="_once" value="${randomBytes(16).toString("base64url")}">`;
}

export function flashBox(ok?: string, err?: string): SafeHtml {
  const parts: SafeHtml[] = [];
  for (const key of [ok, err]) {
    // "key.N.M": a fixed text with the numbers of members reached and not reached (never text from the URL).
    const c = key ? /^([a-z-]+)\.(\d{1,6})\.(\d{1,6})$/.exec(key) : null;
    const f = c ? FLASH_COUNTED[c[1]!]?.(Number(c[2]), Number(c[3])) : key ? FLASH[key] : undefined;
    if (f) parts.push(html`<p class="flash ${f.kind}" role="status">${f.text}</p>`);
  }
  return html`${parts}`;
}

export function page(o: {
  title: string;
  viewer?: Viewer | null;
  cell?: CellNav;
  back?: { href: string; label: string };
  body: SafeHtml | SafeHtml[];
  flash?: SafeHtml;
}): string {
  const nav = o.cell
    ? html`<nav class="tabs" aria-label="Mục của chi bộ">${NAV.map(
        ([key, label, rest]) =>
          html`<a href="${cellPath(o.cell!.id, rest)}"${key === o.cell!.active ? html` aria-current="page" class="on"` : ""}>${label}</a>`,
      )}</nav>`
    : "";
  const user = o.viewer
    ? html`<div class="who"><span>${o.viewer.fullName}</span>
        <form method="post" action="${BASE}/logout">${csrfInput(o.viewer.csrfToken)}<button class="link" type="submit">Đăng xuất</button></form></div>`
    : "";
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Trang quản lý chi bộ</title>
<link rel="stylesheet" href="${BASE}/static/style.css?v=${ASSET_VERSION}">
<script src="${BASE}/static/app.js?v=${ASSET_VERSION}" defer></script>
</head>
<body>
<header class="top"><a class="brand" href="${BASE}">Trang quản lý chi bộ</a>${user}</header>
${o.cell ? html`<div class="unit-name">${o.cell.name}</div>` : ""}
${nav}
<main>
${o.back ? html`<p class="back"><a href="${o.back.href}">← ${o.back.label}</a></p>` : ""}
<h1>${o.title}</h1>
${o.flash ?? ""}
${o.body}
</main>
</body>
</html>`.value;
}

// Formatting in the unit's zone.
export const fmtDate = (d: Date | null | undefined, zone: string) => (d ? formatDate(d, zone) : "");
export const fmtWhen = (d: Date, zone: string) => `${formatWeekdayDate(d, zone)}, ${formatTime(d, zone)}`;
export const pct = (count: number, total: number) => percent(count, total) ?? 0;
